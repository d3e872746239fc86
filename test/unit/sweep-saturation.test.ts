import { describe, expect, it } from 'vitest';
import { detectSaturation, growth } from '../../runtime/sweep/saturation.js';
import { linearSlope, spreadOf, tQuantile975 } from '../../runtime/sweep/stats.js';

/** A deterministic pseudo-random noise in [-1, 1]. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  };
}

const series = (n: number, f: (t: number) => number) => {
  const t = Array.from({ length: n }, (_, i) => i * 100);
  return { t, v: t.map(f) };
};

describe('saturation detector', () => {
  const flat = series(100, () => 10);
  it('is quiet on a steady step', () => {
    const r = noise(1);
    const steady = { inFlight: series(200, () => 16 + r()), ttft: series(200, () => 50 + 5 * r()) };
    expect(detectSaturation(steady)).toEqual({ saturated: false, reasons: [] });
  });

  it('fires when in-flight requests and TTFT both keep growing', () => {
    const r = noise(2);
    const growing = { inFlight: series(200, (t) => 16 + t / 500 + r()), ttft: series(200, (t) => 50 + t / 20 + 5 * r()) };
    const v = detectSaturation(growing);
    expect(v.saturated).toBe(true);
    expect(v.reasons[0]).toMatch(/in-flight requests .* and TTFT .* still growing/);
    // One growing series alone is not saturation (a queue that fills to a new level, a TTFT trend without a queue).
    expect(detectSaturation({ inFlight: growing.inFlight, ttft: flat }).saturated).toBe(false);
    expect(detectSaturation({ inFlight: flat, ttft: growing.ttft }).saturated).toBe(false);
  });

  it('judges the second half of the step: a pipeline fill at its start is not saturation', () => {
    const r = noise(4);
    // In-flight fills from 0 to 16 in the first second, then holds; TTFT grows while it fills.
    const fill = { inFlight: series(200, (t) => Math.min(16, t / 500) + r() / 10), ttft: series(200, (t) => (t < 8000 ? 20 + t / 200 : 60) + r()) };
    expect(growth(fill.inFlight).growing).toBe(true);
    expect(detectSaturation(fill).saturated).toBe(false);
  });

  it('needs the rise to be material, not only significant', () => {
    // A tiny but perfectly regular slope: significant, yet 0.1 % of the level over the step.
    expect(growth(series(200, (t) => 1000 + t / 20000)).growing).toBe(false);
    expect(growth(series(200, (t) => 1000 + t / 100)).growing).toBe(false); // +18 % of its mean
    expect(growth(series(200, (t) => 1000 + t / 20)).growing).toBe(true); // +66 %
    // A bump in the middle that went away: a positive fitted slope, but not growth.
    const bump = series(200, (t) => (t > 9000 && t < 15000 ? 30 : 10) + noise(5)());
    expect(growth(bump).rise).toBeGreaterThan(0);
    expect(growth(bump).growing).toBe(false);
    // Too noisy to tell.
    const r = noise(3);
    expect(growth(series(20, (t) => 10 + t / 10000 + 20 * r())).growing).toBe(false);
  });

  it('fires on dropped iterations above 1 % and an achieved rate below 0.9 × requested', () => {
    const quiet = { inFlight: flat, ttft: flat };
    expect(detectSaturation({ ...quiet, scheduled: 1000, dropped: 10 }).saturated).toBe(false);
    expect(detectSaturation({ ...quiet, scheduled: 1000, dropped: 11 }).reasons).toEqual(['dropped 1.1 % of 1000 scheduled iterations (> 1.0 %)']);
    expect(detectSaturation({ ...quiet, requestedRate: 10, achievedRate: 9 }).saturated).toBe(false);
    expect(detectSaturation({ ...quiet, requestedRate: 10, achievedRate: 8.9 }).reasons[0]).toMatch(/achieved 8.90 req\/s, below 0.9/);
  });
});

describe('sweep statistics', () => {
  it('fits a slope with its standard error', () => {
    const exact = linearSlope([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(exact.slope).toBeCloseTo(2, 12);
    expect(exact.stderr).toBeCloseTo(0, 12);
    // y = 0, 1, 0, 1 over x = 0..3: slope 0.2, stderr sqrt(0.8 / 2 / 5).
    const r = linearSlope([0, 1, 2, 3], [0, 1, 0, 1]);
    expect(r.slope).toBeCloseTo(0.2, 12);
    expect(r.stderr).toBeCloseTo(Math.sqrt(0.8 / 2 / 5), 12);
  });

  it("computes a 95 % t-interval with Student's quantiles", () => {
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(30)).toBe(2.042);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 3);
    expect(tQuantile975(1000)).toBeCloseTo(1.9623, 3);
    // 10, 12, 14: mean 12, sd 2, half-width 4.303 × 2 / √3.
    const s = spreadOf([10, 12, 14]);
    expect(s.mean).toBe(12);
    expect(s.stddev).toBeCloseTo(2, 12);
    expect(s.ci95[0]).toBeCloseTo(12 - (4.303 * 2) / Math.sqrt(3), 9);
    expect(s.ci95[1]).toBeCloseTo(12 + (4.303 * 2) / Math.sqrt(3), 9);
    expect(spreadOf([5])).toEqual({ n: 1, mean: 5, stddev: 0, ci95: [5, 5] });
  });
});
