import { describe, expect, it } from 'vitest';
import { equalSegments } from '../../runtime/segments/segment-options.js';
import { warmupVus } from '../../runtime/warmup.js';

/** An instance that runs part of a test warms up its share of the warm-up VUs (a thread of `--threads N` among them). */
describe('warm-up VUs per execution segment', () => {
  it('the whole test warms up 30 VUs', () => {
    expect(warmupVus({})).toBe(30);
    expect(warmupVus({ executionSegment: '0:1' })).toBe(30);
  });

  it('N equal segments share the 30, as --threads N splits the test', () => {
    const shares = (n: number) => Array.from({ length: n }, (_, i) => warmupVus(equalSegments(i, n)!));
    expect(shares(2)).toEqual([15, 15]);
    expect(shares(3)).toEqual([10, 10, 10]);
  });

  it('a small segment still warms up 10 VUs', () => {
    expect(warmupVus(equalSegments(0, 8)!)).toBe(10);
    expect(warmupVus({ executionSegment: '0:1/10', executionSegmentSequence: '0,1/10,1' })).toBe(10);
    expect(warmupVus({ executionSegment: '1/10:1', executionSegmentSequence: '0,1/10,1' })).toBe(27);
  });
});
