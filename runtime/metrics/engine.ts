import { LlmloadError } from '../errors.js';
import { GroupTracker, type GroupSummary } from './groups.js';
import { canonicalTags, parseMetricKey } from './metric-key.js';
import type { MetricRegistry } from './metric-registry.js';
import { createSink, type MetricSink } from './sinks.js';
import type { MetricDefinition, MetricType, Sample, SampleSink, ValueType } from './types.js';

/** A metric or sub-metric the engine aggregates. */
export interface TrackedMetric {
  /** The metric name, or the sub-metric expression as first added (`http_req_duration{status:200}`). */
  readonly key: string;
  readonly definition: MetricDefinition;
  readonly sink: MetricSink;
  /** Sub-metrics only: the parent metric's name and the tag filter. */
  readonly parent?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Listed in snapshots even without samples (k6 does this for metrics with thresholds). */
  pinned: boolean;
}

/** Aggregated values of one metric or sub-metric at a point in time. */
export interface MetricSnapshot {
  key: string;
  type: MetricType;
  contains: ValueType;
  values: Record<string, number>;
  /** No sample has arrived yet. */
  empty: boolean;
  parent?: string;
  tags?: Readonly<Record<string, string>>;
}

interface SubEntry extends TrackedMetric {
  readonly tagKeys: string[];
  readonly tagValues: string[];
  readonly canonical: string;
}

interface Entry extends TrackedMetric {
  subs: SubEntry[];
}

/**
 * The metrics engine: every sample of the run passes through `push`, which
 * adds it to its metric's sink and to the sink of every sub-metric whose tag
 * filter it matches, feeds the group/check tree from `checks` samples, and
 * queues it for the outputs (`drainBatch`, called every ~100 ms). `push` is on
 * the hot path: one map lookup, no allocation.
 */
export class MetricsEngine implements SampleSink {
  private readonly entries = new Map<string, Entry>();
  private readonly byKey = new Map<string, TrackedMetric>();
  private readonly groupTracker = new GroupTracker();
  private batch: Sample[] = [];
  private lastGroup = '';
  private collect: boolean;

  /** `batch: false` when nothing drains the batch (no outputs), so it does not grow. */
  constructor(
    /** The definitions this engine aggregates (a merge defines what it is sent). */
    readonly registry: MetricRegistry,
    opts: { batch?: boolean } = {},
  ) {
    this.collect = opts.batch ?? true;
  }

  push(sample: Sample): void {
    const entry = this.entries.get(sample.metric) ?? this.track(sample.metric);
    const value = sample.value;
    if (!Number.isFinite(value)) {
      throw new LlmloadError('ERR_INTERNAL', `metric "${sample.metric}": sample value ${String(value)} is not a finite number`);
    }
    entry.sink.add(value, sample.time);
    const tags = sample.tags;
    const subs = entry.subs;
    for (let i = 0; i < subs.length; i++) {
      const sub = subs[i]!;
      const keys = sub.tagKeys;
      let match = true;
      for (let j = 0; j < keys.length; j++) {
        if (tags[keys[j]!] !== sub.tagValues[j]) {
          match = false;
          break;
        }
      }
      if (match) sub.sink.add(value, sample.time);
    }
    const group = tags.group;
    if (sample.metric === 'checks') {
      this.groupTracker.check(group ?? '', tags.check ?? '', value !== 0);
    } else if (group !== undefined && group !== this.lastGroup) {
      this.groupTracker.group(group);
      this.lastGroup = group;
    }
    if (this.collect) this.batch.push(sample);
  }

  /**
   * Whether `push` queues samples for `drainBatch`. Off when nothing takes
   * them (no outputs, no progress line): a batch holds every sample for up
   * to 100 ms, long enough for the young-generation GC to copy them all.
   */
  collectBatches(on: boolean): void {
    this.collect = on;
  }

  /** The samples pushed since the last call, in order; the engine starts a new batch. */
  drainBatch(): Sample[] {
    const out = this.batch;
    this.batch = [];
    return out;
  }

