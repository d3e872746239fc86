/**
 * Line datasets: JSONL (one JSON object per line) and CSV (a header row and a
 * text column). Each row becomes a record with a `prompt` string: the column
 * or field named by `field` (default "prompt", else "text"). JSONL rows that
 * carry `messages` instead are kept as they are. Errors name file and line.
 */
import { csvParse } from '../lazy-packages.js';
import { readJsonl } from '../jsonl.js';
import { spec } from './workload-error.js';

export type Row = Record<string, unknown>;

const TEXT_FIELDS = ['prompt', 'text'];

function pickField(row: Row, field: string | undefined): string | undefined {
  if (field !== undefined) return field;
  return TEXT_FIELDS.find((f) => typeof row[f] === 'string');
}

export function parseJsonl(text: string, file: string, field: string | undefined): Row[] {
  const rows: Row[] = [];
  const fail = (line: number, problem: string) => spec(`${file}:${line}`, problem);
  readJsonl(
    text,
    (row, line) => {
      const f = pickField(row, field);
      if (f !== undefined && typeof row[f] === 'string') {
        rows.push(f === 'prompt' ? row : { ...row, prompt: row[f] });
      } else if (field === undefined && Array.isArray(row.messages)) {
        rows.push(row);
      } else {
        throw fail(
          line,
          field !== undefined
            ? `field "${field}" is missing or not a string`
            : 'needs a "prompt" or "text" string (or "messages"); name another field with option "field"',
        );
      }
    },
    fail,
  );
  return rows;
}

export function parseCsv(text: string, file: string, field: string | undefined, delimiter: string | undefined): Row[] {
  let rows: Row[];
  try {
    rows = csvParse().parse(text, { columns: true, skip_empty_lines: true, bom: true, delimiter: delimiter ?? ',', relax_column_count: false }) as Row[];
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw spec(e.lines !== undefined ? `${file}:${e.lines}` : file, `not valid CSV (${e.message})`);
  }
  if (rows.length === 0) return rows;
  const f = pickField(rows[0]!, field);
  if (f === undefined || !(f in rows[0]!)) {
    throw spec(file, `${field !== undefined ? `has no column "${field}"` : 'has no "prompt" or "text" column'}; columns: ${Object.keys(rows[0]!).join(', ')}`);
  }
  // Header is line 1; rows follow (csv-parse has joined quoted multi-line cells).
  return rows.map((r) => (f === 'prompt' ? r : { ...r, prompt: r[f] }));
}
