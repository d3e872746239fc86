import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { invalidOption } from '../errors.js';
import type { RawOptions } from '../options/types.js';

/** `-c/--config file.json`: k6's config file (options at the top level, or under "options"). */
export async function readConfigFile(cwd: string, file: string): Promise<RawOptions> {
  const where = `config file "${file}"`;
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw invalidOption(where, `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw invalidOption(where, `is not valid JSON (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidOption(where, 'must hold a JSON object');
  const o = parsed as Record<string, unknown>;
  return (typeof o.options === 'object' && o.options !== null ? o.options : o) as RawOptions;
}
