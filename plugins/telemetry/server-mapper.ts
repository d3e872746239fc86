import type { SampleSink } from 'llmload/plugin';
import type { Series } from './exposition-parser.js';
import { canonicalName, type ServerMetricSpec, type ServerSource } from './server-fields.js';

/** Labels that become tags on server samples (others, e.g. `le`, `finished_reason`, are summed over). */
const KEPT_LABELS: Readonly<Record<string, string>> = { model_name: 'model', engine: 'engine' };

/**
 * Maps the series of one /metrics scrape to `server_*` samples. Series that
 * differ only in labels llmload does not keep are summed; counters and
 * histogram sums become deltas (a decrease is a server restart: the new value
 * is the delta); histogram means are Δsum/Δcount over the interval.
 */
export class ServerMapper {
  private readonly prev = new Map<string, { sum: number; count: number }>();
  /** Canonical family name → where it goes; built once. */
  private readonly byName = new Map<string, { spec: ServerMetricSpec; source: ServerSource; rank: number }>();

  constructor(
    specs: readonly ServerMetricSpec[],
    private readonly sink: SampleSink,
    private readonly runTags: Record<string, string>,
  ) {
    for (const spec of specs) {
      spec.sources.forEach((source, rank) => this.byName.set(canonicalName(source.name), { spec, source, rank }));
    }
  }

  /**
   * Maps one scrape from `source` (its URL; counter state is kept per URL),
   * tagging samples with `host`. Returns how many samples were emitted, and how
   * many series matched a known family.
   */
  map(series: readonly Series[], t: number, host: string, source: string = host): { samples: number; matched: number } {
    // metric → preferred source rank seen → per tag-set accumulated {value | sum, count}
    const found = new Map<string, { rank: number; source: ServerSource; groups: Map<string, { tags: Record<string, string>; sum: number; count: number }> }>();
    let matched = 0;
    for (const s of series) {
      if (!Number.isFinite(s.value)) continue;
      const hit = this.lookup(s.name);
      if (!hit) continue;
      matched++;
      const { spec, source, rank, part } = hit;
      let entry = found.get(spec.metric);
      if (!entry || rank < entry.rank) found.set(spec.metric, (entry = { rank, source, groups: new Map() }));
      if (rank !== entry.rank) continue;
      const tags: Record<string, string> = { host };
      for (const [label, tag] of Object.entries(KEPT_LABELS)) if (s.labels[label]) tags[tag] = s.labels[label]!;
      const key = JSON.stringify(tags);
      let group = entry.groups.get(key);
      if (!group) entry.groups.set(key, (group = { tags, sum: 0, count: 0 }));
      if (part === 'count') group.count += s.value;
      else group.sum += s.value;
    }

    let samples = 0;
    for (const [metric, { source: from, groups }] of found) {
      for (const [key, g] of groups) {
        const value = this.valueOf(`${source}\u0000${metric}\u0000${key}`, from, g);
        if (value === undefined) continue;
        this.sink.push({ metric, time: t, value, tags: { ...this.runTags, ...g.tags } });
        samples++;
      }
    }
    return { samples, matched };
  }

  private lookup(name: string): { spec: ServerMetricSpec; source: ServerSource; rank: number; part: 'value' | 'sum' | 'count' } | undefined {
    const canon = canonicalName(name);
    const direct = this.byName.get(canon);
    if (direct && (direct.source.kind === 'gauge' || direct.source.kind === 'counter')) return { ...direct, part: 'value' };
    const m = /^(.*)_(sum|count)$/.exec(canon);
    if (!m) return undefined;
    const hist = this.byName.get(m[1]!);
    if (!hist || (hist.source.kind !== 'histogram-sum' && hist.source.kind !== 'histogram-mean')) return undefined;
    return { ...hist, part: m[2] as 'sum' | 'count' };
  }

  private valueOf(stateKey: string, source: ServerSource, g: { sum: number; count: number }): number | undefined {
    if (source.kind === 'gauge') return g.sum * source.scale;
    const prev = this.prev.get(stateKey);
    this.prev.set(stateKey, { sum: g.sum, count: g.count });
    if (!prev) return undefined; // the first scrape is the baseline
    const restarted = g.sum < prev.sum || g.count < prev.count;
    const dSum = restarted ? g.sum : g.sum - prev.sum;
    const dCount = restarted ? g.count : g.count - prev.count;
    if (source.kind === 'histogram-mean') return dCount > 0 ? (dSum / dCount) * source.scale : undefined;
    return dSum * source.scale;
  }
}
