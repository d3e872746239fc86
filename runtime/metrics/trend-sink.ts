import { encodeIntoCompressedBase64, type JsHistogram } from 'hdr-histogram-js';
import { LlmloadError } from '../errors.js';
import { newHistogram } from './fast-histogram.js';
import { addEncoded } from './hdr-merge.js';
import type { MetricSink } from './sinks.js';
import { DEFAULT_TREND_STATS, percentileOf } from './trend-stats.js';

/**
 * Values are recorded in the histogram as integers in thousandths of a unit
 * (µs for time trends, whose values are ms): exact to 0.001 below 2.048, and
 * 3 significant digits above (relative error ≤ 1/2048 with the bucket median
 * as representative). Beyond 2^53/1000 (~285 years in ms) values are clamped
 * in the histogram only.
 */
const SCALE = 1000;
const MAX_SCALED = Math.floor(Number.MAX_SAFE_INTEGER / 4);

function record(h: JsHistogram, magnitude: number): void {
  const scaled = Math.round(magnitude * SCALE);
  h.recordValue(Math.min(scaled, MAX_SCALED));
}

/**
 * A trend's exact state, for another process to merge (`--summary-export-raw`,
 * agents' pushes): the exact accumulators and the histograms in HdrHistogram's
 * V2 compressed encoding (base64), which keeps every counter.
 */
export interface RawTrend {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Non-negative values, in thousandths of a unit. */
  pos: string;
  /** Magnitudes of the negative values; absent when there were none. */
  neg?: string;
}

/**
 * A Trend backed by HDR histograms (hdr-histogram-js): constant memory per
 * value range, however many samples. count, sum, min and max are kept exactly
 * beside the histogram; avg = sum / count is exact too.
 *
 * Negative values (a custom Trend may hold any number) go into a second
 * histogram of magnitudes, so the ordered sequence is the negatives from the
 * largest magnitude down, then the non-negatives up.
 *
 * Percentiles follow k6's classic definition (and NumPy's default): linear
 * interpolation between the closest ranks, p(N) = v[⌊r⌋] + (v[⌈r⌉] − v[⌊r⌋])·frac(r)
 * with r = N/100·(count − 1) over the sorted values v. Each v[i] is read from
 * the histogram as the median of its bucket (exact for magnitudes below 2.048);
 * v[0] and v[count−1] are the exact min and max, and results are clamped to
 * [min, max]. med = p(50). No samples → every statistic is 0; one sample → it.
 */
export class TrendSink implements MetricSink {
  readonly type = 'trend' as const;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private readonly pos: JsHistogram = newHistogram();
  private neg: JsHistogram | undefined;

