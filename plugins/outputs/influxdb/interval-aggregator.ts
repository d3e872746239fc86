import type { Sample, Tags } from 'llmload/plugin';

/** Statistics of one series over one push interval. */
export interface IntervalStats {
  count: number;
  mean: number;
  min: number;
  max: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
}

/**
 * Collects the samples of one metric (ITL: one per stream chunk, the bulk of
 * the volume) per series and push interval, and hands back one aggregate per
 * series instead of every sample. Series are keyed by `seriesKey`, which
 * leaves out per-sample tags (vu, iter, url), so they merge.
 */
export class IntervalAggregator {
  private groups = new Map<string, { tags: Tags; values: number[] }>();

  constructor(private readonly seriesKey: (tags: Tags) => string) {}

  add(s: Sample): void {
    if (!Number.isFinite(s.value)) return;
    const key = this.seriesKey(s.tags);
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { tags: s.tags, values: [] }));
    g.values.push(s.value);
  }

  /** The interval's aggregates, one per series; starts a new interval. */
  take(): Array<{ tags: Tags; stats: IntervalStats }> {
    const out: Array<{ tags: Tags; stats: IntervalStats }> = [];
    for (const { tags, values } of this.groups.values()) out.push({ tags, stats: summarize(values) });
    this.groups = new Map();
    return out;
  }
}

/** count/mean/min/max and percentiles by linear interpolation (NumPy's default, as AIPerf). */
export function summarize(values: number[]): IntervalStats {
  const v = Float64Array.from(values).sort();
  let sum = 0;
  for (const x of v) sum += x;
  return {
    count: v.length,
    mean: sum / v.length,
    min: v[0],
    max: v[v.length - 1],
    p50: percentile(v, 50),
    p90: percentile(v, 90),
    p95: percentile(v, 95),
    p99: percentile(v, 99),
  };
}

function percentile(sorted: Float64Array, p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}
