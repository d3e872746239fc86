import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, type JsHistogram } from 'hdr-histogram-js';
import { describe, expect, test } from 'vitest';
import { addEncoded } from '../../runtime/metrics/hdr-merge.js';

const histogram = (digits: 2 | 3 = 3) => build({ bitBucketSize: 32, autoResize: true, numberOfSignificantValueDigits: digits }) as unknown as JsHistogram;

/** Every non-zero counter as [index, count], and the tracking values a later encoding relies on. */
function state(h: JsHistogram) {
  const counts: Array<[number, number]> = [];
  for (let i = 0; i < h.countsArrayLength; i++) if (h.getCountAtIndex(i) > 0) counts.push([i, h.getCountAtIndex(i)]);
  return { counts, total: h.totalCount, max: h.maxValue, min: h.minNonZeroValue };
}

describe('addEncoded (V2 compressed payload read straight into a histogram)', () => {
  test("adds exactly what the library's decode + add adds: wide ranges (the target grows), repeated counts, one value", () => {
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sources = [
      Array.from({ length: 5000 }, () => Math.round(Math.exp(next() * 20))), // 1 … 5e8: many buckets, zero runs
      Array.from({ length: 3000 }, () => 1 + Math.floor(next() * 100)), // dense, large counts per bucket
      [123456789], // a single counter at the end of a long zero run
    ];
    const mine = histogram();
    const library = histogram();
    for (const values of sources) {
      const src = histogram();
      for (const v of values) src.recordValue(v);
      const encoded = encodeIntoCompressedBase64(src as never);
      addEncoded(mine, encoded);
      library.add(decodeFromCompressedBase64(encoded, 32, false) as never);
      expect(state(mine)).toEqual(state(library));
    }
    expect(mine.totalCount).toBe(8001);
    // The merged histogram encodes and decodes back to itself.
    const again = histogram();
    addEncoded(again, encodeIntoCompressedBase64(mine as never));
    expect(state(again)).toEqual(state(mine));
  });

  test('another bucket layout (2 significant digits) goes through the library and still lands right', () => {
    const src = histogram(2);
    for (const v of [5, 50, 500, 5000, 50_000]) src.recordValueWithCount(v, 3);
    const encoded = encodeIntoCompressedBase64(src as never);
    const mine = histogram();
    addEncoded(mine, encoded);
    // Read as if it had this layout, the counters would land at other values.
    const library = histogram();
    library.add(decodeFromCompressedBase64(encoded, 32, false) as never);
    expect(state(mine)).toEqual(state(library));
    expect(mine.totalCount).toBe(15);
    expect(mine.getCountAtIndex(mine.countsArrayIndex(5))).toBe(3);
  });

  test('a payload that is not a compressed histogram throws', () => {
    expect(() => addEncoded(histogram(), Buffer.from('not a histogram').toString('base64'))).toThrow();
  });
});
