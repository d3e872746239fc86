import { build, type JsHistogram } from 'hdr-histogram-js';
import { describe, expect, it } from 'vitest';
import { newHistogram } from '../../runtime/metrics/fast-histogram.js';

const library = () => build({ bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: 3 }) as unknown as JsHistogram;

/** The metrics engine's histogram finds each value's counter without Math.pow: it must be the library's counter. */
describe('newHistogram', () => {
  it('puts every value in the counter the library would', () => {
    const lib = library();
    const fast = newHistogram();
    const edges = [0, 1, 2, 1023, 1024, 2047, 2048, 2049, 4095, 4096, 2 ** 31, 2 ** 32 + 1, 2 ** 52, 2 ** 53 - 1];
    const random = Array.from({ length: 100_000 }, (_, i) => Math.floor(Math.exp(((i * 7919) % 100_000) / 2700)));
    for (const v of [...edges, ...random]) expect(fast.countsArrayIndex(v), `value ${v}`).toBe(lib.countsArrayIndex(v));
  });

  it('refuses a negative value as the library does, and NaN, which the library counts in no counter', () => {
    expect(() => newHistogram().recordValue(-1)).toThrow(/negative/);
    expect(() => newHistogram().recordValue(Number.NaN)).toThrow(/negative/);
  });

  it('records, grows and reports as the library does', () => {
    const lib = library();
    const fast = newHistogram();
    for (let i = 0; i < 20_000; i++) {
      const v = Math.floor(Math.exp((i % 997) / 40)) + (i % 13);
      lib.recordValue(v);
      fast.recordValue(v);
    }
    for (const p of [0, 1, 25, 50, 90, 99, 99.9, 100]) expect(fast.getValueAtPercentile(p)).toBe(lib.getValueAtPercentile(p));
    expect(fast.totalCount).toBe(lib.totalCount);
    expect(fast.maxValue).toBe(lib.maxValue);
    expect(fast.minNonZeroValue).toBe(lib.minNonZeroValue);
  });
});
