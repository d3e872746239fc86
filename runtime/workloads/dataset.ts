/**
 * Datasets read from files in the script's directory, parsed once per run in
 * the host and shared by all VUs (each record kept once, as JSON text):
 * ShareGPT JSON, JSONL prompts, CSV with a text column. Options common to all:
 * `shuffle` (seeded, before `limit`, as vLLM samples), `limit`, `output`
 * (a length distribution that sets max_tokens), `countTokens` (adds
 * input_tokens; always on for ShareGPT, whose filters need it).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Random, type Seed } from '../random.js';
import type { Tokenizer } from '../tokenizers/types.js';
import { checkShareGptKeys, parseShareGpt, readShareGptFilters, shareGptRecord } from './dataset-sharegpt.js';
import { parseCsv, parseJsonl, type Row } from './dataset-lines.js';
import { spec } from './workload-error.js';
import { lengthSampler, type LengthSampler } from './lengths.js';
import { asObject, checkKeys, optBool, optInt, optSeed, optString, seedTag } from './options.js';

const COMMON = ['file', 'format', 'shuffle', 'limit', 'output', 'countTokens', 'tokenizer', 'seed'] as const;
const FORMATS = ['sharegpt', 'jsonl', 'csv'] as const;
type Format = (typeof FORMATS)[number];

function shuffle<T>(items: T[], seed: Seed): void {
  const rng = new Random(`${seedTag(seed)}:shuffle`);
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function inferFormat(file: string, where: string): Format {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv') return 'csv';
  if (ext === '.json') return 'sharegpt';
  throw spec(where, `cannot tell the format of "${file}" from its extension: set option "format" (${FORMATS.join(', ')})`);
}

export interface DatasetSpec {
  file: string;
  format: Format;
  tokenizer?: string;
}

/** Reads what is needed before the tokenizer is known. */
export function readDatasetSpec(raw: unknown, where: string): DatasetSpec {
  const o = asObject(raw, where);
  const file = optString(o, 'file', where);
  if (file === undefined) throw spec(where, 'option "file" is required');
  const f = optString(o, 'format', where);
  if (f !== undefined && !(FORMATS as readonly string[]).includes(f)) throw spec(where, `option "format" must be one of ${FORMATS.join(', ')}, got "${f}"`);
  return { file, format: (f as Format | undefined) ?? inferFormat(file, where), tokenizer: optString(o, 'tokenizer', where) };
}

/** Builds the records (JSON texts) of a dataset; `tok` is called only when tokens must be counted. */
export function buildDataset(raw: unknown, where: string, scriptDir: string, tok: () => Tokenizer): string[] {
  const o = asObject(raw, where);
  const { file, format } = readDatasetSpec(o, where);
  if (format === 'sharegpt') checkShareGptKeys(o, COMMON, where);
  else checkKeys(o, [...COMMON, 'field', ...(format === 'csv' ? ['delimiter'] : [])], where);
  const seed = optSeed(o, where);
  const limit = optInt(o, 'limit', where, 1);
  const output: LengthSampler | undefined = o.output === undefined ? undefined : lengthSampler(o.output, `${where}: output`);
  const abs = path.resolve(scriptDir, file);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw spec(where, `cannot read ${abs} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }

  let records: Row[];
  if (format === 'sharegpt') {
    const filters = readShareGptFilters(o, where);
    const convs = parseShareGpt(text, file);
    if (optBool(o, 'shuffle', where)) shuffle(convs, seed);
    records = [];
    for (const c of convs) {
      if (limit !== undefined && records.length >= limit) break;
      const r = shareGptRecord(c, tok(), filters);
      if (r) records.push(r as unknown as Row);
    }
  } else {
    const field = optString(o, 'field', where);
    records = format === 'jsonl' ? parseJsonl(text, file, field) : parseCsv(text, file, field, optString(o, 'delimiter', where));
    if (optBool(o, 'shuffle', where)) shuffle(records, seed);
    if (limit !== undefined) records = records.slice(0, limit);
    if (optBool(o, 'countTokens', where)) {
      for (const r of records) if (typeof r.prompt === 'string') r.input_tokens = tok().count(r.prompt);
    }
  }
  if (records.length === 0) throw spec(where, `${file} has no records${format === 'sharegpt' ? ' left after the length filters' : ''}`);
  const outRng = output ? new Random(`${seedTag(seed)}:output`) : undefined;
  return records.map((r, index) => {
    const rec: Row = { index, ...r };
    if (output) rec.max_tokens = output.sample(outRng!);
    return JSON.stringify(rec);
  });
}
