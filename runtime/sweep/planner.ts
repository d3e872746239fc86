/**
 * Which load values a sweep measures, decided from the results so far. Pure:
 * no timers, no I/O; run-sweep.ts asks for the next step after each one, so
 * a resumed sweep replays its recorded steps through the same functions.
 */

/** `n` evenly spaced values from `a` to `b`, both included (numpy's linspace). */
export function linspace(a: number, b: number, n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [a];
  return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
}

/**
 * GuideLLM's rates after its synchronous and throughput steps:
 * `linspace(rSync, rThr, steps − 1)[1:]`, i.e. `steps − 2` rates ending at the
 * throughput rate. With rSync 1, rThr 9 and 10 steps: 2, 3, …, 9.
 */
export function guidellmRates(rSync: number, rThr: number, steps: number): number[] {
  return linspace(rSync, rThr, steps - 1).slice(1);
}

/** One measured step, as the search sees it. */
export interface SearchPoint {
  value: number;
  pass: boolean;
}

/** slo-search settings. */
export interface SearchSettings {
  /** [first value, highest value]. */
  range: readonly [number, number];
  /** Bisection stops once first failing − max passing ≤ precision. */
  precision: number;
  /** No more steps than this, the confirmation included. */
  maxSteps: number;
  /** Values are whole numbers (VUs); rates may be fractional. */
  integer: boolean;
  /** Re-measure the max passing value once at the end (default true): a noisy or non-monotone server shows. */
  confirm: boolean;
}

/** Two steps that contradict a monotone server: `passed` held its SLOs although `failed` (≤ it) did not. */
export interface Contradiction {
  passed: number;
  failed: number;
}

/** What the search concluded. */
export interface SearchOutcome {
  /** The highest value that passed, with every tested value at or below it passing; undefined when the first failed. */
  maxPassing: number | undefined;
  /** The lowest value that failed; undefined when the whole range passed. */
  firstFailing: number | undefined;
  /** Why the search stopped. */
  reason: 'converged' | 'range-exhausted' | 'first-failed' | 'max-steps';
  contradictions: Contradiction[];
}

/** The next value to measure, or the outcome when the search is over. */
export type SearchNext = { value: number; confirm?: boolean } | { done: SearchOutcome };

/**
 * slo-search: doubling from range[0] until the first failing step (capped at
 * range[1]), then bisection between the last pass and the first failure down
 * to `precision` or `maxSteps`, then (optionally) one confirmation of the max
 * passing value. The bracket is recomputed from all points every time, so a
 * point that contradicts another (a non-monotone or noisy server) lowers the
 * answer to what held consistently and is reported.
 */
export function nextSearchStep(s: SearchSettings, points: readonly SearchPoint[]): SearchNext {
  const [lo0, hi0] = s.range;
  const bracket = bracketOf(points);
  const done = (reason: SearchOutcome['reason']): SearchNext => ({ done: { ...bracket, reason, contradictions: contradictions(points) } });
  if (points.length === 0) return { value: lo0 };
  // The confirmation is the one step that measures a value again.
  const confirmed = points.slice(0, -1).some((p) => p.value === points.at(-1)!.value);
  const afterConfirm = (reason: SearchOutcome['reason']): SearchNext => {
    if (!s.confirm || confirmed || bracket.maxPassing === undefined || points.length >= s.maxSteps) return done(reason);
    if (contradictions(points).length > 0) return done(reason);
    return { value: bracket.maxPassing, confirm: true };
  };
  if (confirmed) return done(reasonBefore(s, points.slice(0, -1)));
  if (bracket.maxPassing === undefined) return done('first-failed');
  if (bracket.firstFailing === undefined) {
    // Still doubling.
    if (bracket.maxPassing >= hi0) return afterConfirm('range-exhausted');
    if (points.length >= s.maxSteps) return done('max-steps');
    return { value: Math.min(hi0, bracket.maxPassing * 2) };
  }
  const gap = bracket.firstFailing - bracket.maxPassing;
  if (gap <= s.precision) return afterConfirm('converged');
  let mid = bracket.maxPassing + gap / 2;
  if (s.integer) mid = Math.floor(mid);
  if (mid <= bracket.maxPassing || mid >= bracket.firstFailing) return afterConfirm('converged');
  if (points.length >= s.maxSteps) return done('max-steps');
  return { value: mid };
}

/** The reason the search had before its confirmation step. */
function reasonBefore(s: SearchSettings, points: readonly SearchPoint[]): SearchOutcome['reason'] {
  const next = nextSearchStep({ ...s, confirm: false }, points);
  return 'done' in next ? next.done.reason : 'converged';
}

/**
 * The bracket the points support: the lowest failure, and the highest pass
 * below it such that nothing at or below it ever failed.
 */
export function bracketOf(points: readonly SearchPoint[]): { maxPassing: number | undefined; firstFailing: number | undefined } {
  let firstFailing: number | undefined;
  for (const p of points) if (!p.pass && (firstFailing === undefined || p.value < firstFailing)) firstFailing = p.value;
  let maxPassing: number | undefined;
  for (const p of points) {
    if (!p.pass || (firstFailing !== undefined && p.value >= firstFailing)) continue;
    if (maxPassing === undefined || p.value > maxPassing) maxPassing = p.value;
  }
  return { maxPassing, firstFailing };
}

/** Every pair of points where a value passed although a value at or below it failed. */
export function contradictions(points: readonly SearchPoint[]): Contradiction[] {
  const out: Contradiction[] = [];
  for (const p of points) {
    if (!p.pass) continue;
    for (const f of points) {
      if (f.pass || f.value > p.value) continue;
      if (!out.some((c) => c.passed === p.value && c.failed === f.value)) out.push({ passed: p.value, failed: f.value });
    }
  }
  return out;
}

/** `list` mode: the values in ascending order, without repeats. */
export function listPlan(values: readonly number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
