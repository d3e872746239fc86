import { TrendSink, type MetricType, type Sample } from 'llmload/plugin';

/** The percentiles kept per bucket of a trend series. */
export const BUCKET_PERCENTILES = [50, 90, 95, 99] as const;
/** Buckets this far behind the newest one are closed (their percentiles computed, their histogram dropped). */
const OPEN_BUCKETS = 3;
/** Quantiles of the whole-run distributions: p0, p1 … p100. */
const DISTRIBUTION_STEPS = 101;

/**
 * One series over time, column-wise (uPlot's layout): `t[i]` is the start of
 * bucket i in epoch seconds. Trend series also have `p50`…`p99` per bucket.
 * Null where a bucket got no sample.
 */
export interface SeriesColumns {
  type: MetricType;
  t: number[];
  count: number[];
  sum: number[];
  min: number[];
  max: number[];
  /** The last value of the bucket (gauges). */
  last: number[];
  p50?: Array<number | null>;
  p90?: Array<number | null>;
  p95?: Array<number | null>;
  p99?: Array<number | null>;
}

/** A whole-run distribution: the value at p0, p1 … p100. */
export interface Distribution {
  count: number;
  quantiles: number[];
}

interface Bucket {
  count: number;
  sum: number;
  min: number;
  max: number;
  last: number;
  /** Open trend buckets only: the HDR snapshot their percentiles come from. */
  hist?: TrendSink;
  pct?: number[];
}

class Series {
  readonly buckets = new Map<number, Bucket>();
  /** Trend buckets whose histogram is still kept. */
  private readonly open = new Set<number>();
  constructor(readonly type: MetricType) {}

  /** The bucket the last sample went to: samples come in time order, so most hit it again. */
  private lastIndex = Number.NaN;
  private lastBucket: Bucket | undefined;

  add(index: number, value: number): void {
    let b = index === this.lastIndex ? this.lastBucket : this.buckets.get(index);
    if (!b) {
      b = { count: 0, sum: 0, min: value, max: value, last: value };
      if (this.type === 'trend') {
        b.hist = new TrendSink();
        this.open.add(index);
      }
      this.buckets.set(index, b);
    }
    this.lastIndex = index;
    this.lastBucket = b;
    b.count++;
    b.sum += value;
    if (value < b.min) b.min = value;
    if (value > b.max) b.max = value;
    b.last = value;
    // A late sample for a closed bucket still counts; its percentiles stay as they were.
    b.hist?.add(value);
  }

  close(before: number): void {
    for (const i of this.open) {
      if (i >= before) continue;
      closeBucket(this.buckets.get(i)!);
      this.open.delete(i);
    }
  }
}

function closeBucket(b: Bucket): void {
  b.pct = b.hist!.percentiles(BUCKET_PERCENTILES);
  b.hist = undefined;
}

/**
 * The report's time-bucketed recorder: per series and bucket (1 s by default)
 * count, sum, min, max, last, and for trends an HDR histogram whose p50/p90/
 * p95/p99 are kept when the bucket closes. Memory and output grow with the
 * duration and the number of series, never with the number of samples.
 * Series are metric names; `llm_req_failed` is also split by `error_type`.
 */
export class BucketRecorder {
  private readonly series = new Map<string, Series>();
  private readonly whole = new Map<string, TrendSink>();
  /** Per metric name, what its samples feed (one lookup per sample); null: a metric without a type. */
  private readonly routes = new Map<string, { series: Series; whole: TrendSink | undefined } | null>();
  private newest = -Infinity;
  readonly models = new Set<string>();
  firstTime = Infinity;
  lastTime = -Infinity;

  constructor(
    private readonly typeOf: (metric: string) => MetricType | undefined,
    readonly bucketMs = 1000,
    /** Metrics whose whole-run distribution is kept. */
    distributions: readonly string[] = ['llm_ttft', 'llm_e2e', 'llm_prompt_tokens', 'llm_output_tokens'],
  ) {
    for (const m of distributions) this.whole.set(m, new TrendSink());
  }

  add(samples: readonly Sample[]): void {
    for (const s of samples) {
      const index = Math.floor(s.time / this.bucketMs);
      if (s.time < this.firstTime) this.firstTime = s.time;
      if (s.time > this.lastTime) this.lastTime = s.time;
      let route = this.routes.get(s.metric);
      if (route === undefined) {
        const series = this.seriesOf(s.metric);
        route = series ? { series, whole: this.whole.get(s.metric) } : null;
        this.routes.set(s.metric, route);
      }
      if (route === null) continue;
      route.series.add(index, s.value);
      route.whole?.add(s.value);
      if (s.metric === 'llm_req_failed') {
        const model = s.tags.model;
        if (model !== undefined) this.models.add(model);
        if (s.value !== 0) this.seriesOf(`llm_req_failed{error_type:${s.tags.error_type ?? 'unknown'}}`, 'counter')!.add(index, 1);
      }
      if (index > this.newest) {
        this.newest = index;
        for (const ser of this.series.values()) ser.close(index - OPEN_BUCKETS);
      }
    }
  }

  /** Every series as columns, on its own buckets (sorted by time). */
  columns(): Record<string, SeriesColumns> {
    const out: Record<string, SeriesColumns> = {};
    for (const [name, ser] of this.series) {
      const idx = [...ser.buckets.keys()].sort((a, b) => a - b);
      const col: SeriesColumns = { type: ser.type, t: [], count: [], sum: [], min: [], max: [], last: [] };
      const pct = ser.type === 'trend' ? BUCKET_PERCENTILES.map(() => [] as Array<number | null>) : undefined;
      for (const i of idx) {
        const b = ser.buckets.get(i)!;
        if (b.hist) closeBucket(b);
        col.t.push((i * this.bucketMs) / 1000);
        col.count.push(b.count);
        col.sum.push(round(b.sum));
        col.min.push(round(b.min));
        col.max.push(round(b.max));
        col.last.push(round(b.last));
        pct?.forEach((list, k) => list.push(round(b.pct![k]!)));
      }
      if (pct) [col.p50, col.p90, col.p95, col.p99] = pct;
      out[name] = col;
    }
    return out;
  }

  /** Whole-run quantiles of the distribution metrics that got samples. */
  distributionsOut(): Record<string, Distribution> {
    const out: Record<string, Distribution> = {};
    const ns = Array.from({ length: DISTRIBUTION_STEPS }, (_, i) => i);
    for (const [name, sink] of this.whole) {
      if (sink.count > 0) out[name] = { count: sink.count, quantiles: sink.percentiles(ns).map(round) };
    }
    return out;
  }

  private seriesOf(name: string, type?: MetricType): Series | undefined {
    let ser = this.series.get(name);
    if (!ser) {
      const t = type ?? this.typeOf(name);
      if (t === undefined) return undefined;
      ser = new Series(t);
      this.series.set(name, ser);
    }
    return ser;
  }
}

/** 6 significant digits: the file stays small, and no chart can show more. */
function round(v: number): number {
  return Number.isFinite(v) ? Number(v.toPrecision(6)) : v;
}