  /**
   * Starts aggregating a sub-metric `name{tag:value,...}` (a plain name is
   * accepted too). Samples pushed before this call are not in it. Adding the
   * same filter again, in any spelling, returns the same sub-metric.
   * Throws an Error naming what is wrong (unknown metric, bad syntax).
   */
  addSubmetric(expr: string): TrackedMetric {
    const known = this.byKey.get(expr.trim());
    if (known) return known;
    const parsed = parseMetricKey(expr);
    const entry = this.entries.get(parsed.name) ?? this.track(parsed.name);
    if (!parsed.tags) return entry;
    const canonical = canonicalTags(parsed.tags);
    let sub = entry.subs.find((s) => s.canonical === canonical);
    if (!sub) {
      const tags = Object.freeze({ ...parsed.tags });
      sub = {
        key: parsed.key,
        definition: entry.definition,
        sink: createSink(entry.definition.type),
        parent: entry.key,
        tags,
        pinned: false,
        tagKeys: Object.keys(tags),
        tagValues: Object.values(tags),
        canonical,
      };
      entry.subs.push(sub);
    }
    this.byKey.set(parsed.key, sub);
    return sub;
  }

  /** A tracked metric or sub-metric by name / expression (as added). */
  get(key: string): TrackedMetric | undefined {
    return this.byKey.get(key.trim());
  }

  /**
   * A tracked metric or sub-metric by key, in any spelling of its tag filter;
   * undefined when it has no sample or sub-metric yet. Adds nothing.
   */
  find(key: string): TrackedMetric | undefined {
    const known = this.byKey.get(key.trim());
    if (known) return known;
    let parsed: ReturnType<typeof parseMetricKey>;
    try {
      parsed = parseMetricKey(key);
    } catch {
      return undefined;
    }
    const entry = this.entries.get(parsed.name);
    if (!entry || !parsed.tags) return entry;
    const canonical = canonicalTags(parsed.tags);
    return entry.subs.find((sub) => sub.canonical === canonical);
  }

  /**
   * Values of every metric and sub-metric that has samples or is pinned, in
   * first-seen order (sub-metrics right after their parent).
   */
  snapshot(elapsedMs: number, trendStats?: readonly string[]): MetricSnapshot[] {
    const out: MetricSnapshot[] = [];
    const add = (m: TrackedMetric) => {
      const empty = m.sink.isEmpty();
      if (empty && !m.pinned) return;
      out.push({
        key: m.key,
        type: m.definition.type,
        contains: m.definition.contains,
        values: m.sink.values(elapsedMs, trendStats),
        empty,
        ...(m.parent !== undefined ? { parent: m.parent, tags: m.tags } : {}),
      });
    };
    for (const e of this.entries.values()) {
      add(e);
      for (const s of e.subs) add(s);
    }
    return out;
  }

  /** k6's root_group: groups seen in sample tags and check results per group. */
  rootGroup(): GroupSummary {
    return this.groupTracker.tree();
  }

  /** The group/check tree itself (a distributed merge adds other processes' counts to it). */
  groups(): GroupTracker {
    return this.groupTracker;
  }

  /** Every tracked metric and sub-metric, with or without samples, in first-seen order (sub-metrics after their parent). */
  tracked(): TrackedMetric[] {
    const out: TrackedMetric[] = [];
    for (const e of this.entries.values()) {
      out.push(e);
      for (const s of e.subs) out.push(s);
    }
    return out;
  }

  private track(name: string): Entry {
    const definition = this.registry.get(name);
    if (!definition) {
      throw new LlmloadError('ERR_INTERNAL', `metric "${name}" is not defined (define it before pushing samples)`);
    }
    const entry: Entry = { key: name, definition, sink: createSink(definition.type), pinned: false, subs: [] };
    this.entries.set(name, entry);
    this.byKey.set(name, entry);
    return entry;
  }
}
