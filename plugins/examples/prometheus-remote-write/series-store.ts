import { TrendSink, type MetricType, type Sample, type Tags } from 'llmload/plugin';
import { labelName, metricName, statSuffix } from './names.js';

/** A remote-write label. */
export interface Label {
  name: string;
  value: string;
}

/** One point of one remote-write time series: its labels (`__name__` included, sorted) and one sample. */
export interface Point {
  labels: Label[];
  value: number;
  /** Epoch milliseconds (integer). */
  timestamp: number;
}

/**
 * A point's value that marks its series stale (ended now, not 5 minutes after
 * its last point): the encoder writes any NaN as Prometheus' stale-marker
 * bits. Samples' own NaNs never become points (see `notWritable`).
 */
export const STALE_NAN = NaN;

type Agg =
  | { type: 'counter'; sum: number }
  | { type: 'gauge'; last: number }
  | { type: 'rate'; passes: number; total: number }
  | { type: 'trend'; stats: TrendSink };

interface Series {
  /** One name per value the series sends (one, or one per trend stat), with the series' labels. */
  names: Label[][];
  agg: Agg;
  /** Newest sample time (ms) since the last point. */
  latest: number;
  /** Timestamp of the last point sent: a series never sends two points at one timestamp. */
  sentAt: number;
  dirty: boolean;
}

export interface StoreOptions {
  /** Prefix of every series name (`llmload_`). */
  namespace: string;
  /** What each trend is sent as, k6's names (`p(99)`, `avg`, …). */
  trendStats: readonly string[];
  /** Labels on every series; they win over a sample tag of the same name. */
  staticLabels: Readonly<Record<string, string>>;
  /** A metric's type (unknown ones are sent as gauges). */
  typeOf(metric: string): MetricType | undefined;
}

/**
 * The state of every series (metric + tags) from the start of the test, as
 * k6's remote-write output keeps it: a counter's running sum (`_total`), a
 * gauge's last value, a rate's ratio (`_rate`), a trend's statistics
 * (`_p99`, `_avg`, …). `take()` turns the series that got samples since the
 * last call into one point each, at the time of their newest sample.
 * Memory grows with the number of series, never with the number of samples.
 */
export class SeriesStore {
  /** Samples whose value Prometheus cannot hold usefully (NaN, ±Infinity): not sent. */
  notWritable = 0;
  private readonly series = new Map<string, Series>();
  private dirty: Series[] = [];
  /** Sample tags are read-only and shared between samples: each object's key is built once. */
  private readonly tagKeys = new WeakMap<Tags, string>();

  constructor(private readonly opts: StoreOptions) {}

  get size(): number {
    return this.series.size;
  }

  add(s: Sample): void {
    if (!Number.isFinite(s.value)) {
      this.notWritable++;
      return;
    }
    const key = `${s.metric}\u0000${this.tagKey(s.tags)}`;
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = this.create(s)));
    const a = series.agg;
    if (a.type === 'counter') a.sum += s.value;
    else if (a.type === 'gauge') a.last = s.value;
    else if (a.type === 'rate') a.total++, s.value !== 0 && a.passes++;
    else a.stats.add(s.value);
    const t = Math.floor(s.time);
    if (t > series.latest) series.latest = t;
    if (!series.dirty) {
      series.dirty = true;
      this.dirty.push(series);
    }
  }

  /** One point per value of each series that changed since the last call. */
  take(): Point[] {
    const out: Point[] = [];
    for (const s of this.dirty) {
      s.dirty = false;
      s.sentAt = Math.max(s.latest, s.sentAt + 1);
      const values = this.values(s.agg);
      values.forEach((value, i) => out.push({ labels: s.names[i]!, value, timestamp: s.sentAt }));
    }
    this.dirty = [];
    return out;
  }

  /** A stale marker for every series, after its last point: the series end here. */
  staleMarkers(now: number): Point[] {
    const out: Point[] = [];
    for (const s of this.series.values()) {
      const timestamp = Math.max(Math.floor(now), s.sentAt + 1);
      for (const labels of s.names) out.push({ labels, value: STALE_NAN, timestamp });
    }
    return out;
  }

  private values(a: Agg): number[] {
    if (a.type === 'counter') return [a.sum];
    if (a.type === 'gauge') return [a.last];
    if (a.type === 'rate') return [a.total === 0 ? 0 : a.passes / a.total];
    const v = a.stats.values(0, this.opts.trendStats);
    return this.opts.trendStats.map((stat) => v[stat]!);
  }

  private create(s: Sample): Series {
    const type = this.opts.typeOf(s.metric) ?? 'gauge';
    const base = `${this.opts.namespace}${s.metric}`;
    // A counter already named `…_total` (llm_output_tokens_total) keeps its name rather than doubling the suffix.
    const total = base.endsWith('_total') ? '' : '_total';
    const suffixes =
      type === 'counter' ? [total] : type === 'rate' ? ['_rate'] : type === 'gauge' ? [''] : this.opts.trendStats.map((st) => `_${statSuffix(st)}`);
    const labels = new Map<string, string>();
    for (const [k, v] of Object.entries(s.tags)) if (v !== '') labels.set(labelName(k), v);
    for (const [k, v] of Object.entries(this.opts.staticLabels)) labels.set(labelName(k), v);
    const names = suffixes.map((suffix) =>
      sortLabels([{ name: '__name__', value: metricName(base + suffix) }, ...[...labels].map(([name, value]) => ({ name, value }))]),
    );
    const agg: Agg =
      type === 'counter'
        ? { type, sum: 0 }
        : type === 'gauge'
          ? { type, last: 0 }
          : type === 'rate'
            ? { type, passes: 0, total: 0 }
            : { type, stats: new TrendSink() };
    return { names, agg, latest: 0, sentAt: 0, dirty: false };
  }

  private tagKey(tags: Tags): string {
    let key = this.tagKeys.get(tags);
    if (key === undefined) {
      key = Object.keys(tags)
        .sort()
        .map((k) => `${k}\u0001${tags[k]}`)
        .join('\u0002');
      this.tagKeys.set(tags, key);
    }
    return key;
  }
}

/** The remote-write spec wants labels sorted by name. */
function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
