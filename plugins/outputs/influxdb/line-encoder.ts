import { invalidOption, type Sample, type Tags } from 'llmload/plugin';
import type { Point, PointSettings } from '@influxdata/influxdb-client';
import { influx } from './client-lib.js';
import type { Precision } from './config.js';

/** Field types for tags written as fields (k6's `vu:int,iter:int,url`). */
export type FieldType = 'int' | 'float' | 'bool' | 'string';
const FIELD_TYPES: readonly FieldType[] = ['int', 'float', 'bool', 'string'];

/** `vu:int,iter:int,url` → vu→int, iter→int, url→string (k6's syntax). */
export function parseTagsAsFields(text: string, where: string): Map<string, FieldType> {
  const out = new Map<string, FieldType>();
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')) {
    const [name, type = 'string', ...rest] = part.split(':');
    if (name === '' || rest.length > 0 || !(FIELD_TYPES as readonly string[]).includes(type)) {
      throw invalidOption(where, `"${part}" is not "tag" or "tag:type" with type one of ${FIELD_TYPES.join(', ')}`);
    }
    if (name === 'testid') throw invalidOption(where, '"testid" must stay a tag: dashboards select runs by it');
    out.set(name, type as FieldType);
  }
  return out;
}

/** Distinct tag sets whose escaped heads are kept. */
const MAX_TAG_SETS = 10_000;

/** Point settings for a line without a timestamp (Point adds the current time otherwise). */
const NO_TIME: PointSettings = { convertTime: () => undefined };

/** A sample's tags split once into what stays a tag and what becomes a field. */
interface PreparedTags {
  tags: Array<[string, string]>;
  fields: Array<[string, FieldType, string]>;
  /** Identifies the series (tag set) for the timestamp de-duplication. */
  seriesKey: string;
  /** `,iter=7i,url="…"`: the tags written as fields, as Point escapes them ('' when none). */
  extraFields: string;
  /** Per metric: the line up to the fields, and the series' last timestamp. */
  heads: Map<string, { text: string; stamp: Stamp }>;
}

/** The last timestamp written per series, as (major ticks, extra nanoseconds). */
interface Stamp {
  major: number;
  minor: number;
}

/**
 * Turns samples into InfluxDB line protocol with the client library's Point
 * (its escaping), in k6's schema: measurement = metric name, field `value`,
 * tags = sample tags, high-cardinality tags as fields, plus `testid`.
 *
 * Point sorts and escapes every key on every call (~5 µs a point), so it
 * builds the escaped head (`measurement,tag=v,…`) and the extra fields once
 * per metric and tag set; each sample then only adds its value and time.
 *
 * InfluxDB keeps ONE point per series and timestamp: a second one overwrites
 * the first. Coalesced stream chunks share a timestamp, so two ITL samples
 * with the same tags would collapse into one. The encoder therefore moves a
 * point that would land on or before the last timestamp of its series one
 * tick (1 ns at the default precision) past it: every sample stays a point.
 */
export class LineEncoder {
  private readonly prepared = new WeakMap<Tags, PreparedTags>();
  private readonly byContent = new Map<string, PreparedTags>();
  private readonly last = new Map<string, Stamp>();

  constructor(private readonly opts: { precision: Precision; tagsAsFields: ReadonlyMap<string, FieldType>; testid: string }) {}

  /** One line per sample; undefined when the value cannot be written (NaN, ±Infinity). */
  encode(s: Sample): string | undefined {
    if (!Number.isFinite(s.value)) return undefined;
    const prep = this.prepare(s.tags);
    let head = prep.heads.get(s.metric);
    if (!head) {
      head = { text: this.head(s.metric, prep), stamp: this.series(s.metric, prep.seriesKey) };
      prep.heads.set(s.metric, head);
    }
    // Point.floatField writes String(value) too.
    return `${head.text} value=${s.value}${prep.extraFields} ${this.stamp(head.stamp, s.time)}`;
  }

  /**
   * A point with the given numeric fields and the sample tags that stay tags
   * (the per-sample ones, e.g. vu/iter/url, are left out): for aggregates.
   */
  encodeFields(measurement: string, time: number, tags: Tags, fields: Record<string, number>): string | undefined {
    const prep = this.prepare(tags);
    const p = new (influx().Point)(measurement);
    for (const [k, v] of prep.tags) p.tag(k, v);
    for (const [k, v] of Object.entries(fields)) {
      if (!Number.isFinite(v)) continue;
      if (k === 'count') p.intField(k, v);
      else p.floatField(k, v);
    }
    p.timestamp(this.stamp(this.series(measurement, prep.seriesKey), time));
    return p.toLineProtocol();
  }

