import { decodeFromCompressedBase64, type JsHistogram } from 'hdr-histogram-js';
import { decompress } from 'hdr-histogram-js/dist/encoding.js';

/** HdrHistogram's V2 (uncompressed) encoding: cookie base, and the header's size before the counts. */
const V2_COOKIE_BASE = 0x1c849303;
const V2_HEADER_BYTES = 40;

/**
 * Adds a histogram in HdrHistogram's V2 compressed base64 encoding
 * (`encodeIntoCompressedBase64`) into `target`, counter by counter.
 *
 * The library's `decodeFromCompressedBase64` builds a whole histogram first
 * (a counts array of the encoded range: ~50 KiB for latencies up to a minute)
 * and `add` then walks all of it. An agent's push holds a few hundred non-zero
 * counters per trend, 16 agents push every second: reading the counts
 * straight from the payload and recording only the non-zero ones is what
 * keeps the coordinator's merge cheap. Same result: the same counts at the
 * same values. An encoding with another bucket layout than `target`'s falls
 * back to the library's decode and add.
 */
export function addEncoded(target: JsHistogram, base64: string): void {
  const data = decompress(Buffer.from(base64, 'base64'));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const cookie = view.getInt32(0);
  const digits = view.getInt32(12);
  const lowestHi = view.getInt32(16);
  const lowestLo = view.getUint32(20);
  const sameLayout =
    (cookie & ~0xf0) === V2_COOKIE_BASE && digits === target.numberOfSignificantValueDigits && lowestHi === 0 && lowestLo === target.lowestDiscernibleValue;
  if (!sameLayout) {
    target.add(decodeFromCompressedBase64(base64, 32, false) as unknown as JsHistogram);
    return;
  }
  const n = readCounts(data, V2_HEADER_BYTES + view.getInt32(4));
  if (n === 0) return;
  // The highest and lowest through the histogram's own recording (resize, min and max kept right for a
  // later encoding); the counters between straight into the counts array.
  // The top one at its bucket's highest value, as the library's decode sets maxValue.
  target.recordValueWithCount(target.highestEquivalentValue(target.valueFromIndex(scratch[2 * (n - 1)]!)), scratch[2 * (n - 1) + 1]!);
  if (n === 1) return;
  target.recordValueWithCount(target.valueFromIndex(scratch[0]!), scratch[1]!);
  let between = 0;
  for (let i = 1; i < n - 1; i++) {
    const count = scratch[2 * i + 1]!;
    target.addToCountAtIndex(scratch[2 * i]!, count);
    between += count;
  }
  target.addToTotalCount(between);
}

/** (index, count) of the non-zero counters of the last payload read, ascending. */
let scratch = new Float64Array(1024);

/** Reads the V2 payload's counts (from V2_HEADER_BYTES to `end`) into `scratch`; returns how many are non-zero. */
function readCounts(data: Uint8Array, end: number): number {
  let pos = V2_HEADER_BYTES;
  let index = 0;
  let n = 0;
  while (pos < end) {
    // A ZigZag LEB128-64b9B word: 7 bits a byte, little end first, the 9th byte whole.
    let raw = 0;
    let scale = 1;
    for (let k = 0; k < 9; k++) {
      const b = data[pos++]!;
      if (k === 8) {
        raw += b * scale;
        break;
      }
      raw += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) break;
      scale *= 128;
    }
    // ZigZag: even → a count, odd → a run of zero counters.
    if (raw % 2 === 1) {
      index += (raw + 1) / 2;
      continue;
    }
    if (raw > 0) {
      if (2 * n + 2 > scratch.length) {
        const grown = new Float64Array(scratch.length * 2);
        grown.set(scratch);
        scratch = grown;
      }
      scratch[2 * n] = index;
      scratch[2 * n + 1] = raw / 2;
      n++;
    }
    index++;
  }
  return n;
}
