import { describe, expect, it } from 'vitest';
import { LlmloadError } from '../../runtime/errors.js';
import { parseSegment, parseSequence, segmentString, sequenceString } from '../../runtime/segments/execution-segment.js';
import { executionTuple, type ExecutionTuple } from '../../runtime/segments/execution-tuple.js';
import { equalSegments, resolveSegmentOptions, segmentTuple } from '../../runtime/segments/segment-options.js';
import { StripedSequence } from '../../runtime/segments/striped-sequence.js';
import { rational } from '../../runtime/segments/rational.js';
import { Random } from '../../runtime/random.js';

const tuple = (seg: string | undefined, seq?: string): ExecutionTuple =>
  executionTuple(seg === undefined ? undefined : parseSegment(seg, 'seg'), seq ? parseSequence(seq, 'seq') : undefined);

function invalid(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(LlmloadError);
    expect((err as LlmloadError).code).toBe('ERR_INVALID_OPTION');
    return (err as Error).message;
  }
  throw new Error('expected ERR_INVALID_OPTION');
}

describe('parsing (k6 TestExecutionSegmentUnmarshalText, TestExecutionSegmentStringSequences)', () => {
  it.each([
    ['0:1', '0:1'],
    ['0.5:0.75', '1/2:3/4'],
    ['1/2:3/4', '1/2:3/4'],
    ['50%:75%', '1/2:3/4'],
    ['2/4:75%', '1/2:3/4'],
    ['75%', '0:3/4'],
    ['1/2', '0:1/2'],
    ['', '0:1'],
  ])('%s → %s', (text, canonical) => {
    expect(segmentString(parseSegment(text, 'x'))).toBe(canonical);
    // The canonical text parses back to the same segment.
    expect(segmentString(parseSegment(canonical, 'x'))).toBe(canonical);
  });

  it.each(['125%', '1a5%', '1a5', '1a5%:2/3', '125%:250%', '55%:50%', '1/0', '-1/4:1/2', '1/2:1/2'])('refuses %s, naming the flag', (text) => {
    expect(invalid(() => parseSegment(text, '--execution-segment'))).toMatch(/^--execution-segment: /);
  });

  it.each([
    ['0.5,1', ['1/2:1']],
    ['1/2,1', ['1/2:1']],
    ['1/3,2/3', ['1/3:2/3']],
    ['0,1/3,2/3', ['0:1/3', '1/3:2/3']],
    ['0,1/3,2/3,1', ['0:1/3', '1/3:2/3', '2/3:1']],
    ['0.5,0.7', ['1/2:7/10']],
    ['0.5,0.7,1', ['1/2:7/10', '7/10:1']],
    ['0,1/13,2/13,1/3,1/2,3/4,1', ['0:1/13', '1/13:2/13', '2/13:1/3', '1/3:1/2', '1/2:3/4', '3/4:1']],
  ])('sequence %s', (text, segments) => {
    const seq = parseSequence(text, 'x');
    expect(seq.map(segmentString)).toEqual(segments);
  });

  it.each(['0.5', '1,1', '-0.5,1', '1/2,1/2', '1/2,1/3', '0,1,1/2'])('refuses the sequence %s', (text) => {
    expect(invalid(() => parseSequence(text, '--execution-segment-sequence'))).toMatch(/^--execution-segment-sequence: /);
  });

  it('rationals are exact and reduced', () => {
    expect(rational(6n, -8n)).toEqual({ num: -3n, den: 4n });
    expect(sequenceString(parseSequence('0,0.1,0.30,1', 'x'))).toBe('0,1/10,3/10,1');
  });
});

