import { jstat } from '../lazy-packages.js';
import { COMPARE_METRICS, type CompareMetric, type RunNumbers } from './run-numbers.js';
import { sweepMetric } from './sweep-numbers.js';

/** The p-value under which a Welch t-test calls a difference real. */
export const WELCH_ALPHA = 0.05;
/**
 * A failure rate is near zero in a healthy run, where any relative change is
 * huge: it must also rise by this much (absolute, 0.1 percentage point).
 */
const FAILURE_RATE_FLOOR = 0.001;

/** The verdict on one metric. */
export type Verdict = 'regression' | 'improvement' | 'same';

export interface MetricComparison {
  id: string;
  label: string;
  better: CompareMetric['better'];
  unit: string;
  /** Means over the repeats of each side. */
  current: number;
  baseline: number;
  /** (current − baseline) / baseline; null when the baseline is 0. */
  change: number | null;
  /** Welch's two-sided p-value, with ≥ 2 repeats on each side. */
  p?: number;
  verdict: Verdict;
}

export interface Comparison {
  /** 'noise' (one run a side: the fixed band) or 'welch' (repeats: Welch's t-test, p < 0.05). */
  method: 'noise' | 'welch';
  /** The noise band, a fraction (0.05 = 5 %). */
  noise: number;
  current: string[];
  baseline: string[];
  metrics: MetricComparison[];
  regressions: string[];
}

/**
 * Compares the current run(s) with the baseline run(s). With one run a side, a
 * metric regressed when it is worse by more than `noise` (relative). With
 * repeats on both sides, when its mean is worse by more than `noise` AND a
 * Welch t-test says the difference is real (p < 0.05): a difference the runs'
 * own spread explains is not a regression, however large.
 */
export function compareRuns(current: readonly RunNumbers[], baseline: readonly RunNumbers[], opts: { noise: number; metrics?: readonly string[] }): Comparison {
  const welch = current.length >= 2 && baseline.length >= 2;
  const wanted = metricsOf([...current, ...baseline]).filter((m) => !opts.metrics || opts.metrics.includes(m.id) || opts.metrics.includes(m.id.split('@')[0]!));
  const metrics: MetricComparison[] = [];
  for (const m of wanted) {
    const cur = current.map((r) => r.values[m.id]).filter((v): v is number => v !== undefined);
    const base = baseline.map((r) => r.values[m.id]).filter((v): v is number => v !== undefined);
    if (cur.length === 0 || base.length === 0) continue;
    const c = mean(cur);
    const b = mean(base);
    const change = b === 0 ? null : (c - b) / Math.abs(b);
    const worse = m.better === 'lower' ? c - b : b - c;
    const p = welch && cur.length >= 2 && base.length >= 2 ? welchP(cur, base) : undefined;
    const beyondNoise =
      m.id === 'failure_rate' ? worse > Math.max(FAILURE_RATE_FLOOR, opts.noise * Math.abs(b)) : worse > opts.noise * Math.abs(b) && worse > 0;
    const better = m.id === 'failure_rate' ? -worse > Math.max(FAILURE_RATE_FLOOR, opts.noise * Math.abs(b)) : -worse > opts.noise * Math.abs(b) && worse < 0;
    const real = p === undefined || p < WELCH_ALPHA;
    const verdict: Verdict = beyondNoise && real ? 'regression' : better && real ? 'improvement' : 'same';
    metrics.push({ id: m.id, label: m.label, better: m.better, unit: m.unit, current: c, baseline: b, change, ...(p !== undefined && { p }), verdict });
  }
  return {
    method: welch ? 'welch' : 'noise',
    noise: opts.noise,
    current: current.map((r) => r.file),
    baseline: baseline.map((r) => r.file),
    metrics,
    regressions: metrics.filter((m) => m.verdict === 'regression').map((m) => m.id),
  };
}

/** The metrics the runs have, in table order: a run's, then a sweep's result, then its steps by load value. */
function metricsOf(runs: readonly RunNumbers[]): CompareMetric[] {
  const ids = new Set(runs.flatMap((r) => Object.keys(r.values)));
  const known = COMPARE_METRICS.filter((m) => ids.has(m.id));
  const sweep = [...ids]
    .filter((id) => !COMPARE_METRICS.some((m) => m.id === id))
    .map((id) => sweepMetric(id))
    .filter((m): m is CompareMetric => m !== undefined);
  const loadOf = (id: string) => (id.includes('@') ? Number(id.slice(id.lastIndexOf('@') + 1)) : -Infinity);
  sweep.sort((a, b) => loadOf(a.id) - loadOf(b.id));
  return [...known, ...sweep];
}

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

function variance(xs: readonly number[], m: number): number {
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
}

/** Welch's unequal-variances t-test, two-sided p-value (Welch–Satterthwaite degrees of freedom). */
export function welchP(a: readonly number[], b: readonly number[]): number {
  const ma = mean(a);
  const mb = mean(b);
  const qa = variance(a, ma) / a.length;
  const qb = variance(b, mb) / b.length;
  if (qa + qb === 0) return ma === mb ? 1 : 0;
  const t = (ma - mb) / Math.sqrt(qa + qb);
  const dof = (qa + qb) ** 2 / (qa ** 2 / (a.length - 1) + qb ** 2 / (b.length - 1));
  return 2 * jstat().studentt.cdf(-Math.abs(t), dof);
}
