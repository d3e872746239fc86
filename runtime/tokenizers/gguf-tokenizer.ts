/**
 * A tokenizer from a GGUF model file (or a vocab-only GGUF): its
 * `tokenizer.ggml.*` fields become a tokenizer.json (gguf-tokenizer-json.ts)
 * for @huggingface/tokenizers, and its `tokenizer.chat_template` the chat
 * template. Read locally, no network.
 */
import { makeHfTokenizer } from './hf-tokenizer.js';
import { readGgufTokenizerFields } from './gguf-read.js';
import { ggufTokenizer } from './gguf-tokenizer-json.js';
import type { Tokenizer } from './types.js';

export function loadGgufTokenizer(spec: string, file: string): Tokenizer {
  const built = ggufTokenizer(readGgufTokenizerFields(spec, file), spec);
  return makeHfTokenizer(spec, file, built);
}
