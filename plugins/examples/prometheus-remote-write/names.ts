/**
 * Prometheus names from llmload's: metric names `[a-zA-Z_:][a-zA-Z0-9_:]*`,
 * label names `[a-zA-Z_][a-zA-Z0-9_]*` (and `__*` is reserved for Prometheus
 * itself). Anything else becomes `_`, as Prometheus' own client libraries do.
 */
const METRIC_BAD = /[^a-zA-Z0-9_:]/g;
const LABEL_BAD = /[^a-zA-Z0-9_]/g;

/** A valid metric name: bad characters become `_`, a leading digit gets a `_` in front. */
export function metricName(name: string): string {
  const out = name.replace(METRIC_BAD, '_');
  return /^[0-9]/.test(out) || out === '' ? `_${out}` : out;
}

/** A valid label name that does not collide with Prometheus' reserved `__` names. */
export function labelName(tag: string): string {
  let out = tag.replace(LABEL_BAD, '_');
  if (/^[0-9]/.test(out) || out === '') out = `_${out}`;
  return out.startsWith('__') ? `tag${out}` : out;
}

/** The series-name suffix of a trend statistic, as k6 names it: `p(99)` → `p99`, `p(99.9)` → `p999`, `avg` → `avg`. */
export function statSuffix(stat: string): string {
  const m = /^p\((.+)\)$/.exec(stat);
  return m ? `p${m[1]!.replace('.', '')}` : stat;
}

/** A valid namespace (the prefix of every series name): empty, or a metric-name prefix ending in `_`. */
export function isNamespace(ns: string): boolean {
  return ns === '' || /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(ns);
}