describe('striping (k6 TestGetStripedOffsets, TestSequenceLCD)', () => {
  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0:0.3', 0, [4, 3, 3], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.3:0.5', 1, [4, 6], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.5:0.6', 2, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.8:0.9', 8, [10], 10],
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.9:1', 9, [10], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0:0.2', 1, [4, 6], 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', '0.6:0.7', 3, [10], 10],
    ['0,0.2,0.5', '0:0.2', 3, [6, 4], 10],
    ['0,0.2,0.5', '0.2:0.5', 1, [4, 2, 4], 10],
    ['0,2/5,4/5', '0:2/5', 0, [3, 2], 5],
    ['0,2/5,4/5', '2/5:4/5', 1, [3, 2], 5],
    ['', '0:0.2', 1, [5], 5],
    ['', '0:1/5', 1, [5], 5],
    ['', '0:2/10', 1, [5], 5],
    ['', '0:0.4', 1, [2, 3], 5],
    ['', '0:2/5', 1, [2, 3], 5],
    ['', '2/5:4/5', 1, [3, 2], 5],
    ['', '0:4/10', 1, [2, 3], 5],
    ['', '1/10:5/10', 1, [2, 2, 4, 2], 10],
  ] as const)('seq %s, segment %s: start %d, offsets %j, lcd %d', (seq, seg, start, offsets, lcd) => {
    expect(tuple(seg, seq || undefined).stripedOffsets()).toEqual({ start, offsets, lcd });
  });

  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', 10],
    ['0,0.1,0.5,0.6,0.7,0.8,0.9,1', 10],
    ['0,0.2,0.5,0.6,0.7,0.8,0.9,1', 10],
    ['0,1/3,5/6,1', 6],
    ['0,1/3,4/7,1', 21],
  ])('lcd of %s is %d', (seq, lcd) => {
    expect(new StripedSequence(parseSequence(seq, 'x')).lcd).toBe(lcd);
  });

  it("k6's documented iterators for 0:1/2, 1/2:3/4, 3/4:1 (elements 0..11)", () => {
    const seq = '0,1/2,3/4,1';
    const mine = (seg: string) => Array.from({ length: 12 }, (_, g) => g).filter((g) => tuple(seg, seq).owns(g));
    expect(mine('0:1/2')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(mine('1/2:3/4')).toEqual([1, 5, 9]);
    expect(mine('3/4:1')).toEqual([3, 7, 11]);
    // globalIndex walks the same stripe (k6's SegmentedIndex.Next, unscaled − 1).
    expect(Array.from({ length: 3 }, (_, k) => tuple('1/2:3/4', seq).globalIndex(k))).toEqual([1, 5, 9]);
  });

  it("k6's documented ScaleInt64 table for 0:1/2, 1/2:3/4, 3/4:1 (values 1..12)", () => {
    const seq = '0,1/2,3/4,1';
    const row = (seg: string) => Array.from({ length: 12 }, (_, i) => tuple(seg, seq).scale(i + 1));
    expect(row('0:1/2')).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(row('1/2:3/4')).toEqual([0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3]);
    expect(row('3/4:1')).toEqual([0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3]);
  });

  it.each([
    ['0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0:0.3'],
    ['0,0.2,0.5', '0.2:0.5'],
    ['', '1/10:5/10'],
    ['0,1/13,2/13,1/3,1/2,3/4,1', '2/13:1/3'],
  ])("seq %s, segment %s: globalIndex is k6's SegmentedIndex walk (start + 1, then the offsets in turn)", (seq, seg) => {
    const t = tuple(seg, seq || undefined);
    const { start, offsets } = t.stripedOffsets();
    let unscaled = start + 1;
    for (let k = 0; k < 5 * offsets.length; k++) {
      expect(t.globalIndex(k) + 1).toBe(unscaled);
      unscaled += offsets[k % offsets.length]!;
    }
  });
});

