import { invalidOption, readJsonl } from 'llmload/plugin';
/**
 * Trace files for the trace-replay executor, parsed and validated before the
 * run (a malformed trace never starts a test). JSONL, one record per line:
 *   - mooncake: { timestamp (ms), input_length, output_length, hash_ids: [int] }
 *   - jsonl:    { timestamp (ms), messages: [...] | prompt: "...", max_tokens?, ...any }
 * `format: 'auto'` picks mooncake when the first record has input_length.
 * Records must be sorted by timestamp; errors name the file and line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const TRACE_FORMATS = ['auto', 'mooncake', 'jsonl'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

export type TraceRecord = Record<string, unknown> & { timestamp: number };

/** A parsed trace. Serialises as a summary (it can hold millions of records). */
export class Trace {
  constructor(
    readonly file: string,
    readonly format: 'mooncake' | 'jsonl',
    readonly records: readonly TraceRecord[],
    /** 1-based line of each record, for messages. */
    readonly lines: readonly number[],
  ) {}

  toJSON(): unknown {
    const n = this.records.length;
    return { file: this.file, format: this.format, records: n, spanMs: n ? this.records[n - 1]!.timestamp - this.records[0]!.timestamp : 0 };
  }
}

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= min;

function checkMooncake(r: Record<string, unknown>, at: string): void {
  if (!isInt(r.input_length, 1)) throw invalidOption(at, `"input_length" must be an integer ≥ 1, got ${JSON.stringify(r.input_length)}`);
  if (!isInt(r.output_length, 0)) throw invalidOption(at, `"output_length" must be an integer ≥ 0, got ${JSON.stringify(r.output_length)}`);
  if (r.hash_ids !== undefined && !(Array.isArray(r.hash_ids) && r.hash_ids.every((h) => isInt(h, 0)))) {
    throw invalidOption(at, `"hash_ids" must be an array of integers ≥ 0`);
  }
}

function checkGeneric(r: Record<string, unknown>, at: string): void {
  const hasMessages = Array.isArray(r.messages);
  if (!hasMessages && typeof r.prompt !== 'string') throw invalidOption(at, 'needs the request: "messages" (an array) or "prompt" (a string)');
  if (r.max_tokens !== undefined && !isInt(r.max_tokens, 1))
    throw invalidOption(at, `"max_tokens" must be an integer ≥ 1, got ${JSON.stringify(r.max_tokens)}`);
}

/** Parses `text` (the content of `file`); `where` prefixes messages (`scenario "x": trace`). */
export function parseTrace(text: string, file: string, format: TraceFormat, where: string): Trace {
  const records: TraceRecord[] = [];
  const lines: number[] = [];
  let fmt: 'mooncake' | 'jsonl' | undefined = format === 'auto' ? undefined : format;
  let prev = -Infinity;
  let prevLine = 0;
  const fail = (line: number, problem: string) => invalidOption(`${where} ${file}:${line}`, problem);
  readJsonl(
    text,
    (r, line) => {
      const at = `${where} ${file}:${line}`;
      const ts = r.timestamp;
      if (ts === undefined) throw invalidOption(at, 'missing "timestamp" (ms)');
      if (typeof ts !== 'number' || !Number.isFinite(ts) || ts < 0)
        throw invalidOption(at, `"timestamp" must be a number of ms ≥ 0, got ${JSON.stringify(ts)}`);
      if (ts < prev) throw invalidOption(at, `timestamp ${ts} is before the previous record's ${prev} (line ${prevLine}): records must be sorted by time`);
      fmt ??= 'input_length' in r ? 'mooncake' : 'jsonl';
      if (fmt === 'mooncake') checkMooncake(r, at);
      else checkGeneric(r, at);
      records.push(r as TraceRecord);
      lines.push(line);
      prev = ts;
      prevLine = line;
    },
    fail,
  );
  if (records.length === 0) throw invalidOption(`${where} ${file}`, 'the trace has no records');
  return new Trace(file, fmt ?? 'jsonl', records, lines);
}

/** Reads and parses a trace file (`file` relative to `cwd`). */
export function readTrace(file: string, cwd: string, format: TraceFormat, where: string): Trace {
  const abs = path.resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw invalidOption(`${where} ${file}`, `cannot read ${abs} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseTrace(text, file, format, where);
}
