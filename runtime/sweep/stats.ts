/**
 * Small statistics the sweep needs: a least-squares slope with its standard
 * error, Student's t quantile, mean/stddev and a 95 % t-interval. Pure.
 */

/** Two-sided 95 % quantiles of Student's t (t_{0.975, df}) for df 1..30. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069,
  2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t_{0.975, df}: tabulated up to 30, then the Cornish–Fisher expansion around the normal quantile (error < 1e-3). */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  const z = 1.959964;
  const z3 = z ** 3;
  const z5 = z ** 5;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df);
}

/** Least-squares line through (x, y): slope, its standard error, and n. */
export function linearSlope(xs: readonly number[], ys: readonly number[]): { slope: number; stderr: number; n: number } {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return { slope: 0, stderr: Number.POSITIVE_INFINITY, n };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  if (sxx === 0) return { slope: 0, stderr: Number.POSITIVE_INFINITY, n };
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - my - slope * (xs[i]! - mx)) ** 2;
  return { slope, stderr: Math.sqrt(sse / (n - 2) / sxx), n };
}

/** Mean, sample standard deviation and the 95 % t-interval of the mean. */
export interface Spread {
  n: number;
  mean: number;
  stddev: number;
  /** [low, high]; equal to the mean when n = 1 (no spread measured). */
  ci95: [number, number];
}

export function spreadOf(values: readonly number[]): Spread {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, stddev: Number.NaN, ci95: [Number.NaN, Number.NaN] };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { n, mean, stddev: 0, ci95: [mean, mean] };
  const stddev = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const half = (tQuantile975(n - 1) * stddev) / Math.sqrt(n);
  return { n, mean, stddev, ci95: [mean - half, mean + half] };
}
