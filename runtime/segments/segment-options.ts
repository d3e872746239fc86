import { invalidOption } from '../errors.js';
import { parseSegment, parseSequence, segmentString, sequenceString } from './execution-segment.js';
import { executionTuple, type ExecutionTuple } from './execution-tuple.js';

/** The options `executionSegment` / `executionSegmentSequence` (k6's), validated and written canonically. */
export interface SegmentOptions {
  /** "1/4:1/2"; absent: the whole test. */
  executionSegment?: string;
  /** "0,1/4,1/2,1"; absent: "0, from, to, 1". */
  executionSegmentSequence?: string;
}

function text(v: unknown, where: string): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidOption(where, `must be a string such as "1/4:1/2", got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Reads and checks both options (the segment must be one of the sequence's
 * segments); `where(key)` names where each came from in errors (exit 104).
 */
export function resolveSegmentOptions(raw: Record<string, unknown>, where: (key: string) => string): SegmentOptions {
  const segWhere = where('executionSegment');
  const seqWhere = where('executionSegmentSequence');
  const seg = text(raw.executionSegment, segWhere);
  const seqText = text(raw.executionSegmentSequence, seqWhere);
  if (seg === undefined && seqText === undefined) return {};
  const segment = seg === undefined ? undefined : parseSegment(seg, segWhere);
  const sequence = seqText === undefined || seqText.trim() === '' ? undefined : parseSequence(seqText, seqWhere);
  executionTuple(segment, sequence, segment ? segWhere : seqWhere);
  return {
    ...(segment && { executionSegment: segmentString(segment) }),
    ...(sequence && { executionSegmentSequence: sequenceString(sequence) }),
  };
}

/** This instance's tuple, or undefined when the run is not segmented (the whole test, 0:1). */
export function segmentTuple(o: SegmentOptions): ExecutionTuple | undefined {
  if (o.executionSegment === undefined && o.executionSegmentSequence === undefined) return undefined;
  const segment = o.executionSegment === undefined ? undefined : parseSegment(o.executionSegment, 'executionSegment');
  const sequence = o.executionSegmentSequence === undefined ? undefined : parseSequence(o.executionSegmentSequence, 'executionSegmentSequence');
  const tuple = executionTuple(segment, sequence);
  return tuple.whole ? undefined : tuple;
}

/**
 * `--segment-index i --segments N` (i 0-based): the segment i/N:(i+1)/N of
 * the sequence 0, 1/N, …, 1. Both flags or neither; `undefined` when neither.
 */
export function equalSegments(index: number | undefined, count: number | undefined): Required<SegmentOptions> | undefined {
  if (index === undefined && count === undefined) return undefined;
  if (count === undefined) throw invalidOption('--segment-index', 'needs --segments N (the number of equal segments)');
  if (index === undefined) throw invalidOption('--segments', 'needs --segment-index i (0-based)');
  if (!Number.isInteger(count) || count < 1) throw invalidOption('--segments', `must be a whole number of at least 1, got ${count}`);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw invalidOption('--segment-index', `must be a whole number from 0 to ${count - 1} (0-based, with --segments ${count}), got ${index}`);
  }
  const frac = (k: number) => (k === 0 ? '0' : k === count ? '1' : `${k}/${count}`);
  return {
    executionSegment: `${frac(index)}:${frac(index + 1)}`,
    executionSegmentSequence: Array.from({ length: count + 1 }, (_, k) => frac(k)).join(','),
  };
}
