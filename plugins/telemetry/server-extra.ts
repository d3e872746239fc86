import { checkKeys, METRIC_NAME_PATTERN, optionError, showValue, suggest } from 'llmload/plugin';
import { canonicalName, extraMetricName, SERVER_METRICS, type ServerMetricSpec, type ServerSource, type SourceKind } from './server-fields.js';

/** One entry of `telemetry.server.metrics`, kept to report it if it never shows up. */
export interface ListedMetric {
  /** `metrics[2]` */
  at: string;
  /** The family as the user wrote it. */
  name: string;
  type: ExtraType;
  source: ServerSource;
  /** The llmload metric it feeds. */
  metric: string;
}

/** `telemetry.server.metrics`, resolved. */
export interface ExtraMetrics {
  /** New metrics, one per listed family. */
  specs: ServerMetricSpec[];
  /** Sources added in front of a built-in metric's (`as: 'server_requests_waiting'`). */
  aliases: Map<string, ServerSource[]>;
  listed: ListedMetric[];
}

type ExtraType = 'gauge' | 'counter' | 'histogram';

const KIND: Record<ExtraType, SourceKind> = { gauge: 'gauge', counter: 'counter', histogram: 'histogram-mean' };
/** What a time family's unit is, from Prometheus' naming convention, or from `unit`. */
const TIME_SCALE: Record<string, number> = { s: 1000, ms: 1, us: 0.001 };
const TIME_SUFFIX: ReadonlyArray<[RegExp, string]> = [
  [/_seconds(_total)?$/, 's'],
  [/_(milliseconds|ms)(_total)?$/, 'ms'],
  [/_(microseconds|us)(_total)?$/, 'us'],
];

/**
 * `metrics: ['sglang:cache_hit_rate', { name: 'my_queue_len', as: 'server_requests_waiting' }]`:
 * a family name (type: counter when it ends in `_total`, else gauge) or an
 * object. `as` may name a built-in `server_*` metric: the family then feeds it
 * (in front of the engines' names), converted to its unit.
 */
export function parseExtraMetrics(list: unknown, where: string): ExtraMetrics {
  const out: ExtraMetrics = { specs: [], aliases: new Map(), listed: [] };
  if (list === undefined) return out;
  if (!Array.isArray(list)) throw optionError(where, 'metrics', `must be a list of metric names or { name, as, type } objects, got ${showValue(list)}`);
  const taken = new Map<string, string>();
  list.forEach((item, i) => {
    const at = `metrics[${i}]`;
    const o = typeof item === 'string' ? { name: item } : item;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw optionError(where, at, `must be a name or an object, got ${showValue(item)}`);
    checkKeys(o, ['name', 'as', 'type', 'unit'], `${where}: option "${at}"`);
    const { name, as, type, unit } = o as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') throw optionError(where, `${at}.name`, `must be a metric family name, got ${showValue(name)}`);
    const t = type ?? (name.endsWith('_total') ? 'counter' : 'gauge');
    if (t !== 'gauge' && t !== 'counter' && t !== 'histogram')
      throw optionError(where, `${at}.type`, `must be "gauge", "counter" or "histogram", got ${showValue(type)}`);
    const metric = as ?? extraMetricName(name);
    if (typeof metric !== 'string' || !METRIC_NAME_PATTERN.test(metric)) {
      throw optionError(where, `${at}.as`, `must be a metric name (letters, digits, _), got ${showValue(as)}`);
    }
    const builtin = SERVER_METRICS.find((s) => s.metric === metric);
    if (unit !== undefined && builtin?.contains !== 'time') {
      throw optionError(where, `${at}.unit`, `only applies when "as" names a time metric (server_queue_time), got ${showValue(unit)}`);
    }
    let source: ServerSource;
    if (builtin) {
      source = aliasSource(builtin, name, t, unit, where, at);
      const sources = out.aliases.get(metric) ?? [];
      out.aliases.set(metric, [...sources, source]);
    } else {
      if (taken.has(metric)) throw optionError(where, `${at}.as`, `"${metric}" is already the name of ${taken.get(metric)}; give each family its own name`);
      source = { name, kind: KIND[t], scale: 1 };
      out.specs.push({ metric, type: t === 'counter' ? 'counter' : 'trend', contains: 'default', unit: '', sources: [source] });
    }
    taken.set(metric, at);
    out.listed.push({ at, name, type: t, source, metric });
  });
  return out;
}

