import { executorRegistry } from '../support/registry.js';
import { describe, expect, it } from 'vitest';
import type { ArrivalsSchedule, ExecutorPlugin, Schedule } from '../../runtime/plugin-api/executor.js';
import { arrivalsBetween, countArrivals, firstArrivals } from '../../plugins/executors/index.js';

const registry = executorRegistry();
const ctx = { scenario: 's', cwd: '/tmp' };

function plan(executor: string, raw: Record<string, unknown>): { p: ExecutorPlugin; config: unknown; s: Schedule } {
  const p = registry.get(executor, 'scenario "s"');
  const config = p.validate(raw, ctx);
  return { p, config, s: p.schedule(config) };
}
const arrivals = (executor: string, raw: Record<string, unknown>) => plan(executor, raw).s as ArrivalsSchedule;

function gaps(at: number[]): { mean: number; cv: number } {
  const d = at.slice(1).map((t, i) => t - at[i]);
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, cv: sd / mean };
}

describe('constant-arrival-rate', () => {
  it('rate 3/s: iteration i due at i·1000/3, none at or after the duration', () => {
    const s = arrivals('constant-arrival-rate', { rate: 3, duration: '1s', preAllocatedVUs: 2 });
    expect(s).toMatchObject({ kind: 'arrivals', duration: 1000, preAllocatedVUs: 2, maxVUs: 2 });
    expect(firstArrivals(s, 10)).toEqual([0, 1000 / 3, 2000 / 3]);
  });

  it('computes every due time from its index (no drift over 360k arrivals)', () => {
    const s = arrivals('constant-arrival-rate', { rate: 100, timeUnit: '1s', duration: '1h', preAllocatedVUs: 1 });
    expect(countArrivals(s)).toBe(360_000);
    expect(arrivalsBetween(s, 3_599_980, 3_600_000)).toEqual([3_599_980, 3_599_990]);
    const s3 = arrivals('constant-arrival-rate', { rate: 3, duration: '1h', preAllocatedVUs: 1 });
    const last = arrivalsBetween(s3, 3_599_000, 3_600_000);
    expect(last).toEqual([(10_797 * 1000) / 3, (10_798 * 1000) / 3, (10_799 * 1000) / 3]);
  });

  it('timeUnit scales the rate; fractional rates work', () => {
    expect(firstArrivals(arrivals('constant-arrival-rate', { rate: 10, timeUnit: '1m', duration: '1m', preAllocatedVUs: 1 }), 99)).toEqual([
      0, 6000, 12_000, 18_000, 24_000, 30_000, 36_000, 42_000, 48_000, 54_000,
    ]);
    expect(firstArrivals(arrivals('constant-arrival-rate', { rate: 0.5, duration: '5s', preAllocatedVUs: 1 }), 99)).toEqual([0, 2000, 4000]);
  });

  it('arrivals() twice yields the same sequence', () => {
    const s = arrivals('constant-arrival-rate', { rate: 7, duration: '2s', preAllocatedVUs: 1 });
    expect(firstArrivals(s, 100)).toEqual(firstArrivals(s, 100));
    expect(countArrivals(s)).toBe(14);
  });
});

describe('ramping-arrival-rate', () => {
  it('0 → 10/s over 10s: arrival k at 1000·sqrt(2k) ms, total = area (50)', () => {
    const s = arrivals('ramping-arrival-rate', { stages: [{ duration: '10s', target: 10 }], preAllocatedVUs: 1 });
    const at = firstArrivals(s, 1000);
    expect(at.length).toBe(50);
    at.forEach((t, k) => expect(t).toBeCloseTo(1000 * Math.sqrt(2 * k), 9));
    expect([at[0], at[2], at[8], at[18], at[32]]).toEqual([0, 2000, 4000, 6000, 8000]);
    expect(at[49]).toBeCloseTo(9899.494936611665, 9);
  });

  it('multi-stage with a flat-zero stage, a ramp up, a plateau and a ramp down', () => {
    const s = arrivals('ramping-arrival-rate', {
      startRate: 0,
      stages: [
        { duration: '2s', target: 0 },
        { duration: '2s', target: 4 },
        { duration: '2s', target: 4 },
        { duration: '2s', target: 0 },
      ],
      preAllocatedVUs: 1,
    });
    const at = firstArrivals(s, 100);
    const expected = [
      2000,
      3000,
      2000 + 1000 * Math.SQRT2,
      2000 + 1000 * Math.sqrt(3), // N = (t-2s)² on the ramp
      4000,
      4250,
      4500,
      4750,
      5000,
      5250,
      5500,
      5750, // 4/s plateau
      6000,
      6000 + 1000 * (2 - Math.sqrt(3)),
      6000 + 1000 * (2 - Math.SQRT2),
      7000, // 4u − u² = k on the ramp down
    ];
    expect(at.length).toBe(16);
    at.forEach((t, i) => expect(t).toBeCloseTo(expected[i], 9));
    expect(s.duration).toBe(8000);
  });

  it('skips a zero-rate gap in the middle and resumes where the rate turns positive', () => {
    const s = arrivals('ramping-arrival-rate', {
      startRate: 2,
      stages: [
        { duration: '1s', target: 2 },
        { duration: '1s', target: 0 },
        { duration: '1s', target: 0 },
        { duration: '1s', target: 2 },
      ],
      preAllocatedVUs: 1,
    });
    expect(firstArrivals(s, 100)).toEqual([0, 500, 1000, 3000]);
  });

  it('a zero-length stage jumps the rate; timeUnit applies to stage targets', () => {
    const s = arrivals('ramping-arrival-rate', {
      startRate: 0,
      timeUnit: '1m',
      stages: [
        { duration: 0, target: 120 },
        { duration: '2s', target: 120 },
      ],
      preAllocatedVUs: 1,
    });
    expect(firstArrivals(s, 100)).toEqual([0, 500, 1000, 1500]);
  });

  it('total count equals the area for a long ramp', () => {
    const s = arrivals('ramping-arrival-rate', {
      startRate: 5,
      stages: [
        { duration: '1m', target: 50 },
        { duration: '30s', target: 0 },
      ],
      preAllocatedVUs: 1,
    });
    // (5+50)/2·60 + 50/2·30 = 1650 + 750
    expect(countArrivals(s)).toBe(2400);
    const at = firstArrivals(s, 3000);
    for (let i = 1; i < at.length; i++) expect(at[i]).toBeGreaterThan(at[i - 1]);
  });
});

