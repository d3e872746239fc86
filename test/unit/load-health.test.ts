import { describe, expect, it } from 'vitest';
import { isBadWindow, judgeSaturation, type HealthWindow } from '../../runtime/health/window.js';

const w = (utilization: number, delayP99: number): HealthWindow => ({
  at: 0,
  delayP50: delayP99 / 4,
  delayP99,
  delayMax: delayP99,
  utilization,
  cpuCores: utilization,
});
const series = (n: number, make: (i: number) => HealthWindow) => Array.from({ length: n }, (_, i) => make(i));

describe('load generator saturation (pure judgement)', () => {
  it('a window is bad when a pegged thread is 10 ms late, or any thread 25 ms late', () => {
    expect(isBadWindow(w(0.95, 12))).toBe(true);
    expect(isBadWindow(w(0.95, 8))).toBe(false);
    expect(isBadWindow(w(0.3, 20))).toBe(false);
    expect(isBadWindow(w(0.3, 30))).toBe(true);
  });

  it('a quiet run, or a lone GC pause, is not saturated', () => {
    expect(judgeSaturation(series(20, () => w(0.2, 1)))).toEqual({ saturated: false, badWindows: 0, windows: 20, cause: undefined });
    expect(judgeSaturation(series(20, (i) => (i === 7 ? w(0.5, 80) : w(0.2, 1)))).saturated).toBe(false);
  });

  it('needs 2 bad windows and 10 % of them', () => {
    expect(judgeSaturation(series(30, (i) => (i < 2 ? w(1, 50) : w(0.2, 1)))).saturated).toBe(false);
    expect(judgeSaturation(series(30, (i) => (i < 3 ? w(1, 50) : w(0.2, 1)))).saturated).toBe(true);
    expect(judgeSaturation(series(3, (i) => (i < 2 ? w(1, 50) : w(0.2, 1)))).saturated).toBe(true);
  });

  it('names the cause: a pegged main thread, or a mostly idle one that was late anyway (CPU starved)', () => {
    expect(judgeSaturation(series(10, () => w(0.99, 40))).cause).toBe('busy');
    expect(judgeSaturation(series(10, () => w(0.2, 40))).cause).toBe('starved');
    // Busy 80 % of the time and 40 ms late (the mock's thread competing for the cores): its own load.
    expect(judgeSaturation(series(10, () => w(0.8, 40))).cause).toBe('busy');
  });
});