  add(value: number): void {
    this.count++;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value >= 0) record(this.pos, value);
    else record((this.neg ??= newHistogram()), -value);
  }

  isEmpty(): boolean {
    return this.count === 0;
  }

  avg(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  /** p(N) for N in [0, 100]. */
  percentile(n: number): number {
    return this.percentiles([n])[0]!;
  }

  /** Several percentiles with one pass over the histograms. */
  percentiles(ns: readonly number[]): number[] {
    if (this.count === 0) return ns.map(() => 0);
    if (this.count === 1) return ns.map(() => this.min);
    const last = this.count - 1;
    const ranks = new Set<number>();
    for (const n of ns) {
      const r = (Math.min(100, Math.max(0, n)) / 100) * last;
      ranks.add(Math.floor(r));
      ranks.add(Math.ceil(r));
    }
    const at = this.valuesAtRanks([...ranks].sort((a, b) => a - b));
    return ns.map((n) => {
      const r = (Math.min(100, Math.max(0, n)) / 100) * last;
      const lo = at.get(Math.floor(r))!;
      const hi = at.get(Math.ceil(r))!;
      const v = lo + (hi - lo) * (r - Math.floor(r));
      return v < this.min ? this.min : Math.min(v, this.max);
    });
  }

  values(_elapsedMs: number, trendStats: readonly string[] = DEFAULT_TREND_STATS): Record<string, number> {
    const pcts: number[] = [];
    for (const s of trendStats) {
      const p = s === 'med' ? 50 : percentileOf(s);
      if (p !== undefined) pcts.push(p);
    }
    const pv = this.percentiles(pcts);
    const out: Record<string, number> = {};
    let i = 0;
    const empty = this.count === 0;
    for (const s of trendStats) {
      if (s === 'med' || percentileOf(s) !== undefined) out[s] = pv[i++]!;
      else if (s === 'avg') out[s] = this.avg();
      else if (s === 'min') out[s] = empty ? 0 : this.min;
      else if (s === 'max') out[s] = empty ? 0 : this.max;
      else if (s === 'count') out[s] = this.count;
      else if (s === 'sum') out[s] = this.sum;
      // Unknown stats are left out; options validation rejects them up front.
    }
    return out;
  }

  merge(other: MetricSink): void {
    if (!(other instanceof TrendSink)) {
      throw new LlmloadError('ERR_INTERNAL', `cannot merge a ${other.type} sink into a trend sink`);
    }
    this.count += other.count;
    this.sum += other.sum;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    this.pos.add(other.pos);
    if (other.neg) (this.neg ??= newHistogram()).add(other.neg);
  }

  /** The exact state (see RawTrend); undefined while empty. */
  toRaw(): RawTrend | undefined {
    if (this.count === 0) return undefined;
    const raw: RawTrend = { count: this.count, sum: this.sum, min: this.min, max: this.max, pos: encodeIntoCompressedBase64(this.pos) };
    if (this.neg && this.neg.totalCount > 0) raw.neg = encodeIntoCompressedBase64(this.neg);
    return raw;
  }

  /** A sink holding exactly `raw`. */
  static fromRaw(raw: RawTrend): TrendSink {
    const sink = new TrendSink();
    sink.mergeRaw(raw);
    return sink;
  }

  /**
   * Adds a raw state: afterwards this sink is exactly what it would be had it
   * been fed those samples too (count, min, max, every histogram counter; the
   * sum up to floating-point addition order). Throws on a malformed encoding.
   */
  mergeRaw(raw: RawTrend): void {
    if (raw.count === 0) return;
    addEncoded(this.pos, raw.pos);
    if (raw.neg !== undefined) addEncoded((this.neg ??= newHistogram()), raw.neg);
    this.count += raw.count;
    this.sum += raw.sum;
    if (raw.min < this.min) this.min = raw.min;
    if (raw.max > this.max) this.max = raw.max;
  }

  /** Bytes held by the histograms (for tests and diagnostics). */
  footprintBytes(): number {
    return this.pos.estimatedFootprintInBytes + (this.neg?.estimatedFootprintInBytes ?? 0);
  }

  /** The values at the given 0-based ranks (ascending, distinct) of the sorted samples. */
  private valuesAtRanks(ranks: number[]): Map<number, number> {
    const out = new Map<number, number>();
    const negCount = this.neg?.totalCount ?? 0;
    const negRanks: number[] = [];
    const posRanks: number[] = [];
    for (const r of ranks) {
      if (r === 0) out.set(r, this.min);
      else if (r === this.count - 1) out.set(r, this.max);
      else if (r < negCount) negRanks.push(negCount - 1 - r);
      else posRanks.push(r - negCount);
    }
    if (negRanks.length > 0) {
      negRanks.reverse();
      const vals = walk(this.neg!, negRanks);
      negRanks.forEach((nr, i) => out.set(negCount - 1 - nr, -vals[i]!));
    }
    if (posRanks.length > 0) {
      const vals = walk(this.pos, posRanks);
      posRanks.forEach((pr, i) => out.set(pr + negCount, vals[i]!));
    }
    return out;
  }
}

/** One ascending pass over the counters: the bucket-median value at each rank (ranks ascending). */
function walk(h: JsHistogram, ranks: number[]): number[] {
  const out: number[] = [];
  let k = 0;
  let cum = 0;
  for (let i = 0; i < h.countsArrayLength && k < ranks.length; i++) {
    const c = h.getCountAtIndex(i);
    if (c === 0) continue;
    cum += c;
    while (k < ranks.length && ranks[k]! < cum) {
      out.push(h.medianEquivalentValue(h.valueFromIndex(i)) / SCALE);
      k++;
    }
  }
  // Clamped values beyond MAX_SCALED cannot hide ranks, but stay safe.
  while (out.length < ranks.length) out.push(h.maxValue / SCALE);
  return out;
}
