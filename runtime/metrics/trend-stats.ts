/**
 * Trend statistics as k6 names them in `summaryTrendStats` and thresholds:
 * `avg`, `min`, `med`, `max`, `count`, `sum`, and `p(N)` with 0 ≤ N ≤ 100.
 */
export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

const NAMED = new Set(['avg', 'min', 'med', 'max', 'count', 'sum']);
const PERCENTILE = /^p\(\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*\)$/;

/** The percentile N of `p(N)` (as a number), or undefined when `stat` is not a percentile. */
export function percentileOf(stat: string): number | undefined {
  const m = PERCENTILE.exec(stat);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 100 ? n : undefined;
}

export function isTrendStat(stat: string): boolean {
  return NAMED.has(stat) || percentileOf(stat) !== undefined;
}

/**
 * Checks a `summaryTrendStats` list; returns an error message naming the first
 * bad entry, or undefined when every entry is valid.
 */
export function checkTrendStats(stats: readonly unknown[]): string | undefined {
  for (const s of stats) {
    if (typeof s !== 'string' || !isTrendStat(s)) {
      return `unknown trend stat ${JSON.stringify(s)} (expected avg, min, med, max, count, sum or p(N) with 0 <= N <= 100)`;
    }
  }
  return undefined;
}