describe('poisson and gamma arrivals', () => {
  const base = { rate: 1000, duration: '200s', preAllocatedVUs: 1 };

  it.each([
    ['poisson', undefined, 1],
    ['gamma', 4, 0.5],
    ['gamma', 0.25, 2],
    ['gamma', 1, 1],
  ] as const)('%s burstiness %s: mean gap 1ms ±2%%, CV %d ±3%% over 100k arrivals', (distribution, burstiness, cv) => {
    const s = arrivals('constant-arrival-rate', { ...base, distribution, burstiness, seed: 99 });
    const g = gaps(firstArrivals(s, 100_001));
    expect(Math.abs(g.mean - 1)).toBeLessThan(0.02);
    expect(Math.abs(g.cv / cv - 1)).toBeLessThan(0.03);
  });

  it('same seed → identical sequence; different seed → different', () => {
    const a = arrivals('constant-arrival-rate', { ...base, distribution: 'gamma', burstiness: 2, seed: 'abc' });
    const b = arrivals('constant-arrival-rate', { ...base, distribution: 'gamma', burstiness: 2, seed: 'abc' });
    const c = arrivals('constant-arrival-rate', { ...base, distribution: 'gamma', burstiness: 2, seed: 'abd' });
    const first = firstArrivals(a, 1000);
    expect(first[0]).toBe(0);
    expect(firstArrivals(a, 1000)).toEqual(first);
    expect(firstArrivals(b, 1000)).toEqual(first);
    expect(firstArrivals(c, 1000)).not.toEqual(first);
  });

  it('without a seed one is picked at validation and the schedule is reproducible from it', () => {
    const { config, s, p } = plan('constant-arrival-rate', { ...base, distribution: 'poisson' });
    const seed = (config as { seed: number }).seed;
    expect(typeof seed).toBe('number');
    expect(p.describe(config)).toBe(`1000.00 iterations/s for 3m20s (maxVUs: 1, distribution: poisson, seed: ${seed})`);
    const again = arrivals('constant-arrival-rate', { ...base, distribution: 'poisson', seed });
    expect(firstArrivals(again, 500)).toEqual(firstArrivals(s as ArrivalsSchedule, 500));
  });

  it('time rescaling follows a ramp: the count per window tracks the rate', () => {
    const s = arrivals('ramping-arrival-rate', {
      stages: [{ duration: '100s', target: 2000 }],
      preAllocatedVUs: 1,
      distribution: 'poisson',
      seed: 5,
    });
    // r(t) = 20·t /s², N(t) = 10·t²: 25_000 expected in [0, 50s), 75_000 in [50s, 100s)
    const early = arrivalsBetween(s, 0, 50_000).length;
    const late = arrivalsBetween(s, 50_000, 100_000).length;
    expect(Math.abs(early / 25_000 - 1)).toBeLessThan(0.02);
    expect(Math.abs(late / 75_000 - 1)).toBeLessThan(0.02);
  });
});

describe('window helpers', () => {
  const s = arrivals('constant-arrival-rate', { rate: 4, duration: '3s', preAllocatedVUs: 1 });
  it('arrivalsBetween is [from, to)', () => {
    expect(arrivalsBetween(s, 500, 1500)).toEqual([500, 750, 1000, 1250]);
    expect(arrivalsBetween(s, 2750, 10_000)).toEqual([2750]);
    expect(arrivalsBetween(s, 1000, 1000)).toEqual([]);
  });
  it('firstArrivals stops at n or at the end', () => {
    expect(firstArrivals(s, 3)).toEqual([0, 250, 500]);
    expect(firstArrivals(s, 0)).toEqual([]);
    expect(firstArrivals(s, 100).length).toBe(12);
  });
});
