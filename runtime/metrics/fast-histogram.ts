import { Int32Histogram, type JsHistogram } from 'hdr-histogram-js';

/** 2^i for every exponent a double's integer part can need. */
const POW2 = Array.from({ length: 64 }, (_, i) => 2 ** i);

/**
 * hdr-histogram-js's 32-bit histogram with the counts index of a value found
 * without `Math.pow`: the library raises 2 to a power twice per recorded
 * value, one of the closed loop's largest native costs (bench/README.md,
 * "Recording a value"). Same bucket as the library's for every value up to 2^53
 * (test/unit/fast-histogram.test.ts compares them); everything else,
 * encoding and resizing included, is the library's.
 */
class FastInt32Histogram extends Int32Histogram {
  override countsArrayIndex(value: number): number {
    // The library's check (NaN would otherwise index no counter and be dropped silently).
    if (!(value >= 0)) throw new Error('Histogram recorded value cannot be negative.');
    const bucket = Math.max(Math.floor(Math.log2(value)) - this.subBucketHalfCountMagnitude - this.unitMagnitude, 0);
    // The library's (bucket + 1) · 2^m + ⌊value / 2^(bucket+unit)⌋ − 2^m, with 2^m = subBucketHalfCount.
    return bucket * this.subBucketHalfCount + Math.floor(value / POW2[bucket + this.unitMagnitude]!);
  }
}

/**
 * A histogram of integers from 1 with 3 significant digits that grows its
 * range as larger values arrive (what `build({ bitBucketSize: 32,
 * autoResize: true })` makes): 2048 counters (8 KiB) to start.
 */
export function newHistogram(): JsHistogram {
  const h = new FastInt32Histogram(1, 2, 3);
  h.autoResize = true;
  return h;
}
