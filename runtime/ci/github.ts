import { appendFile } from 'node:fs/promises';
import type { RunMessage } from '../api/types.js';
import type { TextSink } from '../console.js';
import type { SourceLocation } from '../plugin-api/output.js';
import type { SummarySection } from '../summary/sections.js';
import type { ThresholdResult } from '../thresholds/thresholds.js';
import { comparisonMarkdown } from '../compare/format.js';
import type { Comparison } from '../compare/compare.js';
import { COMMENT_MARKER } from '../compare/format.js';
import { headline, thresholdsMarkdown } from './markdown.js';

/** Dropped iterations above this share of the scheduled ones earn a warning. */
const DROPPED_WARN = 0.01;

/** Which CI llmload reports to: `--ci github|none`, or GitHub when `GITHUB_ACTIONS=true`. */
export function ciKind(flag: string | undefined, env: Record<string, string | undefined>): 'github' | 'none' {
  if (flag === 'github' || flag === 'none') return flag;
  return env.GITHUB_ACTIONS === 'true' ? 'github' : 'none';
}

/** What the end of a run tells GitHub Actions. */
export interface GithubReport {
  exitCode: number;
  testid: string;
  summary: Record<string, unknown>;
  thresholds: readonly ThresholdResult[];
  locate(metric: string, expression: string): SourceLocation | undefined;
  sections: readonly SummarySection[];
  messages: readonly RunMessage[];
  comparison?: Comparison;
}

/**
 * GitHub Actions workflow commands: one `::error` per failed threshold (at its
 * line in the script when the source map knows it), `::warning`s for dropped
 * iterations above 1 %, unreachable telemetry and dropped output points; a
 * markdown summary appended to `$GITHUB_STEP_SUMMARY`; `exit_code`, `testid`
 * and headline numbers in `$GITHUB_OUTPUT`.
 */
export async function reportToGithub(r: GithubReport, stdout: TextSink, env: Record<string, string | undefined>): Promise<void> {
  const lines: string[] = [];
  for (const t of r.thresholds) {
    if (t.ok) continue;
    const at = r.locate(t.metric, t.threshold);
    const props = [at && `file=${escapeProperty(at.file)}`, at && `line=${at.line}`, `title=${escapeProperty(`threshold ${t.metric}`)}`]
      .filter(Boolean)
      .join(',');
    const observed = t.empty ? 'the metric got no samples' : `observed ${t.aggregation}=${formatObserved(t.observed)}`;
    lines.push(`::error ${props}::${escapeData(`threshold '${t.threshold}' on ${t.metric} failed: ${observed}`)}`);
  }
  for (const w of warnings(r)) lines.push(`::warning title=llmload::${escapeData(w)}`);
  if (lines.length > 0) stdout.write(`${lines.join('\n')}\n`);

  if (env.GITHUB_STEP_SUMMARY) {
    const parts = [COMMENT_MARKER, `### llmload run ${r.testid}`, '', headline(r.summary), '', thresholdsMarkdown(r.thresholds)];
    if (r.comparison) parts.push('', comparisonMarkdown(r.comparison).replace(`${COMMENT_MARKER}\n`, ''));
    await appendFile(env.GITHUB_STEP_SUMMARY, `${parts.join('\n')}\n`);
  }
  if (env.GITHUB_OUTPUT) {
    const outs: Record<string, string> = { exit_code: String(r.exitCode), testid: r.testid, ...headlineOutputs(r.summary) };
    if (r.comparison) outs.regressions = String(r.comparison.regressions.length);
    await appendFile(
      env.GITHUB_OUTPUT,
      Object.entries(outs)
        .map(([k, v]) => `${k}=${v}\n`)
        .join(''),
    );
  }
}

function warnings(r: GithubReport): string[] {
  const out: string[] = [];
  const metrics = (r.summary.metrics ?? {}) as Record<string, { values: Record<string, number> }>;
  const dropped = metrics.dropped_iterations?.values.count ?? 0;
  const done = metrics.iterations?.values.count ?? 0;
  if (dropped > 0 && dropped / (dropped + done) > DROPPED_WARN) {
    out.push(
      `${dropped} iterations were dropped (${((dropped / (dropped + done)) * 100).toFixed(1)}% of those scheduled): the load was not what the script asked for`,
    );
  }
  for (const m of r.messages) if (m.level === 'warn' && m.message.startsWith('telemetry ')) out.push(m.message);
  for (const s of r.sections) {
    for (const row of s.rows) {
      if (/dropped/i.test(row.label) && /points/i.test(row.label) && !/^0\b/.test(row.value)) out.push(`${s.title}: ${row.label} ${row.value}`);
    }
  }
  return out;
}

function headlineOutputs(summary: Record<string, unknown>): Record<string, string> {
  const llm = summary.llm as
    | { ttft?: { p95: number }; e2e?: { p95: number }; requests?: number; failed?: number; cancelled?: number; output_token_throughput?: number }
    | undefined;
  const out: Record<string, string> = {};
  if (!llm?.requests) return out;
  if (llm.ttft) out.ttft_p95_ms = String(llm.ttft.p95);
  if (llm.e2e) out.e2e_p95_ms = String(llm.e2e.p95);
  out.requests = String(llm.requests);
  const judged = llm.requests - (llm.cancelled ?? 0); // cancelled: neither ok nor failed, as in the summary
  if (judged > 0) out.failure_rate = String((llm.failed ?? 0) / judged);
  if (llm.output_token_throughput !== undefined) out.output_tok_s = String(llm.output_token_throughput);
  return out;
}

function formatObserved(v: number | undefined): string {
  return v === undefined ? 'n/a' : String(Number(v.toPrecision(6)));
}

// GitHub's escaping of workflow command data and properties.
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