/** A family feeding a built-in metric must fit its type, and time families its unit (ms). */
function aliasSource(builtin: ServerMetricSpec, name: string, type: ExtraType, unit: unknown, where: string, at: string): ServerSource {
  const key = `${at}.type`;
  if (builtin.type === 'counter') {
    if (type === 'gauge') throw optionError(where, key, `"${builtin.metric}" is a counter: alias a counter, or a histogram (its _sum is counted), not a gauge`);
    return { name, kind: type === 'counter' ? 'counter' : 'histogram-sum', scale: 1 };
  }
  if (builtin.contains !== 'time') {
    if (type !== 'gauge') throw optionError(where, key, `"${builtin.metric}" is a reading: alias a gauge, got ${showValue(type)}`);
    return { name, kind: 'gauge', scale: 1 };
  }
  if (type === 'counter') throw optionError(where, key, `"${builtin.metric}" is a time per request: alias a histogram (its mean) or a gauge, not a counter`);
  const u = unit ?? TIME_SUFFIX.find(([re]) => re.test(name))?.[1];
  if (typeof u !== 'string' || TIME_SCALE[u] === undefined) {
    throw optionError(
      where,
      `${at}.unit`,
      unit === undefined
        ? `"${builtin.metric}" is in ms and "${name}" does not say its unit (_seconds, _milliseconds, _microseconds): give unit: 's', 'ms' or 'us'`
        : `must be 's', 'ms' or 'us', got ${showValue(unit)}`,
    );
  }
  return { name, kind: type === 'histogram' ? 'histogram-mean' : 'gauge', scale: TIME_SCALE[u]! };
}

/** The built-in specs with the aliased families in front of each one's own, then the new ones. */
export function withExtraMetrics(extra: ExtraMetrics): ServerMetricSpec[] {
  const builtins = SERVER_METRICS.map((s) => ({ ...s, sources: [...(extra.aliases.get(s.metric) ?? []), ...s.sources] }));
  return [...builtins, ...extra.specs];
}

/**
 * After the run: each family listed in telemetry.server.metrics that no
 * answered scrape had, with the likely reason (a histogram listed as a gauge,
 * or a near name the server does serve). Nothing when no scrape was answered:
 * "unreachable" was said already.
 */
export function neverSeenWarnings(
  listed: readonly ListedMetric[],
  seen: ReadonlySet<ServerSource>,
  served: ReadonlyMap<string, { name: string; type: string }>,
  answered: number,
): string[] {
  if (answered === 0) return [];
  const out: string[] = [];
  for (const l of listed) {
    if (seen.has(l.source)) continue;
    const family = served.get(canonicalName(l.name));
    const histogram = family?.type === 'histogram' || family?.type === 'summary';
    let why: string;
    if (family && histogram && l.type !== 'histogram') why = `it is a ${family.type}: give type: 'histogram'`;
    else if (family && !histogram && l.type === 'histogram') why = `it is a ${family.type === 'counter' ? 'counter' : 'gauge'}, not a histogram: give its type`;
    else if (family) why = 'it never had a finite value';
    else {
      const near = suggest(
        l.name,
        [...served.values()].map((f) => f.name),
      );
      why = near ? `did you mean "${near}"?` : 'the server does not serve it';
    }
    out.push(
      `${l.at} "${l.name}" never appeared in ${answered} answered ${answered === 1 ? 'scrape' : 'scrapes'} (${why}), so ${l.metric} has no samples from it`,
    );
  }
  return out;
}
