/**
 * A HuggingFace `tokenizer.json` (BPE, WordPiece, Unigram, WordLevel) through
 * @huggingface/tokenizers. A `tokenizer_config.json` next to it is read too
 * (it carries settings like clean_up_tokenization_spaces). Text is encoded
 * without special tokens: a prompt's count is its own tokens, not the BOS a
 * chat template or server adds.
 */
import { existsSync, readFileSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { LlmloadError } from '../errors.js';
import { countInPieces } from './count.js';
import type { Tokenizer } from './types.js';

/** `file` is a tokenizer.json, or a directory that holds one. */
export function resolveTokenizerFile(spec: string, cwd: string): string {
  const abs = path.resolve(cwd, spec);
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (err) {
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `tokenizer "${spec}": cannot read ${abs} (${(err as NodeJS.ErrnoException).code ?? String(err)}); ` +
        `give "default", a built-in encoding or the path of a HuggingFace tokenizer.json`,
    );
  }
  return st.isDirectory() ? path.join(abs, 'tokenizer.json') : abs;
}

function readJson(file: string, spec: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Record<string, unknown>;
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${file} is not valid JSON (${(err as Error).message})`);
  }
}

export function loadHfTokenizer(spec: string, file: string): Tokenizer {
  const json = readJson(file, spec);
  const configFile = path.join(path.dirname(file), 'tokenizer_config.json');
  const config = existsSync(configFile) ? readJson(configFile, spec) : {};
  let tok: HfTokenizer;
  try {
    tok = new HfTokenizer(json, config);
    tok.encode('probe', { add_special_tokens: false });
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${file} is not a usable tokenizer.json (${(err as Error).message})`);
  }
  const encode = (text: string): number[] => tok.encode(text, { add_special_tokens: false }).ids;
  return {
    name: spec,
    source: file,
    encode,
    decode: (ids) => tok.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    count: (text) => countInPieces(text, (piece) => encode(piece).length),
  };
}
