import { lazyPackage } from 'llmload/plugin';
import type parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** Loaded at the first scrape (a run without telemetry never needs it). */
const promText = lazyPackage<typeof parsePrometheusTextFormat>(import.meta.url, 'parse-prometheus-text-format');

/** The family type a `# TYPE` line declared (lower case), or 'untyped'. */
export type SeriesType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/** One line of an exposition: `name{labels} value`. */
export interface Series {
  /** As written, including `_sum` / `_count` / `_bucket` suffixes. */
  name: string;
  labels: Record<string, string>;
  /** The value text as written (sentinels are recognised on it, before float rounding). */
  raw: string;
  /** Number(raw), with Prometheus' `+Inf` / `-Inf` / `NaN` spellings. */
  value: number;
  /** Declared type of the family this line belongs to (histogram for `x_sum` of histogram `x`). */
  type: SeriesType;
}

export interface ParseResult {
  series: Series[];
  /** Lines the parser rejected even after normalisation; they are skipped. */
  badLines: string[];
}

/**
 * Parses Prometheus text exposition with parse-prometheus-text-format, made
 * tolerant of what real exporters print:
 * - spaces after the commas between labels (`{gpu="0", UUID="…"}`), which the
 *   library rejects: removed first, outside quoted values;
 * - histogram / summary families are declared `untyped` to the library, so
 *   their `_sum` / `_count` lines come back one by one with their labels (the
 *   library folds labelled histograms into one bucket map and loses sum/count);
 * - a line the library still rejects is dropped and reported, instead of the
 *   whole scrape failing;
 * - the last line is kept when the text has no final newline (the library
 *   drops it).
 */
export function parseExposition(text: string): ParseResult {
  const declared = new Map<string, SeriesType>();
  const lines = text.split('\n').map((line) => normaliseLine(line, declared));
  const badLines: string[] = [];
  let families: ReturnType<typeof parsePrometheusTextFormat> | undefined;
  // Each retry removes one offending line, so this ends.
  for (let attempt = 0; attempt <= lines.length && families === undefined; attempt++) {
    try {
      families = promText()(lines.join('\n') + '\n');
    } catch (err) {
      const bad = badLineOf(err);
      const at = bad === undefined ? -1 : lines.findIndex((l) => l.trim() === bad);
      if (at < 0) throw err;
      badLines.push(lines[at]!.trim());
      lines.splice(at, 1);
    }
  }
  const series: Series[] = [];
  for (const family of families ?? []) {
    for (const m of family.metrics) {
      if (m.value === undefined) continue;
      // Untyped to the library; the declared type is looked up by family name.
      const type = declared.get(family.name) ?? familyTypeOf(family.name, declared) ?? 'untyped';
      series.push({ name: family.name, labels: m.labels ?? {}, raw: m.value, value: parseValue(m.value), type });
    }
  }
  return { series, badLines };
}

/** Prometheus' float spellings: `+Inf`, `-Inf`, `NaN`, or a Go float. */
export function parseValue(raw: string): number {
  switch (raw) {
    case '+Inf':
    case 'Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return NaN;
    default:
      return raw.trim() === '' ? NaN : Number(raw);
  }
}

const TYPES: readonly SeriesType[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

function normaliseLine(line: string, declared: Map<string, SeriesType>): string {
  const trimmed = line.trim();
  const typeLine = /^#\s*TYPE\s+(\S+)\s+(\S+)\s*$/.exec(trimmed);
  if (typeLine) {
    const t = typeLine[2]!.toLowerCase() as SeriesType;
    declared.set(typeLine[1]!, TYPES.includes(t) ? t : 'untyped');
    return t === 'histogram' || t === 'summary' ? `# TYPE ${typeLine[1]} untyped` : trimmed;
  }
  if (trimmed.startsWith('#')) return trimmed.startsWith('# ') ? trimmed : '';
  return removeSpacesBetweenLabels(trimmed);
}

/** `a{x="1", y="2"}` → `a{x="1",y="2"}`; quoted values are left untouched. */
function removeSpacesBetweenLabels(line: string): string {
  const open = line.indexOf('{');
  if (open < 0 || !/[,{]\s/.test(line)) return line;
  let out = line.slice(0, open + 1);
  let inQuotes = false;
  let afterSeparator = true;
  for (let i = open + 1; i < line.length; i++) {
    const c = line[i]!;
    if (inQuotes) {
      out += c;
      if (c === '\\') out += line[++i] ?? '';
      else if (c === '"') inQuotes = false;
      continue;
    }
    if (c === '}') return out + line.slice(i);
    if ((c === ' ' || c === '\t') && afterSeparator) continue;
    afterSeparator = c === ',';
    if (c === '"') inQuotes = true;
    out += c;
  }
  return out;
}

/** `x_sum` / `x_count` / `x_bucket` of a declared histogram or summary `x`. */
function familyTypeOf(name: string, declared: Map<string, SeriesType>): SeriesType | undefined {
  const m = /^(.*)_(sum|count|bucket)$/.exec(name);
  if (!m) return undefined;
  const t = declared.get(m[1]!);
  return t === 'histogram' || t === 'summary' ? t : undefined;
}

function badLineOf(err: unknown): string | undefined {
  if (!(err instanceof Error) || err.name !== 'InvalidLineError') return undefined;
  const prefix = 'Encountered invalid line: ';
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length).trim() : undefined;
}
