/**
 * `metric` or `metric{tag:value,tag2:"value"}`: the metric name plus the tag
 * filter of a sub-metric, as written in thresholds (k6 syntax). Keys and
 * values are trimmed of spaces and of surrounding quotes; `{tag}` means the
 * tag must equal ''.
 */
export interface MetricKey {
  /** The key as written, trimmed. */
  key: string;
  name: string;
  /** Undefined for a plain metric. */
  tags: Record<string, string> | undefined;
}

/** Parses a metric key; throws an Error whose message says what is wrong. */
export function parseMetricKey(input: string): MetricKey {
  const key = input.trim();
  const brace = key.indexOf('{');
  if (brace < 0) {
    if (key.includes('}')) throw new Error('unexpected "}" without an opening "{"');
    return { key, name: key, tags: undefined };
  }
  const name = key.slice(0, brace).trim();
  if (!key.endsWith('}')) throw new Error('missing closing "}": a sub-metric is written metric{tag:value}');
  const inner = key.slice(brace + 1, -1).trim();
  if (inner === '') throw new Error('empty tag filter "{}"');
  const tags: Record<string, string> = {};
  for (const part of inner.split(',')) {
    if (part.trim() === '') continue;
    const colon = part.indexOf(':');
    const k = unquote(colon < 0 ? part : part.slice(0, colon));
    const v = colon < 0 ? '' : unquote(part.slice(colon + 1));
    if (k === '') throw new Error(`empty tag name in "{${inner}}"`);
    tags[k] = v;
  }
  return { key, name, tags };
}

function unquote(s: string): string {
  return s.trim().replace(/^["']+|["']+$/g, '');
}

/** A canonical form of a tag filter, so `{a:1,b:2}` and `{b:2, a:'1'}` are one sub-metric. */
export function canonicalTags(tags: Record<string, string>): string {
  return Object.keys(tags)
    .sort()
    .map((k) => `${k}\u0000${tags[k]}`)
    .join('\u0001');
}
