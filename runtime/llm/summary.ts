import { humanizeDuration, percent, toFixedNoTrailingZeros } from '../summary/format.js';
import type { SectionContext, SummarySection } from '../summary/sections.js';
import { errorHint } from './error-hints.js';
import { describeSlos, type Slos } from './goodput.js';
import { describeTokenDiff, tokenDiffExport } from './token-diff.js';
import type { LlmRunStats } from './run-stats.js';

const PERCENTILES = ['p(50)', 'p(90)', 'p(95)', 'p(99)'] as const;
const STATS = ['avg', ...PERCENTILES, 'count'];

/** Latency rows: label, metric, export key. */
const LATENCIES: ReadonlyArray<readonly [string, string, string]> = [
  ['TTFT', 'llm_ttft', 'ttft'],
  ['TTFT content', 'llm_ttft_content', 'ttft_content'],
  ['ITL', 'llm_itl', 'itl'],
  ['TPOT', 'llm_tpot', 'tpot'],
  ['E2E', 'llm_e2e', 'e2e'],
  ['TTFT from intended start', 'llm_ttft_intended', 'ttft_intended'],
  ['E2E from intended start', 'llm_e2e_intended', 'e2e_intended'],
];

const fixed = (v: number, d = 2) => toFixedNoTrailingZeros(v, d);

/**
 * The LLM block of the end-of-test summary and `--summary-export` (key
 * `llm`): TTFT, ITL, TPOT, E2E at p50/p90/p95/p99 (all requests' samples,
 * not `summaryTrendStats`), request and token throughput over the benchmark
 * window (first request start → last response end, as AIPerf), retries,
 * goodput and failures by error type, each with what to do about it.
 * Nothing when the run made no LLM request.
 */
export function llmSection(stats: LlmRunStats, slos: Slos | undefined, ctx: SectionContext): SummarySection | undefined {
  if (stats.requests === 0) return undefined;
  const rows: Array<{ label: string; value: string }> = [];
  const values: Record<string, unknown> = {};
  for (const [label, metric, key] of LATENCIES) {
    if (metric === 'llm_ttft_content' && !stats.reasoning) continue;
    const v = ctx.trendValues?.(metric, STATS);
    if (!v?.count) continue;
    rows.push({ label, value: PERCENTILES.map((p) => `p${p.slice(2, -1)}=${humanizeDuration(v[p] ?? NaN)}`).join(' ') });
    values[key] = Object.fromEntries([['avg', v.avg], ...PERCENTILES.map((p) => [`p${p.slice(2, -1)}`, v[p]]), ['count', v.count]]);
  }

  const windowS = stats.windowMs() / 1000;
  const perS = (n: number) => (windowS > 0 ? n / windowS : 0);
  // Cancelled requests are neither ok nor failed: shares of failure and goodput are of the others.
  const failed = stats.requests - stats.ok - stats.cancelled;
  const share = (n: number) => (stats.judged > 0 ? n / stats.judged : 0);
  const cancelled = stats.cancelled > 0 ? `, ${stats.cancelled} cancelled (${percent(stats.cancelled / stats.requests)})` : '';
  rows.push({
    label: 'requests',
    value: `${stats.ok} ok, ${failed} failed (${percent(share(failed))})${cancelled}, ${fixed(perS(stats.ok))}/s over ${humanizeDuration(stats.windowMs())}`,
  });
  if (stats.retries > 0) {
    rows.push({
      label: 'retries',
      value: `${stats.retries} requests sent again on a new connection (the server had closed the kept-alive one; llm_req_retries)`,
    });
  }
  rows.push({ label: 'output tokens', value: `${stats.outputTokens}, ${fixed(perS(stats.outputTokens))}/s` });
  rows.push({ label: 'prompt tokens', value: `${stats.promptTokens}, ${fixed(perS(stats.promptTokens))}/s` });
  if (stats.tokenDiff.compared > 0) {
    rows.push({ label: 'token check', value: describeTokenDiff(stats.tokenDiff) });
    values.token_check = tokenDiffExport(stats.tokenDiff);
  }
  Object.assign(values, {
    requests: stats.requests,
    ok: stats.ok,
    failed,
    cancelled: stats.cancelled,
    retries: stats.retries,
    window_ms: stats.windowMs(),
    request_throughput: perS(stats.ok),
    output_tokens: stats.outputTokens,
    output_token_throughput: perS(stats.outputTokens),
    prompt_tokens: stats.promptTokens,
    prompt_token_throughput: perS(stats.promptTokens),
  });
  if (slos) {
    rows.push({
      label: 'goodput',
      value: `${percent(share(stats.good))} of requests, ${fixed(perS(stats.good))} good req/s (${describeSlos(slos)})`,
    });
    values.goodput = { good: stats.good, rate: share(stats.good), throughput: perS(stats.good), slos: Object.fromEntries(slos) };
  }
  if (stats.errors.size > 0) {
    const byType = [...stats.errors].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    rows.push({ label: 'errors', value: byType.map(([t, n]) => `${t}=${n}`).join(', ') });
    // One line per type: what to do about it.
    for (const [t] of byType) {
      const hint = errorHint(t);
      if (hint) rows.push({ label: `  ${t}`, value: hint });
    }
  }
  values.errors = Object.fromEntries(stats.errors);
  return { title: 'LLM latency and throughput', rows, export: { key: 'llm', values } };
}
