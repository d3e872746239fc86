/**
 * getTokenizer(spec, cwd): the tokenizer a run counts and synthesises with.
 *
 *   undefined | 'default'      → o200k_base (built into the gpt-tokenizer package)
 *   'cl100k_base', 'gpt2', ... → another built-in tiktoken encoding
 *   a path                     → a HuggingFace tokenizer.json, a GGUF file (its tokenizer
 *                                fields), or a directory holding either
 *
 * Loading costs 0.2–0.5 s and tens of MB, so each tokenizer is loaded once per
 * process and shared: the cache is keyed by encoding name or absolute file,
 * and the objects are immutable, so sharing them across VUs is safe.
 */
import { DEFAULT_ENCODING, GPT_ENCODINGS, loadGptEncoding, type GptEncodingName } from './gpt-encoding.js';
import { loadGgufTokenizer } from './gguf-tokenizer.js';
import { isGgufFile, loadHfTokenizer, resolveTokenizerFile } from './hf-tokenizer.js';
import type { Tokenizer } from './types.js';

export type { ChatTemplateSource, Tokenizer } from './types.js';
export { DEFAULT_ENCODING, GPT_ENCODINGS } from './gpt-encoding.js';

const cache = new Map<string, Tokenizer>();
const files = new Map<string, string>();

function isEncodingName(spec: string): spec is GptEncodingName {
  return (GPT_ENCODINGS as readonly string[]).includes(spec);
}

/**
 * What `spec` names, without loading it: a built-in encoding's name, or the
 * absolute path of a tokenizer.json or GGUF file. The key of the cache, and what a
 * counting thread loads.
 */
export function tokenizerSource(spec: string | undefined, cwd: string): string {
  const s = spec === undefined || spec === '' || spec === 'default' ? DEFAULT_ENCODING : spec;
  if (isEncodingName(s)) return s;
  // Asked per request: stat the file once.
  const at = `${cwd}\u0000${s}`;
  let file = files.get(at);
  if (file === undefined) files.set(at, (file = resolveTokenizerFile(s, cwd)));
  return file;
}

/** The tokenizer, when this process has loaded it already (loading one blocks for a fraction of a second). */
export function loadedTokenizer(spec: string | undefined, cwd: string): Tokenizer | undefined {
  return cache.get(tokenizerSource(spec, cwd));
}

/** Synchronous; throws LlmloadError('ERR_INVALID_OPTION') naming the spec when it cannot load. */
export function getTokenizer(spec: string | undefined, cwd: string): Tokenizer {
  const key = tokenizerSource(spec, cwd);
  let tok = cache.get(key);
  if (!tok) {
    tok = isEncodingName(key) ? loadGptEncoding(key) : isGgufFile(key) ? loadGgufTokenizer(spec!, key) : loadHfTokenizer(spec!, key);
    cache.set(key, tok);
  }
  return tok;
}
