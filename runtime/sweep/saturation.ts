/**
 * Whether a step overloaded the server (or the load generator): a pure
 * function of the step's counts and time series, so it is tested on
 * synthetic series.
 */
import { linearSlope, tQuantile975 } from './stats.js';

/** A time series: `t` in ms (any origin), `v` the values. */
export interface Series {
  t: readonly number[];
  v: readonly number[];
}

/** What a step measured that saturation is judged on. */
export interface SaturationInput {
  /** Arrival-rate steps: iterations due in the step and those dropped (no free VU). */
  scheduled?: number;
  dropped?: number;
  /** Arrival-rate steps: the rate asked for and the rate achieved (req/s). */
  requestedRate?: number;
  achievedRate?: number;
  /** Requests in flight over the step (llm_in_flight samples). */
  inFlight: Series;
  /** TTFT of each request against its end time. */
  ttft: Series;
}

/** The detector's verdict: saturated when any reason holds. */
export interface SaturationVerdict {
  saturated: boolean;
  /** One line per rule that fired, e.g. `dropped 3.2 % of iterations (> 1 %)`. */
  reasons: string[];
}

/** Dropped iterations above this share of those scheduled. */
export const DROPPED_LIMIT = 0.01;
/** Achieved rate below this share of the requested rate. */
export const ACHIEVED_LIMIT = 0.9;
/** A series grows when its fitted rise over the judged half is at least this share of its mean. */
export const GROWTH_LIMIT = 0.25;

/**
 * Three rules, any one suffices: dropped iterations above 1 % of those
 * scheduled; achieved rate below 0.9 × requested; in-flight requests and TTFT
 * both still growing over the step. "Growing" is GuideLLM's over-saturation
 * test made explicit, on the second half of the step (the first holds the
 * pipeline fill of a step without warm-up): the least-squares slope's 95 %
 * lower confidence bound is above zero, the fitted rise over that half is
 * at least 25 % of the series' mean (a significant but small slope is not
 * growth), and of four equal slices of that half the first has the lowest
 * mean and the last the highest (a bump that went away is not growth).
 */
export function detectSaturation(input: SaturationInput): SaturationVerdict {
  const reasons: string[] = [];
  const { scheduled, dropped, requestedRate, achievedRate } = input;
  if (scheduled !== undefined && dropped !== undefined && scheduled > 0 && dropped / scheduled > DROPPED_LIMIT) {
    reasons.push(`dropped ${pct(dropped / scheduled)} of ${scheduled} scheduled iterations (> ${pct(DROPPED_LIMIT)})`);
  }
  if (requestedRate !== undefined && achievedRate !== undefined && requestedRate > 0 && achievedRate < ACHIEVED_LIMIT * requestedRate) {
    reasons.push(`achieved ${achievedRate.toFixed(2)} req/s, below ${ACHIEVED_LIMIT} × the requested ${requestedRate.toFixed(2)} req/s`);
  }
  const inFlight = growth(latterHalf(input.inFlight));
  const ttft = growth(latterHalf(input.ttft));
  if (inFlight.growing && ttft.growing) {
    reasons.push(`in-flight requests (+${inFlight.rise.toFixed(1)}) and TTFT (+${ttft.rise.toFixed(0)} ms) still growing over the step`);
  }
  return { saturated: reasons.length > 0, reasons };
}

/** The samples of the second half of a series' time span. */
export function latterHalf(s: Series): Series {
  const n = Math.min(s.t.length, s.v.length);
  if (n === 0) return s;
  const mid = (s.t[0]! + s.t[n - 1]!) / 2;
  let i = 0;
  while (i < n && s.t[i]! < mid) i++;
  return { t: s.t.slice(i, n), v: s.v.slice(i, n) };
}

/** Whether a series rises over its span (see detectSaturation), and by how much. */
export function growth(s: Series): { growing: boolean; rise: number } {
  const { slope, stderr, n } = linearSlope(s.t, s.v);
  if (n < 3 || !Number.isFinite(stderr)) return { growing: false, rise: 0 };
  const span = s.t[n - 1]! - s.t[0]!;
  const rise = slope * span;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += s.v[i]!;
  mean /= n;
  const lower = slope - tQuantile975(n - 2) * stderr;
  // Still growing at the end: of four equal time slices, the first has the lowest mean and the last the highest.
  const m = [0, 1, 2, 3].map((k) => meanOver(s, n, k / 4, (k + 1) / 4));
  // (Within 5 % of the rise: a plateau's noise does not decide it.)
  const slack = 0.05 * Math.abs(rise);
  const sustained = m[3]! >= Math.max(...m) - slack && m[0]! <= Math.min(...m) + slack;
  return { growing: lower > 0 && rise > 0 && rise >= GROWTH_LIMIT * Math.abs(mean) && sustained, rise };
}

/** Mean of the values whose time lies in the [from, to) share of the span (to = 1 includes the end). */
function meanOver(s: Series, n: number, from: number, to: number): number {
  const t0 = s.t[0]!;
  const span = s.t[n - 1]! - t0;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = span > 0 ? (s.t[i]! - t0) / span : 0;
    if (x >= from && (x < to || (to === 1 && x <= 1))) {
      sum += s.v[i]!;
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)} %`;
}
