import type { GroupSummary } from '../metrics/groups.js';
import type { RunOutcome } from '../run.js';
import type { CheckOutcome, LatencyStats, LlmResult, RunError, RunMessage, RunResult, RunSummary, ThresholdOutcome } from './types.js';

/** A run's outcome as run() resolves it: data, plus the non-enumerable `metric()` lookup. */
export function toRunResult(outcome: RunOutcome, messages: readonly RunMessage[]): RunResult {
  const summary = outcome.summary as RunSummary | undefined;
  const thresholds: ThresholdOutcome[] = (outcome.thresholds?.results ?? []).map((r) => ({
    metric: r.metric,
    expression: r.threshold,
    ok: r.ok,
    observed: r.observed,
    empty: r.empty,
  }));
  const result = {
    exitCode: outcome.exitCode,
    ok: outcome.exitCode === 0,
    testid: outcome.testid,
    thresholds,
    checks: summary ? checksOf(summary.root_group) : [],
    summary,
    llm: summary ? llmResultOf(summary.llm) : undefined,
    error: errorOf(outcome),
    messages: [...messages],
  } as Omit<RunResult, 'metric'> as RunResult;
  const lookup = outcome.metric;
  Object.defineProperty(result, 'metric', {
    enumerable: false,
    value: (key: string) => {
      if (typeof key !== 'string') throw new TypeError('result.metric(key): key must be a metric name, e.g. "llm_ttft"');
      return lookup?.(key);
    },
  });
  return result;
}

/** Every exit code but 0 and 99 has a reason; 99's are in `thresholds`. */
function errorOf(o: RunOutcome): RunError | undefined {
  if (o.failure) return { code: o.failure.code, message: o.failure.message };
  if (o.stopped?.kind === 'signal') return { code: 'ERR_SIGNAL', message: `the test was stopped early by ${o.stopped.signal}` };
  if (o.stopped?.kind === 'abort') return { code: 'ERR_SCRIPT_ABORTED', message: `test aborted by the script: ${o.stopped.reason}` };
  return undefined;
}

/** The group tree's checks, depth first (a group's own checks before its subgroups'). */
function checksOf(group: GroupSummary): CheckOutcome[] {
  return [...group.checks.map(({ name, path, passes, fails }) => ({ name, path, passes, fails })), ...group.groups.flatMap(checksOf)];
}

/** The summary's `llm` block (snake_case, as --summary-export writes it) → typed camelCase numbers. */
export function llmResultOf(block: unknown): LlmResult | undefined {
  if (!isRecord(block)) return undefined;
  const n = (k: string) => (typeof block[k] === 'number' ? (block[k] as number) : 0);
  const latencies: Array<[keyof LlmResult, string]> = [
    ['ttft', 'ttft'],
    ['ttftContent', 'ttft_content'],
    ['itl', 'itl'],
    ['tpot', 'tpot'],
    ['e2e', 'e2e'],
    ['ttftIntended', 'ttft_intended'],
    ['e2eIntended', 'e2e_intended'],
  ];
  const out: LlmResult = {
    requests: n('requests'),
    ok: n('ok'),
    failed: n('failed'),
    cancelled: n('cancelled'),
    windowMs: n('window_ms'),
    requestThroughput: n('request_throughput'),
    outputTokens: n('output_tokens'),
    outputTokenThroughput: n('output_token_throughput'),
    promptTokens: n('prompt_tokens'),
    promptTokenThroughput: n('prompt_token_throughput'),
    errors: isRecord(block.errors) ? ({ ...block.errors } as Record<string, number>) : {},
  };
  for (const [key, from] of latencies) {
    const stats = latencyOf(block[from]);
    if (stats) (out as unknown as Record<string, unknown>)[key] = stats;
  }
  const g = block.goodput;
  if (isRecord(g)) out.goodput = { good: Number(g.good ?? 0), rate: Number(g.rate ?? 0), throughput: Number(g.throughput ?? 0) };
  return out;
}

function latencyOf(v: unknown): LatencyStats | undefined {
  if (!isRecord(v)) return undefined;
  const n = (k: string) => (typeof v[k] === 'number' ? (v[k] as number) : NaN);
  return { avg: n('avg'), p50: n('p50'), p90: n('p90'), p95: n('p95'), p99: n('p99'), count: n('count') };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
