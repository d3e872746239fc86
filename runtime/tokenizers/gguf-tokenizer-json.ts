/**
 * A HuggingFace tokenizer.json (and the tokenizer_config.json beside it)
 * built from a GGUF's `tokenizer.ggml.*` fields, tokenizing as llama.cpp does:
 *
 *  - `gpt2` (byte-level BPE: Llama 3, Qwen, Mistral Nemo…): the vocabulary and
 *    merges as they are, the pre-tokenizer regexes of `tokenizer.ggml.pre`
 *    (gguf-pre-tokenizers.ts), then the byte-level mapping;
 *  - `llama` (SentencePiece BPE: Llama 2, Mistral 7B, Gemma…): llama.cpp
 *    merges the adjacent pair whose merged piece has the highest score, which
 *    is BPE with merges ranked by that score (ties in vocabulary order, the
 *    way HuggingFace converts SentencePiece models); spaces become "▁", a
 *    "▁" is put before every text that starts the input or follows a special
 *    token (`tokenizer.ggml.add_space_prefix`, default true), unknown
 *    characters fall back to <0xXX> byte tokens.
 *
 * Control, user-defined and unknown tokens are added tokens: found whole in
 * text, as a server that parses special tokens finds them. Other vocabulary
 * types (bert, t5, rwkv…) are refused.
 */
import { LlmloadError } from '../errors.js';
import type { GgufValue } from './gguf-read.js';
import { KNOWN_PRE_TOKENIZERS, preTokenizerFamily } from './gguf-pre-tokenizers.js';
import type { ChatTemplateSource } from './types.js';

/** llama.cpp's token types (`tokenizer.ggml.token_type`). */
export const TokenType = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

export interface GgufTokenizer {
  /** tokenizer.json */
  json: Record<string, unknown>;
  /** tokenizer_config.json */
  config: Record<string, unknown>;
  chat: ChatTemplateSource | undefined;
}

type Fields = Record<string, GgufValue>;
type Obj = Record<string, unknown>;

const SPACE = '\u2581';

function bad(spec: string, what: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${what}`);
}

function strings(f: Fields, key: string, spec: string, required: boolean): string[] | undefined {
  const v = f[key];
  if (v === undefined && !required) return undefined;
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw bad(spec, `the GGUF has no string array "${key}"`);
  return v as string[];
}

function numbers(f: Fields, key: string): number[] | undefined {
  const v = f[key];
  return Array.isArray(v) ? v.map((x) => Number(x)) : undefined;
}

function int(f: Fields, key: string): number | undefined {
  const v = f[key];
  return typeof v === 'number' || typeof v === 'bigint' ? Number(v) : undefined;
}

function bool(f: Fields, key: string): boolean | undefined {
  const v = f[key];
  return typeof v === 'boolean' ? v : undefined;
}

/** Builds the tokenizer of a GGUF's fields; `spec` names it in errors. */
export function ggufTokenizer(f: Fields, spec: string): GgufTokenizer {
  const model = f['tokenizer.ggml.model'];
  const tokens = strings(f, 'tokenizer.ggml.tokens', spec, true)!;
  const types = numbers(f, 'tokenizer.ggml.token_type') ?? tokens.map(() => TokenType.NORMAL);
  if (types.length !== tokens.length) throw bad(spec, `the GGUF has ${tokens.length} tokens but ${types.length} token types`);
  const token = (key: string): string | undefined => {
    const id = int(f, key);
    return id !== undefined && id >= 0 && id < tokens.length ? tokens[id] : undefined;
  };
  const bos = token('tokenizer.ggml.bos_token_id');
  const eos = token('tokenizer.ggml.eos_token_id');
  const unk = token('tokenizer.ggml.unknown_token_id');

  let built: { model: Obj; normalizer: Obj | null; preTokenizer: Obj | null; decoder: Obj; addBos: boolean };
  if (model === 'gpt2') built = byteLevelBpe(f, tokens, spec);
  else if (model === 'llama') built = sentencePieceBpe(f, tokens, types, unk ?? tokens[0]);
  else {
    throw bad(
      spec,
      `GGUF vocabulary type ${JSON.stringify(model)} is not supported (llmload reads "gpt2" and "llama" vocabularies); give the model's tokenizer.json instead`,
    );
  }
  const addBos = bool(f, 'tokenizer.ggml.add_bos_token') ?? built.addBos;
  const addEos = bool(f, 'tokenizer.ggml.add_eos_token') ?? false;

  const added: Obj[] = [];
  types.forEach((t, id) => {
    if (t === TokenType.CONTROL || t === TokenType.USER_DEFINED || t === TokenType.UNKNOWN) {
      const special = t !== TokenType.USER_DEFINED;
      added.push({ id, content: tokens[id], single_word: false, lstrip: false, rstrip: false, normalized: !special, special });
    }
  });
  const json: Obj = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: built.normalizer,
    pre_tokenizer: built.preTokenizer,
    post_processor: postProcessor(addBos ? bos : undefined, addEos ? eos : undefined, tokens),
    decoder: built.decoder,
    model: built.model,
  };
  const template = f['tokenizer.chat_template'];
  const config: Obj = {
    add_bos_token: addBos,
    add_eos_token: addEos,
    bos_token: bos ?? null,
    eos_token: eos ?? null,
    unk_token: unk ?? null,
    clean_up_tokenization_spaces: false,
    ...(typeof template === 'string' ? { chat_template: template } : {}),
  };
  const chat = typeof template === 'string' ? { template, bosToken: bos, eosToken: eos, addBos } : undefined;
  return { json, config, chat };
}

