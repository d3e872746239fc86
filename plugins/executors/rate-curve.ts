/**
 * The arrival-rate curve r(t): piecewise linear over stages, in iterations
 * per `timeUnit`. N(t) = ∫0^t r(u) du is the expected number of arrivals by
 * t; an arrival whose cumulative position is S is due at the generalised
 * inverse N⁻¹(S) = inf { t : N(t) > S }, solved in closed form per segment.
 * So position 0 is due where the rate first becomes positive, arrivals never
 * fall inside a zero-rate stretch, and nothing is due at or after the end.
 */
import type { Stage } from './common.js';

export interface Segment {
  /** ms from the scenario start. */
  start: number;
  /** ms. */
  duration: number;
  /** Rate at the start and at the end, per timeUnit. */
  from: number;
  to: number;
  /** N at the segment's start and end (arrivals). */
  areaStart: number;
  areaEnd: number;
}

export interface RateCurve {
  /** ms. */
  timeUnit: number;
  /** ms; sum of the segments' durations. */
  duration: number;
  /** N(duration): the expected number of arrivals in the whole curve. */
  total: number;
  segments: readonly Segment[];
}

/** The curve that starts at `startRate` and ramps linearly through `stages`. */
export function rateCurve(startRate: number, stages: readonly Stage[], timeUnit: number): RateCurve {
  const segments: Segment[] = [];
  let start = 0;
  let area = 0;
  let from = startRate;
  for (const s of stages) {
    // Zero-length stages jump the rate; they hold no arrivals.
    if (s.duration > 0) {
      const a = ((from + s.target) / 2) * (s.duration / timeUnit);
      segments.push({ start, duration: s.duration, from, to: s.target, areaStart: area, areaEnd: area + a });
      area += a;
    }
    start += s.duration;
    from = s.target;
  }
  return { timeUnit, duration: start, total: area, segments };
}

/**
 * ms into a segment at which its own area reaches `a` (0 <= a < segment area).
 * N(x) = from·x/T + (to−from)·x²/(2·d·T); the root is written as
 * 2aT / (from + √(from² + 2(to−from)aT/d)), which is stable for ramps up and
 * down and for from = 0 (no cancellation, no division by to−from).
 */
export function solveInSegment(seg: Segment, a: number, timeUnit: number): number {
  if (a <= 0) return 0;
  if (seg.from === seg.to) return (a * timeUnit) / seg.from;
  const disc = seg.from * seg.from + (2 * (seg.to - seg.from) * a * timeUnit) / seg.duration;
  const x = (2 * a * timeUnit) / (seg.from + Math.sqrt(Math.max(0, disc)));
  return Math.min(x, seg.duration);
}

/**
 * Maps non-decreasing arrival positions to due times (ms), walking the
 * segments forward once. Returns Infinity once a position is past the curve.
 */
export class CurveCursor {
  private i = 0;
  constructor(private readonly curve: RateCurve) {}

  dueAt(position: number): number {
    const segs = this.curve.segments;
    while (this.i < segs.length && position >= segs[this.i].areaEnd) this.i++;
    if (this.i >= segs.length) return Infinity;
    const seg = segs[this.i];
    return seg.start + solveInSegment(seg, position - seg.areaStart, this.curve.timeUnit);
  }
}

/** The curve's highest rate, per timeUnit. */
export function peakRate(startRate: number, stages: readonly Stage[]): number {
  return stages.reduce((m, s) => Math.max(m, s.target), startRate);
}
