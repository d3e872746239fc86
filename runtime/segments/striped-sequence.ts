import { invalidOption } from '../errors.js';
import { type ExecutionSegment, segmentLength, sequenceString } from './execution-segment.js';
import { compare, ONE, rational, ZERO } from './rational.js';

/**
 * Above this many elements per stripe cycle the striping table would be
 * too big to build (k6 builds it too); a sequence written with such fine
 * fractions is refused instead of stalling the start.
 */
export const MAX_LCD = 10_000_000;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * A full execution segment sequence (0..1) with k6's striping: the
 * elements 0, 1, 2, … of anything divisible (VUs, iterations, arrivals) are
 * dealt to the segments in cycles of `lcd` elements (the least common
 * denominator of the segments' lengths), segment i getting length_i × lcd of
 * each cycle, spread as evenly as possible. Element e belongs to the segment
 * that owns position e mod lcd.
 *
 * The deal (k6's "Bresenham-like" striping): segments are visited from the
 * largest to the smallest (ties in sequence order); position p goes to the
 * first segment that has taken c positions so far with c × lcd <= p × n,
 * n being its share of the cycle, i.e. to the first one whose next "due"
 * position c × lcd / n has been reached.
 */
export class StripedSequence {
  readonly lcd: number;
  /** Per segment: the positions in [0, lcd) it owns, ascending. */
  private readonly owned: number[][];

  /** `where` names the flag or option in errors (exit 104). */
  constructor(
    readonly segments: readonly ExecutionSegment[],
    where = 'execution segment sequence',
  ) {
    if (segments.length === 0 || compare(segments[0]!.from, ZERO) !== 0 || compare(segments[segments.length - 1]!.to, ONE) !== 0) {
      throw new RangeError(`execution segment sequence "${sequenceString(segments)}" does not cover 0..1`);
    }
    const lengths = segments.map(segmentLength);
    let lcd = 1;
    for (const l of lengths) {
      const d = Number(l.den);
      lcd = (lcd / gcd(lcd, d)) * d;
      if (lcd > MAX_LCD) {
        throw invalidOption(where, `"${sequenceString(segments)}" needs over ${MAX_LCD} elements per cycle: use coarser fractions`);
      }
    }
    this.lcd = lcd;
    const shares = lengths.map((l) => Number(l.num) * (lcd / Number(l.den)));
    const order = shares.map((_, i) => i).sort((a, b) => shares[b]! - shares[a]! || a - b);
    const taken = order.map(() => 0);
    this.owned = segments.map(() => []);
    for (let p = 0; p < lcd; p++) {
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        if (taken[k]! * lcd <= p * shares[i]!) {
          taken[k]!++;
          this.owned[i]!.push(p);
          break;
        }
      }
    }
  }

  /** Positions in [0, lcd) that segment `i` owns. */
  positions(i: number): readonly number[] {
    return this.owned[i]!;
  }

  /**
   * k6's GetStripedOffsets: the first owned position, then the gaps from each
   * owned position to the next, the last one wrapping into the next cycle.
   */
  stripedOffsets(i: number): { start: number; offsets: number[]; lcd: number } {
    const p = this.owned[i]!;
    const offsets = p.map((v, j) => (j + 1 < p.length ? p[j + 1]! - v : p[0]! + this.lcd - v));
    return { start: p[0]!, offsets, lcd: this.lcd };
  }

  /** How many of the elements 0..value-1 segment `i` owns (k6's ScaleInt64). */
  scale(i: number, value: number): number {
    if (this.segments.length === 1) return value;
    const p = this.owned[i]!;
    const rest = value % this.lcd;
    let n = Math.floor(value / this.lcd) * p.length;
    for (let j = 0; j < p.length && p[j]! < rest; j++) n++;
    return n;
  }

  /**
   * k6's GetNewExecutionSegmentSequenceFromValue: the sequence whose segments
   * are each segment's share of `value` elements (value ÷ lcd whole cycles
   * give back this sequence), empty ones dropped, and where segment `tracked`
   * went. Undefined when it got none of them.
   */
  resegment(value: number, tracked: number): { sequence: StripedSequence; index: number } | undefined {
    if (value < 1) return undefined;
    if (value % this.lcd === 0) return { sequence: this, index: tracked };
    const out: ExecutionSegment[] = [];
    let index = -1;
    let prev = 0;
    for (let i = 0; i < this.segments.length; i++) {
      const n = this.scale(i, value);
      if (n === 0) continue;
      if (i === tracked) index = out.length;
      out.push({ from: rational(BigInt(prev), BigInt(value)), to: rational(BigInt(prev + n), BigInt(value)) });
      prev += n;
    }
    return index < 0 ? undefined : { sequence: new StripedSequence(out), index };
  }
}