function byteLevelBpe(f: Fields, tokens: string[], spec: string) {
  const pre = f['tokenizer.ggml.pre'];
  const preName = typeof pre === 'string' ? pre : undefined;
  const fam = preTokenizerFamily(preName);
  if (!fam) {
    throw bad(
      spec,
      `GGUF pre-tokenizer ${JSON.stringify(preName)} is not one llmload knows (${KNOWN_PRE_TOKENIZERS.join(', ')}); give the model's tokenizer.json instead`,
    );
  }
  const merges = (strings(f, 'tokenizer.ggml.merges', spec, true) ?? []).map((m) => {
    // As llama.cpp: the first space after the first character separates the pair.
    const at = m.indexOf(' ', 1);
    return at < 0 ? [m, ''] : [m.slice(0, at), m.slice(at + 1)];
  });
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false };
  const splits = fam.regexes.map((r) => ({ type: 'Split', pattern: { Regex: r }, behavior: 'Isolated', invert: false }));
  return {
    model: bpeModel(tokens, merges, { ignore_merges: fam.ignoreMerges, byte_fallback: false, unk_token: null, fuse_unk: false }),
    normalizer: null,
    preTokenizer: { type: 'Sequence', pretokenizers: [...splits, byteLevel] },
    decoder: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    addBos: fam.addBos,
  };
}

function sentencePieceBpe(f: Fields, tokens: string[], types: number[], unk: string | undefined) {
  const scores = numbers(f, 'tokenizer.ggml.scores') ?? tokens.map((_, i) => -i);
  const prefix = bool(f, 'tokenizer.ggml.add_space_prefix') ?? true;
  const ids = new Map<string, number>();
  tokens.forEach((t, i) => ids.set(t, i));
  // Every split of a piece into two pieces is a merge, ranked by the merged piece's score.
  const found: Array<{ pair: [string, string]; score: number }> = [];
  tokens.forEach((piece, id) => {
    if (types[id] === TokenType.BYTE) return;
    const chars = Array.from(piece);
    const local: Array<[string, string]> = [];
    for (let k = 1; k < chars.length; k++) {
      const l = chars.slice(0, k).join('');
      const r = chars.slice(k).join('');
      if (ids.has(l) && ids.has(r)) local.push([l, r]);
    }
    local.sort((a, b) => ids.get(a[0])! - ids.get(b[0])! || ids.get(a[1])! - ids.get(b[1])!);
    for (const pair of local) found.push({ pair, score: scores[id] ?? 0 });
  });
  // Stable: equal scores keep vocabulary order.
  found.sort((a, b) => b.score - a.score);
  const replace = (from: string, to: string) => ({ type: 'Replace', pattern: { String: from }, content: to });
  const normalizers = prefix ? [{ type: 'Prepend', prepend: SPACE }, replace(' ', SPACE)] : [replace(' ', SPACE)];
  const decoders: Obj[] = [replace(SPACE, ' '), { type: 'ByteFallback' }, { type: 'Fuse' }];
  if (prefix) decoders.push({ type: 'Strip', content: ' ', start: 1, stop: 0 });
  return {
    model: bpeModel(
      tokens,
      found.map((m) => m.pair),
      { ignore_merges: false, byte_fallback: true, unk_token: unk ?? null, fuse_unk: true },
    ),
    normalizer: { type: 'Sequence', normalizers },
    preTokenizer: null,
    decoder: { type: 'Sequence', decoders },
    addBos: true,
  };
}

function bpeModel(
  tokens: string[],
  merges: string[][],
  o: { ignore_merges: boolean; byte_fallback: boolean; unk_token: string | null; fuse_unk: boolean },
): Obj {
  // No prototype: a token may be spelled "__proto__".
  const vocab: Record<string, number> = Object.create(null) as Record<string, number>;
  // A duplicated string maps to its last id, as in llama.cpp's token_to_id.
  tokens.forEach((t, i) => {
    vocab[t] = i;
  });
  return { type: 'BPE', dropout: null, continuing_subword_prefix: null, end_of_word_suffix: null, vocab, merges, ...o };
}

function postProcessor(bos: string | undefined, eos: string | undefined, tokens: string[]): Obj | null {
  if (bos === undefined && eos === undefined) return null;
  const special = (t: string) => ({ SpecialToken: { id: t, type_id: 0 } });
  const single = [...(bos !== undefined ? [special(bos)] : []), { Sequence: { id: 'A', type_id: 0 } }, ...(eos !== undefined ? [special(eos)] : [])];
  const specials: Obj = {};
  for (const t of [bos, eos]) if (t !== undefined) specials[t] = { id: t, ids: [tokens.indexOf(t)], tokens: [t] };
  return { type: 'TemplateProcessing', single, pair: single, special_tokens: specials };
}
