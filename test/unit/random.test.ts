import { describe, expect, it } from 'vitest';
import { createRandom, Random } from '../../runtime/random.js';

function stats(xs: number[]): { mean: number; cv: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, cv: Math.sqrt(variance) / mean };
}

const sample = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('Random', () => {
  it('is reproducible per seed and differs across seeds', () => {
    const a = sample(
      5,
      (
        (r) => () =>
          r.next()
      )(new Random(42)),
    );
    const b = sample(
      5,
      (
        (r) => () =>
          r.next()
      )(new Random(42)),
    );
    const c = sample(
      5,
      (
        (r) => () =>
          r.next()
      )(new Random(43)),
    );
    const d = sample(
      5,
      (
        (r) => () =>
          r.next()
      )(new Random('42')),
    );
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toEqual(d);
  });

  it('pins the sequence of seed 1 (reproducible across versions)', () => {
    const r = new Random(1);
    expect([r.nextUint32(), r.nextUint32()]).toEqual([2556160955, 4027073844]);
    expect(r.next()).toBe(0.9035979365260317);
    expect(new Random('abc').next()).toBe(0.9494107849817744);
  });

  it('picks and exposes a seed when given none', () => {
    const r = createRandom();
    expect(typeof r.seed).toBe('number');
    const again = new Random(r.seed);
    const x = sample(3, () => r.next());
    expect(sample(3, () => again.next())).toEqual(x);
    expect(new Random('run-7').seed).toBe('run-7');
  });

  it('next() is uniform in [0, 1)', () => {
    const r = new Random(7);
    const xs = sample(100_000, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean } = stats(xs);
    expect(mean).toBeGreaterThan(0.497);
    expect(mean).toBeLessThan(0.503);
    const buckets = new Array(10).fill(0);
    for (const x of xs) buckets[Math.floor(x * 10)]++;
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(400);
    const ints = new Set(sample(1000, () => r.int(6)));
    expect([...ints].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('exponential(mean) has that mean and CV 1', () => {
    const r = new Random(11);
    const { mean, cv } = stats(sample(100_000, () => r.exponential(4)));
    expect(Math.abs(mean / 4 - 1)).toBeLessThan(0.02);
    expect(Math.abs(cv - 1)).toBeLessThan(0.03);
  });

  it('normal() has mean 0 and sd 1', () => {
    const r = new Random(12);
    const xs = sample(100_000, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sd - 1)).toBeLessThan(0.01);
  });

  it.each([0.25, 0.5, 1, 2.5, 10])('gamma(shape %d): mean shape·scale, CV 1/sqrt(shape)', (shape) => {
    const r = new Random(shape * 1000);
    const scale = 3;
    const xs = sample(100_000, () => r.gamma(shape, scale));
    const { mean, cv } = stats(xs);
    expect(Math.abs(mean / (shape * scale) - 1)).toBeLessThan(0.02);
    expect(Math.abs(cv * Math.sqrt(shape) - 1)).toBeLessThan(0.03);
    expect(Math.min(...xs)).toBeGreaterThan(0);
  });

  it('gamma rejects a non-positive shape or scale', () => {
    expect(() => new Random(1).gamma(0)).toThrow(RangeError);
    expect(() => new Random(1).gamma(1, -1)).toThrow(RangeError);
  });
});
