import { defineOutput, invalidOption, type OutputContext, type Output, type Sample } from 'llmload/plugin';
import { openLineWriter, type LineWriter } from './line-writer.js';

/** The tag columns of k6's CSV output, in k6's order (its default system tags). */
export const CSV_TAG_COLUMNS = [
  'check',
  'error',
  'error_code',
  'expected_response',
  'group',
  'method',
  'name',
  'proto',
  'scenario',
  'service',
  'status',
  'subproto',
  'tls_version',
  'url',
] as const;
/** Tags k6 treats as metadata (non-indexable): they go to the `metadata` column. */
const METADATA_TAGS = new Set(['vu', 'iter']);
const COLUMN_SET = new Set<string>(CSV_TAG_COLUMNS);
export const CSV_HEADER = ['metric_name', 'timestamp', 'metric_value', ...CSV_TAG_COLUMNS, 'extra_tags', 'metadata'];

const TIME_FORMATS = ['unix', 'unix_milli', 'unix_micro', 'unix_nano', 'rfc3339', 'rfc3339_nano'] as const;
type TimeFormat = (typeof TIME_FORMATS)[number];

/**
 * `--out csv=results.csv` (or `.csv.gz`, or `-`), also k6's
 * `csv=fileName=results.csv,timeFormat=unix_milli`; LLMLOAD_CSV_TIME_FORMAT
 * sets the time format too. One row per sample: name, timestamp (unix seconds
 * by default), value (%f), k6's tag columns, other tags as `k=v&k2=v2` in
 * extra_tags, vu/iter in metadata.
 */
export const csvOutput = defineOutput({
  apiVersion: 1,
  name: 'csv',
  create(ctx: OutputContext): Output {
    const cfg = parseCsvArg(ctx.arg, ctx.env.LLMLOAD_CSV_TIME_FORMAT);
    return new CsvOutput(ctx, cfg.fileName, cfg.timeFormat);
  },
});

export function parseCsvArg(arg: string, envTimeFormat?: string): { fileName: string; timeFormat: TimeFormat } {
  let fileName = arg;
  let timeFormat = envTimeFormat ?? 'unix';
  if (/^(fileName|timeFormat)=/.test(arg)) {
    fileName = '';
    for (const part of arg.split(',')) {
      const eq = part.indexOf('=');
      const [k, v] = [part.slice(0, eq), part.slice(eq + 1)];
      if (k === 'fileName') fileName = v;
      else if (k === 'timeFormat') timeFormat = v;
      else throw invalidOption(`--out csv=${arg}`, `unknown option "${k}" (known: fileName, timeFormat)`);
    }
  }
  if (!(TIME_FORMATS as readonly string[]).includes(timeFormat)) {
    throw invalidOption(`--out csv=${arg}`, `unknown timeFormat "${timeFormat}" (known: ${TIME_FORMATS.join(', ')})`);
  }
  return { fileName, timeFormat: timeFormat as TimeFormat };
}

class CsvOutput implements Output {
  readonly name = 'csv';
  private writer: LineWriter | undefined;

  constructor(
    private readonly ctx: OutputContext,
    private readonly fileName: string,
    private readonly timeFormat: TimeFormat,
  ) {}

  description(): string {
    return this.fileName === '' || this.fileName === '-' ? 'csv (stdout)' : `csv (${this.fileName})`;
  }

  async start(): Promise<void> {
    this.writer = await openLineWriter(this.fileName, this.ctx.cwd, 'csv');
    this.writer.write(CSV_HEADER.join(',') + '\n');
  }

  addSamples(samples: readonly Sample[]): void {
    if (!this.writer || samples.length === 0) return;
    let chunk = '';
    for (const s of samples) chunk += sampleToRow(s, this.timeFormat).map(csvField).join(',') + '\n';
    this.writer.write(chunk);
  }

  async stop(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    await w?.close();
  }
}

export function sampleToRow(s: Sample, timeFormat: TimeFormat = 'unix'): string[] {
  const row = [s.metric, formatTime(s.time, timeFormat), s.value.toFixed(6)];
  for (const col of CSV_TAG_COLUMNS) row.push(s.tags[col] ?? '');
  let extra = '';
  let meta = '';
  for (const [k, v] of Object.entries(s.tags)) {
    if (COLUMN_SET.has(k)) continue;
    if (METADATA_TAGS.has(k)) meta += (meta ? '&' : '') + `${k}=${v}`;
    else extra += (extra ? '&' : '') + `${k}=${v}`;
  }
  row.push(extra, meta);
  return row;
}

function formatTime(ms: number, f: TimeFormat): string {
  switch (f) {
    case 'unix':
      return String(Math.floor(ms / 1000));
    case 'unix_milli':
      return String(Math.floor(ms));
    case 'unix_micro':
      return String(Math.floor(ms * 1000));
    case 'unix_nano':
      return (BigInt(Math.floor(ms * 1000)) * 1000n).toString();
    case 'rfc3339':
      return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    case 'rfc3339_nano':
      return new Date(ms).toISOString();
  }
}

/** Quotes a field the way Go's encoding/csv does (k6 writes with it). */
function csvField(f: string): string {
  if (f === '') return f;
  if (/[",\r\n]/.test(f) || f[0] === ' ' || f[0] === '\t') return `"${f.replace(/"/g, '""')}"`;
  return f;
}
