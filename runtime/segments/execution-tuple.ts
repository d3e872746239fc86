import { invalidOption } from '../errors.js';
import { type ExecutionSegment, fillSequence, sameSegment, segmentString, sequenceString } from './execution-segment.js';
import { ONE, ZERO } from './rational.js';
import { StripedSequence } from './striped-sequence.js';

/**
 * One instance's segment within its (full) sequence: k6's ExecutionTuple.
 * Everything an instance needs to take exactly its share of the work without
 * talking to the others: scaled integers (VU counts, iterations), whether a
 * global element (an arrival) is its own, and the global number of its k-th
 * element (VU ids, iteration numbers).
 */
export class ExecutionTuple {
  private readonly owned: ReadonlySet<number>;

  constructor(
    readonly sequence: StripedSequence,
    readonly index: number,
  ) {
    this.owned = new Set(sequence.positions(index));
  }

  get segment(): ExecutionSegment {
    return this.sequence.segments[this.index]!;
  }

  /** True when the sequence is the single segment 0:1 (no segmentation). */
  get whole(): boolean {
    return this.sequence.segments.length === 1;
  }

  /** This segment's share of `value` (k6's ExecutionTuple.ScaleInt64): the shares of a sequence sum to `value`. */
  scale(value: number): number {
    return this.sequence.scale(this.index, value);
  }

  /** k6's GetStripedOffsets for this segment. */
  stripedOffsets(): { start: number; offsets: number[]; lcd: number } {
    return this.sequence.stripedOffsets(this.index);
  }

  /** k6's GetNewExecutionTupleFromValue: this segment re-dealt over `value` elements; undefined when it gets none. */
  resegment(value: number): ExecutionTuple | undefined {
    const r = this.sequence.resegment(value, this.index);
    return r && new ExecutionTuple(r.sequence, r.index);
  }

  /** Whether global element `g` (0-based) is this segment's. */
  owns(g: number): boolean {
    return this.owned.has(g % this.sequence.lcd);
  }

  /** The global number (0-based) of this segment's k-th element (0-based): k6's SegmentedIndex, unscaled − 1. */
  globalIndex(k: number): number {
    const p = this.sequence.positions(this.index);
    return Math.floor(k / p.length) * this.sequence.lcd + p[k % p.length]!;
  }

  toString(): string {
    return `${segmentString(this.segment)} in ${sequenceString(this.sequence.segments)}`;
  }
}

/**
 * k6's NewExecutionTuple: the segment's place in the sequence (filled to
 * 0..1; no sequence = "0, from, to, 1"). The segment must be one of the
 * sequence's segments (exit 104 otherwise).
 */
export function executionTuple(segment: ExecutionSegment | undefined, sequence: ExecutionSegment[] | undefined, where = 'executionSegment'): ExecutionTuple {
  const filled = fillSequence(sequence, segment);
  const striped = new StripedSequence(filled, where);
  // No segment is the whole test, which a sequence of several segments does not hold (as k6).
  const mine = segment ?? { from: ZERO, to: ONE };
  const index = filled.findIndex((s) => sameSegment(s, mine));
  if (index < 0) {
    throw invalidOption(where, `segment "${segmentString(mine)}" is not one of the segments of the sequence "${sequenceString(filled)}"`);
  }
  return new ExecutionTuple(striped, index);
}