  /** The series these tags land in: per-sample tags written as fields (vu, iter, url) do not count. */
  seriesKey(tags: Tags): string {
    return this.prepare(tags).seriesKey;
  }

  private prepare(tags: Tags): PreparedTags {
    let prep = this.prepared.get(tags);
    if (prep) return prep;
    // Endpoints build a fresh tags object per request: also share by content, so the heads are built once.
    let key = '';
    for (const k in tags) key += k + '\u0000' + tags[k] + '\u0001';
    prep = this.byContent.get(key);
    if (!prep) {
      if (this.byContent.size >= MAX_TAG_SETS) this.byContent.clear(); // a per-request tag value: bound the cache
      this.byContent.set(key, (prep = this.build(tags)));
    }
    this.prepared.set(tags, prep);
    return prep;
  }

  private build(tags: Tags): PreparedTags {
    const kept: Array<[string, string]> = [];
    const fields: Array<[string, FieldType, string]> = [];
    for (const [k, v] of Object.entries(tags)) {
      const type = this.opts.tagsAsFields.get(k);
      if (type !== undefined) fields.push([k, type, v]);
      else if (v !== '') kept.push([k, v]); // line protocol has no empty tag values
    }
    if (tags.testid === undefined || tags.testid === '') kept.push(['testid', this.opts.testid]);
    kept.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    let extraFields = '';
    if (fields.length > 0) {
      const p = new (influx().Point)('m');
      for (const [k, type, v] of fields) addField(p, k, type, v);
      const line = p.toLineProtocol(NO_TIME); // `m f=…,g=…`, or undefined when no field survived
      if (line !== undefined) extraFields = ',' + line.slice(2);
    }
    return { tags: kept, fields, seriesKey: kept.map(([k, v]) => `${k}\u0000${v}`).join('\u0001'), extraFields, heads: new Map() };
  }

  /** `measurement,tag=value,…` as Point escapes it. */
  private head(metric: string, prep: PreparedTags): string {
    const p = new (influx().Point)(metric);
    for (const [k, v] of prep.tags) p.tag(k, v);
    const line = p.floatField('value', 0).toLineProtocol(NO_TIME)!;
    return line.slice(0, line.length - ' value=0'.length);
  }

  private series(metric: string, seriesKey: string): Stamp {
    const key = metric + '\u0002' + seriesKey;
    let st = this.last.get(key);
    if (!st) this.last.set(key, (st = { major: -Infinity, minor: 0 }));
    return st;
  }

  /** The timestamp text for `time` (epoch ms, fractional), after the series' last one. */
  private stamp(last: Stamp, time: number): string {
    const ns = this.opts.precision === 'ns';
    let major = ticks(time, this.opts.precision);
    let minor = 0;
    if (major < last.major || (major === last.major && minor <= last.minor)) {
      major = last.major;
      minor = last.minor + 1;
      if (!ns || minor === 1000) {
        major += 1;
        minor = 0;
      }
    }
    last.major = major;
    last.minor = minor;
    return ns ? `${major}${minor < 10 ? '00' : minor < 100 ? '0' : ''}${minor}` : String(major);
  }
}

/** Integer time in the precision's unit; nanoseconds are microseconds + 3 digits added by `stamp`. */
function ticks(timeMs: number, precision: Precision): number {
  switch (precision) {
    case 'ns':
    case 'us':
      // Sample times carry about a quarter microsecond of float noise; round, not floor.
      return Math.round(timeMs * 1000);
    case 'ms':
      return Math.floor(timeMs);
    case 's':
      return Math.floor(timeMs / 1000);
  }
}

function addField(p: Point, name: string, type: FieldType, value: string): void {
  if (value === '' && type !== 'string') return;
  switch (type) {
    case 'int': {
      const n = Number(value);
      if (Number.isFinite(n)) p.intField(name, n);
      return;
    }
    case 'float': {
      const n = Number(value);
      if (Number.isFinite(n)) p.floatField(name, n);
      return;
    }
    case 'bool':
      p.booleanField(name, value === 'true' || value === '1');
      return;
    case 'string':
      p.stringField(name, value);
  }
}
