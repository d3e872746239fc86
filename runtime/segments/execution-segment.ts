import { invalidOption } from '../errors.js';
import { compare, ONE, parseRational, type Rational, ratString, subtract, ZERO } from './rational.js';

/**
 * An execution segment (k6's): the part (from, to] of a test's work that one
 * instance runs, 0 <= from < to <= 1. A sequence is a chain of segments, each
 * starting where the one before it ends.
 */
export interface ExecutionSegment {
  readonly from: Rational;
  readonly to: Rational;
}

/** "1/4:1/2" (the canonical text, k6's String()). */
export function segmentString(s: ExecutionSegment): string {
  return `${ratString(s.from)}:${ratString(s.to)}`;
}

/** "0,1/4,1/2,1". */
export function sequenceString(seq: readonly ExecutionSegment[]): string {
  return seq.length === 0 ? '' : [seq[0]!.from, ...seq.map((s) => s.to)].map(ratString).join(',');
}

export function segmentLength(s: ExecutionSegment): Rational {
  return subtract(s.to, s.from);
}

export function sameSegment(a: ExecutionSegment, b: ExecutionSegment): boolean {
  return compare(a.from, b.from) === 0 && compare(a.to, b.to) === 0;
}

function point(text: string, where: string, whole: string): Rational {
  const r = parseRational(text);
  if (!r) {
    const what = text === whole ? `"${text}"` : `"${text}" in "${whole}"`;
    throw invalidOption(where, `${what} is not a valid percentage, decimal or fraction (e.g. "25%", "0.25", "1/4")`);
  }
  return r;
}

function segment(from: Rational, to: Rational, where: string, whole: string): ExecutionSegment {
  if (compare(from, ZERO) < 0) throw invalidOption(where, `"${whole}": a segment starts at 0 or later, not at ${ratString(from)}`);
  if (compare(from, to) >= 0) throw invalidOption(where, `"${whole}": a segment's start (${ratString(from)}) must be less than its end (${ratString(to)})`);
  if (compare(to, ONE) > 0) throw invalidOption(where, `"${whole}": a segment ends at 1 or earlier, not at ${ratString(to)}`);
  return { from, to };
}

/**
 * Parses `--execution-segment` as k6 does: "from:to" ("1/4:1/2", "0.25:0.5",
 * "25%:50%"), or one value meaning 0:value ("1/2"); "" is the whole test.
 * `where` names the flag or option in errors (exit 104).
 */
export function parseSegment(text: string, where: string): ExecutionSegment {
  const s = text.trim() === '' ? '1' : text.trim();
  const colon = s.indexOf(':');
  if (colon < 0) return segment(ZERO, point(s, where, text), where, text);
  return segment(point(s.slice(0, colon), where, text), point(s.slice(colon + 1), where, text), where, text);
}

/**
 * Parses `--execution-segment-sequence` ("0,1/4,1/2,1"): at least two
 * increasing points in [0, 1]; each pair of neighbours is a segment.
 */
export function parseSequence(text: string, where: string): ExecutionSegment[] {
  const points = text.split(',').map((p) => point(p, where, text));
  if (points.length < 2) throw invalidOption(where, `"${text}": a sequence needs at least 2 points, got ${points.length}`);
  return points.slice(1).map((to, i) => segment(points[i]!, to, where, text));
}

/**
 * The sequence padded to cover 0..1 (k6's GetFilledExecutionSegmentSequence):
 * no sequence means "0, from, to, 1" around the segment (or just "0,1").
 */
export function fillSequence(sequence: readonly ExecutionSegment[] | undefined, fallback: ExecutionSegment | undefined): ExecutionSegment[] {
  let out: ExecutionSegment[];
  if (!sequence || sequence.length === 0) {
    if (!fallback || compare(segmentLength(fallback), ONE) === 0) return [{ from: ZERO, to: ONE }];
    out = [fallback];
  } else {
    out = [...sequence];
  }
  if (compare(out[0]!.from, ZERO) !== 0) out.unshift({ from: ZERO, to: out[0]!.from });
  const last = out[out.length - 1]!;
  if (compare(last.to, ONE) !== 0) out.push({ from: last.to, to: ONE });
  return out;
}