describe('ScaleInt64 and re-segmenting (k6 TestNewExecutionTuple, TestBigScale, TestExecutionTupleScale)', () => {
  const cases: Array<[string | undefined, string | undefined, Record<number, number>, Record<number, Record<number, number> | null>]> = [
    [undefined, undefined, { 50: 50, 1: 1, 0: 0 }, { 50: { 50: 50, 1: 1, 0: 0 }, 1: { 50: 50, 1: 1, 0: 0 }, 0: null }],
    ['0:1', undefined, { 50: 50, 1: 1, 0: 0 }, { 50: { 50: 50, 1: 1, 0: 0 }, 1: { 50: 50, 1: 1, 0: 0 }, 0: null }],
    ['0:1', '0,1', { 50: 50, 1: 1, 0: 0 }, { 50: { 50: 50, 1: 1, 0: 0 }, 0: null }],
    [
      '0:1/3',
      '0,1/3,2/3,1',
      { 50: 17, 3: 1, 2: 1, 1: 1, 0: 0 },
      { 50: { 50: 17, 1: 1, 0: 0 }, 20: { 50: 18, 1: 1, 0: 0 }, 3: { 50: 17, 1: 1, 0: 0 }, 2: { 50: 25, 1: 1, 0: 0 }, 1: { 50: 50, 1: 1, 0: 0 }, 0: null },
    ],
    [
      '1/3:2/3',
      '0,1/3,2/3,1',
      { 50: 17, 3: 1, 2: 1, 1: 0, 0: 0 },
      { 50: { 50: 17, 1: 0, 0: 0 }, 20: { 50: 17, 1: 0, 0: 0 }, 3: { 50: 17, 1: 0, 0: 0 }, 2: { 50: 25, 1: 0, 0: 0 }, 1: null, 0: null },
    ],
    [
      '2/3:1',
      '0,1/3,2/3,1',
      { 50: 16, 3: 1, 2: 0, 1: 0, 0: 0 },
      { 50: { 50: 16, 1: 0, 0: 0 }, 20: { 50: 15, 1: 0, 0: 0 }, 3: { 50: 16, 1: 0, 0: 0 }, 2: null, 1: null, 0: null },
    ],
  ];
  it.each(cases)('segment %s in %s', (seg, seq, scale, resegmented) => {
    const t = tuple(seg, seq);
    for (const [v, want] of Object.entries(scale)) expect(t.scale(Number(v)), `scale(${v})`).toBe(want);
    for (const [v, table] of Object.entries(resegmented)) {
      const r = t.resegment(Number(v));
      if (table === null) {
        expect(r, `resegment(${v})`).toBeUndefined();
        continue;
      }
      for (const [x, want] of Object.entries(table)) expect(r!.scale(Number(x)), `resegment(${v}).scale(${x})`).toBe(want);
    }
  });

  it('0:1/3 in thirds re-dealt over 20 is the sequence 0,7/20,7/10,1', () => {
    expect(sequenceString(tuple('0:1/3', '0,1/3,2/3,1').resegment(20)!.sequence.segments)).toBe('0,7/20,7/10,1');
    expect(tuple('0:7/20', '0,7/20,7/10,1').scale(50)).toBe(18);
  });

  it('0.5 and 0.5:1 with and without the sequence 0,0.5,1', () => {
    expect([tuple('0.5').scale(2), tuple('0.5').scale(3)]).toEqual([1, 2]);
    expect([tuple('0.5:1.0').scale(2), tuple('0.5:1.0').scale(3)]).toEqual([1, 1]);
    expect([tuple('0.5', '0,0.5,1').scale(2), tuple('0.5', '0,0.5,1').scale(3)]).toEqual([1, 2]);
    expect([tuple('0.5:1.0', '0,0.5,1').scale(2), tuple('0.5:1.0', '0,0.5,1').scale(3)]).toEqual([1, 1]);
  });

  it('a segment that is not in the sequence is refused (exit 104), as is a sequence without a segment', () => {
    expect(invalid(() => tuple('1/4:1/2', '0,1/3,1'))).toMatch(/segment "1\/4:1\/2" is not one of the segments of the sequence "0,1\/3,1"/);
    expect(invalid(() => tuple(undefined, '0,1/2,1'))).toMatch(/segment "0:1" is not one/);
  });
});

