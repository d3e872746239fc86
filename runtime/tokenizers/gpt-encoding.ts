/**
 * tiktoken-style BPE encodings shipped inside the gpt-tokenizer package (no
 * network, no files of ours). Loaded with require() so getTokenizer() stays
 * synchronous (host callbacks from the isolate are synchronous) and the
 * ~5 MB rank tables are only parsed when a run asks for a tokenizer.
 */
import { createRequire } from 'node:module';
import { countInPieces } from './count.js';
import type { Tokenizer } from './types.js';

/** Encodings gpt-tokenizer ships; `o200k_base` is the default (GPT-4o/GPT-5/gpt-oss vocabulary). */
export const GPT_ENCODINGS = ['o200k_base', 'cl100k_base', 'p50k_base', 'r50k_base', 'gpt2'] as const;
export type GptEncodingName = (typeof GPT_ENCODINGS)[number];
export const DEFAULT_ENCODING: GptEncodingName = 'o200k_base';

interface GptEncodingModule {
  encode(text: string, options?: { disallowedSpecial?: Set<string> }): number[];
  decode(ids: Iterable<number>): string;
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

const require = createRequire(import.meta.url);
// Text like "<|endoftext|>" in a prompt is text a user sent, not a control token.
const PLAIN = { disallowedSpecial: new Set<string>() };

export function loadGptEncoding(name: GptEncodingName): Tokenizer {
  const mod = require(`gpt-tokenizer/cjs/encoding/${name}`) as GptEncodingModule;
  return {
    name,
    encode: (text) => mod.encode(text, PLAIN),
    decode: (ids) => mod.decode(ids),
    source: name,
    // Counts without materialising the ids: about twice as fast as encode().length.
    count: (text) => countInPieces(text, (piece) => mod.countTokens(piece, PLAIN)),
  };
}
