import { describe, expect, it } from 'vitest';
import { equalSegments } from '../../runtime/segments/segment-options.js';
import type { Schedule } from '../../runtime/plugin-api/executor.js';
import { warmupPerVu, warmupVus } from '../../runtime/warmup.js';

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

/** Closed loops need only a warm first wave; an arrival-paced scenario anywhere in the test gets the full warm-up. */
describe('warm-up requests per VU', () => {
  const vus: Schedule = { kind: 'vus', steps: [{ at: 0, vus: 50 }], duration: 10_000, gracefulRampDown: 0, maxVUs: 50 };
  const iterations: Schedule = { kind: 'iterations', vus: 5, iterations: 10, perVU: false, maxDuration: 600_000 };
  const arrivals: Schedule = { kind: 'arrivals', duration: 10_000, preAllocatedVUs: 10, maxVUs: 10, arrivals: () => [][Symbol.iterator]() };

  it('closed-loop scenarios only: 10 each', () => {
    expect(warmupPerVu([{ schedule: vus }, { schedule: iterations }])).toBe(10);
  });

  it('any arrival-paced scenario, or none known (a sweep): 100 each', () => {
    expect(warmupPerVu([{ schedule: vus }, { schedule: arrivals }])).toBe(100);
    expect(warmupPerVu([])).toBe(100);
  });
});
