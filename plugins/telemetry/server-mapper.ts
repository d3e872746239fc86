import type { SampleSink } from 'llmload/plugin';
import type { Series } from './exposition-parser.js';
import { canonicalName, type ServerMetricSpec, type ServerSource } from './server-fields.js';

/** Labels that become tags on server samples (others, e.g. `le`, `finished_reason`, are summed over). */
const KEPT_LABELS: Readonly<Record<string, string>> = { model_name: 'model', model: 'model', engine: 'engine' };

/** Where a series goes: `sum` is a value, a histogram's `_sum` or a ratio's numerator; `count` the rest. */
interface Route {
  spec: ServerMetricSpec;
  source: ServerSource;
  rank: number;
  part: 'sum' | 'count';
  labels?: Readonly<Record<string, string>>;
}

interface Group {
  tags: Record<string, string>;
  sum: number;
  count: number;
  /** Largest rounding of the summed readings (servers that print few digits). */
  rounding: number;
}

/** What one scrape held. */
export interface MapResult {
  samples: number;
  /** Series that fed a server metric. */
  matched: number;
  /** Engines whose names were among them. */
  engines: Set<string>;
}

const HISTOGRAM = new Set(['histogram-sum', 'histogram-mean']);

/**
 * Maps the series of one /metrics scrape to `server_*` samples. Series that
 * differ only in labels llmload does not keep are summed; counters and
 * histogram sums become deltas (a decrease is a server restart: the new value
 * is the delta); histogram means are Δsum/Δcount over the interval; ratios
 * are Σ numerator / Σ denominator each scrape.
 */
export class ServerMapper {
  private readonly prev = new Map<string, { sum: number; count: number }>();
  /** Per counter state: the rounding of its first and latest readings (and of readings before restarts). */
  private readonly rounding = new Map<string, { metric: string; first: number; last: number; restarts: number }>();
  /** Canonical family name → where its series go; built once. */
  private readonly routes = new Map<string, Route[]>();
  /** Sources that matched at least one series this run. */
  readonly seen = new Set<ServerSource>();

  constructor(
    specs: readonly ServerMetricSpec[],
    private readonly sink: SampleSink,
    private readonly runTags: Record<string, string>,
  ) {
    for (const spec of specs) {
      spec.sources.forEach((source, rank) => {
        this.route(source.name, { spec, source, rank, part: 'sum', labels: source.labels });
        if (source.per) this.route(source.per.name, { spec, source, rank, part: 'count', labels: source.per.labels });
      });
    }
  }

  /**
   * Maps one scrape from `source` (its URL; counter state is kept per URL),
   * tagging samples with `host`.
   */
  map(series: readonly Series[], t: number, host: string, source: string = host): MapResult {
    // metric → preferred source rank seen → per tag-set accumulated {sum, count}
    const found = new Map<string, { rank: number; source: ServerSource; groups: Map<string, Group> }>();
    const engines = new Set<string>();
    let matched = 0;
    for (const s of series) {
      if (!Number.isFinite(s.value)) continue;
      let hit = false;
      for (const { spec, source: from, rank, part } of this.lookup(s)) {
        hit = true;
        this.seen.add(from);
        if (from.engine) engines.add(from.engine);
        let entry = found.get(spec.metric);
        if (!entry || rank < entry.rank) found.set(spec.metric, (entry = { rank, source: from, groups: new Map() }));
        if (rank !== entry.rank) continue;
        const tags: Record<string, string> = { host };
        for (const [label, tag] of Object.entries(KEPT_LABELS)) if (s.labels[label]) tags[tag] = s.labels[label]!;
        const key = JSON.stringify(tags);
        let group = entry.groups.get(key);
        if (!group) entry.groups.set(key, (group = { tags, sum: 0, count: 0, rounding: 0 }));
        if (part === 'count') group.count += s.value;
        else group.sum += s.value;
        if (from.significantDigits) group.rounding += roundingOf(s.value, from.significantDigits);
      }
      if (hit) matched++;
    }

    let samples = 0;
    for (const [metric, { source: from, groups }] of found) {
      for (const [key, g] of groups) {
        const value = this.valueOf(`${source}\u0000${metric}\u0000${from.name}\u0000${key}`, metric, from, g);
        if (value === undefined) continue;
        this.sink.push({ metric, time: t, value, tags: { ...this.runTags, ...g.tags } });
        samples++;
      }
    }
    return { samples, matched, engines };
  }

  /**
   * How far a counter's total over the run can be off because the server
   * rounds what it prints (llama.cpp past 999,999): ± this many units.
   */
  uncertainty(metric: string): number {
    let total = 0;
    for (const r of this.rounding.values()) if (r.metric === metric) total += r.first + r.last + r.restarts;
    return total;
  }

  private route(name: string, r: Route): void {
    const key = canonicalName(name);
    const list = this.routes.get(key);
    if (list) list.push(r);
    else this.routes.set(key, [r]);
  }

  private *lookup(s: Series): Generator<Route> {
    for (const r of this.routes.get(canonicalName(s.name)) ?? []) {
      if (!HISTOGRAM.has(r.source.kind) && labelsMatch(s.labels, r.labels)) yield r;
    }
    const m = /^(.*)_(sum|count)$/.exec(s.name);
    if (!m) return;
    for (const r of this.routes.get(canonicalName(m[1]!)) ?? []) {
      if (HISTOGRAM.has(r.source.kind) && labelsMatch(s.labels, r.labels)) yield { ...r, part: m[2] as 'sum' | 'count' };
    }
  }

  private valueOf(stateKey: string, metric: string, source: ServerSource, g: Group): number | undefined {
    if (source.kind === 'gauge') return g.sum * source.scale;
    if (source.kind === 'gauge-ratio') return g.count > 0 ? (g.sum / g.count) * source.scale : undefined;
    const prev = this.prev.get(stateKey);
    this.prev.set(stateKey, { sum: g.sum, count: g.count });
    const restarted = prev !== undefined && (g.sum < prev.sum || g.count < prev.count);
    this.noteRounding(stateKey, metric, g.rounding, restarted);
    if (!prev) return undefined; // the first scrape is the baseline
    const dSum = restarted ? g.sum : g.sum - prev.sum;
    const dCount = restarted ? g.count : g.count - prev.count;
    if (source.kind === 'histogram-mean') return dCount > 0 ? (dSum / dCount) * source.scale : undefined;
    return dSum * source.scale;
  }

  private noteRounding(stateKey: string, metric: string, rounding: number, restarted: boolean): void {
    const r = this.rounding.get(stateKey);
    if (!r) this.rounding.set(stateKey, { metric, first: rounding, last: rounding, restarts: 0 });
    else {
      // The total is Σ deltas = last − first, plus the readings just before each restart.
      if (restarted) r.restarts += r.last;
      r.last = rounding;
    }
  }
}

function labelsMatch(have: Record<string, string>, want: Readonly<Record<string, string>> | undefined): boolean {
  if (!want) return true;
  for (const [k, v] of Object.entries(want)) if (have[k] !== v) return false;
  return true;
}

/**
 * Worst rounding of a whole-number reading printed to `digits` significant
 * digits: 0 below 10^digits (printed exactly), else half a unit in the last
 * printed place (llama.cpp's 1234567 prints as 1.23457e+06: ±5).
 */
export function roundingOf(value: number, digits: number): number {
  const v = Math.abs(value);
  if (v < 10 ** digits) return 0;
  return 0.5 * 10 ** (Math.floor(Math.log10(v)) - digits + 1);
}
