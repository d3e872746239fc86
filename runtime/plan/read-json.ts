import { readFileSync } from 'node:fs';
import { invalidOption } from '../errors.js';

/** A JSON object from `file`; anything else is exit 104 naming the flag and the file. */
export function readJsonFile(file: string, flag: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw invalidOption(flag, `cannot read "${file}": ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidOption(flag, `"${file}" is not a JSON object`);
  return doc as Record<string, unknown>;
}