/** A random sequence of n segments with lengths k_i / Σk (k6's generateRandomSequence). */
function randomSequence(rng: Random, n: number, m: number): string {
  const ks = Array.from({ length: n }, () => 1 + Math.floor(rng.next() * m));
  const total = ks.reduce((a, b) => a + b, 0);
  let acc = 0;
  return ['0', ...ks.map((k) => `${(acc += k)}/${total}`)].join(',');
}

describe('properties over random sequences', () => {
  const rng = new Random(17);
  const seqs = Array.from({ length: 25 }, () => randomSequence(rng, 2 + Math.floor(rng.next() * 9), 100));

  it.each(seqs)('%s: the scaled values of all segments sum to the value, each monotone in it', (seq) => {
    const sequence = new StripedSequence(parseSequence(seq, 'x'));
    const n = sequence.segments.length;
    const last = new Array<number>(n).fill(0);
    for (let v = 0; v <= 1200; v++) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const s = sequence.scale(i, v);
        expect(s).toBeGreaterThanOrEqual(last[i]!);
        last[i] = s;
        sum += s;
      }
      expect(sum).toBe(v);
    }
  });

  it.each(seqs.slice(0, 10))('%s: the stripes partition every cycle, and globalIndex enumerates each stripe', (seq) => {
    const sequence = new StripedSequence(parseSequence(seq, 'x'));
    const owners = new Array<number>(sequence.lcd).fill(0);
    for (let i = 0; i < sequence.segments.length; i++) {
      const t = executionTuple(sequence.segments[i], [...sequence.segments]);
      for (const p of sequence.positions(i)) owners[p]!++;
      // Segment i owns length_i × lcd positions per cycle.
      const len = sequence.segments[i]!;
      expect(sequence.positions(i).length * Number(len.to.den * len.from.den)).toBe(
        sequence.lcd * Number(len.to.num * len.from.den - len.from.num * len.to.den),
      );
      for (let k = 0; k < 3 * sequence.positions(i).length; k++) expect(t.owns(t.globalIndex(k))).toBe(true);
    }
    expect(owners.every((c) => c === 1)).toBe(true);
  });
});

describe('options and flags', () => {
  const where = (k: string) => `script options: option "${k}"`;
  it('writes both options canonically and checks the segment is in the sequence', () => {
    expect(resolveSegmentOptions({ executionSegment: '25%:50%', executionSegmentSequence: '0,0.25,0.5,1' }, where)).toEqual({
      executionSegment: '1/4:1/2',
      executionSegmentSequence: '0,1/4,1/2,1',
    });
    expect(resolveSegmentOptions({}, where)).toEqual({});
    expect(invalid(() => resolveSegmentOptions({ executionSegment: 0.5 }, where))).toMatch(/option "executionSegment": must be a string/);
    expect(invalid(() => resolveSegmentOptions({ executionSegment: '1/3:1/2', executionSegmentSequence: '0,1/2,1' }, where))).toMatch(
      /option "executionSegment"/,
    );
  });

  it('0:1 alone is no segmentation', () => {
    expect(segmentTuple({ executionSegment: '0:1' })).toBeUndefined();
    expect(segmentTuple({ executionSegment: '1/2:1' })?.toString()).toBe('1/2:1 in 0,1/2,1');
  });

  it('--segment-index i --segments N is i/N:(i+1)/N of 0,1/N,…,1', () => {
    expect(equalSegments(1, 4)).toEqual({ executionSegment: '1/4:2/4', executionSegmentSequence: '0,1/4,2/4,3/4,1' });
    expect(equalSegments(0, 1)).toEqual({ executionSegment: '0:1', executionSegmentSequence: '0,1' });
    expect(equalSegments(undefined, undefined)).toBeUndefined();
    expect(invalid(() => equalSegments(2, 2))).toMatch(/^--segment-index: must be a whole number from 0 to 1/);
    expect(invalid(() => equalSegments(0, 0))).toMatch(/^--segments: /);
    expect(invalid(() => equalSegments(1, undefined))).toMatch(/^--segment-index: needs --segments/);
    expect(invalid(() => equalSegments(undefined, 3))).toMatch(/^--segments: needs --segment-index/);
  });
});
