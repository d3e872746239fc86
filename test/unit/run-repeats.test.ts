import { describe, expect, it } from 'vitest';
import type { MetricLookup } from '../../runtime/metric-lookup.js';
import { headlineValues } from '../../runtime/sweep/run-repeats.js';

/** A run's metric lookup from `metric → { stat: value }`. */
function lookup(metrics: Record<string, Record<string, number>>): MetricLookup {
  return ((key: string) => {
    const m = metrics[key];
    return m && { measured: true, values: (stats: string[]) => Object.fromEntries(stats.map((s) => [s, m[s]])) };
  }) as unknown as MetricLookup;
}

describe('--repeat headline values', () => {
  it("a plain-HTTP script's runs get k6's headline numbers (rates of failures as percentages), not an empty table", () => {
    const runs = [
      lookup({ http_reqs: { rate: 100 }, http_req_duration: { 'p(95)': 12 }, http_req_failed: { rate: 0.02 }, iterations: { rate: 50 } }),
      lookup({ http_reqs: { rate: 110 }, http_req_duration: { 'p(95)': 14 }, http_req_failed: { rate: 0 }, iterations: { rate: 55 } }),
    ];
    expect(headlineValues(runs)).toEqual([
      { name: 'http req/s', values: [100, 110] },
      { name: 'http p95 (ms)', values: [12, 14] },
      { name: 'http failed (%)', values: [2, 0] },
      { name: 'iterations/s', values: [50, 55] },
    ]);
  });

  it("an LLM script's runs keep the LLM rows first, and a metric a run did not measure is left out", () => {
    const rows = headlineValues([lookup({ llm_reqs: { rate: 3 }, llm_req_failed: { rate: 0.5 }, iterations: { rate: 3 } }), undefined]);
    expect(rows.map((r) => r.name)).toEqual(['req/s', 'failed (%)', 'iterations/s']);
    expect(rows[1]!.values).toEqual([50]);
  });
});
