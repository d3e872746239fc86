/**
 * `llmload run --repeat N`: the same test N times in a row, then the spread
 * of each headline metric over the repeats (mean, stddev, 95 % t-interval),
 * because one run on a shared machine hides its noise.
 */
import type { MetricLookup } from '../metric-lookup.js';
import type { RunOutcome } from '../run.js';
import { spreadOf, type Spread } from './stats.js';

/** Headline metrics of one run: name → [metric, statistic]; a name ending in `(%)` shows a rate as a percentage. */
const HEADLINE: ReadonlyArray<readonly [name: string, metric: string, stat: string]> = [
  ['req/s', 'llm_reqs', 'rate'],
  ['output tok/s', 'llm_output_tokens_total', 'rate'],
  ['TTFT p50 (ms)', 'llm_ttft', 'p(50)'],
  ['TTFT p95 (ms)', 'llm_ttft', 'p(95)'],
  ['TTFT p99 (ms)', 'llm_ttft', 'p(99)'],
  ['TPOT p95 (ms)', 'llm_tpot', 'p(95)'],
  ['E2E p95 (ms)', 'llm_e2e', 'p(95)'],
  ['failed (%)', 'llm_req_failed', 'rate'],
  // A plain-HTTP script's (k6's headline numbers), shown when it made such requests.
  ['http req/s', 'http_reqs', 'rate'],
  ['http p95 (ms)', 'http_req_duration', 'p(95)'],
  ['http failed (%)', 'http_req_failed', 'rate'],
  ['iterations/s', 'iterations', 'rate'],
];

/** Each headline metric's values over the runs that measured it. */
export function headlineValues(lookups: ReadonlyArray<MetricLookup | undefined>): Array<{ name: string; values: number[] }> {
  return HEADLINE.map(([name, metric, stat]) => {
    const values: number[] = [];
    for (const lookup of lookups) {
      const view = lookup?.(metric);
      if (!view?.measured) continue;
      const v = view.values([stat])[stat];
      if (v !== undefined && Number.isFinite(v)) values.push(name.endsWith('(%)') ? v * 100 : v);
    }
    return { name, values };
  }).filter((h) => h.values.length > 0);
}

/** The repeats' table: one line per headline metric. */
export function renderRepeats(outcomes: readonly RunOutcome[]): string {
  const rows = headlineValues(outcomes.map((o) => o.metric)).map((h) => ({ name: h.name, s: spreadOf(h.values) }));
  const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3));
  const width = Math.max(6, ...rows.map((r) => r.name.length));
  const lines = [`repeats: ${outcomes.length} runs; mean ± stddev [95 % t-interval of the mean]`];
  for (const { name, s } of rows) lines.push(`  ${name.padEnd(width)}  ${f(s.mean)} ± ${f(s.stddev)} [${f(s.ci95[0])}, ${f(s.ci95[1])}] (n=${s.n})`);
  return lines.join('\n') + '\n';
}

export type { Spread };
