/**
 * Small GGUF tokenizer files for tests, written with @huggingface/gguf's
 * serializer (a header and metadata, no tensors: what llama.cpp's vocab-only
 * GGUFs are), plus what they are checked against:
 *
 *  - a byte-level BPE GGUF from a HuggingFace tokenizer.json (the bpe-small
 *    fixture), its reference being that tokenizer.json;
 *  - a SentencePiece-style vocabulary (pieces with scores, byte tokens)
 *    trained here on llmload's corpus, its reference being `spmReference`:
 *    llama.cpp's SentencePiece algorithm written out plainly (merge the
 *    adjacent pair whose merged piece scores highest, leftmost first).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { GGUFValueType as T, serializeGgufMetadata, type GGUFTypedMetadata } from '@huggingface/gguf';
import { CORPUS } from '../../runtime/workloads/corpus.js';

type Entry = { value: unknown; type: T; subType?: T };
type Fields = Record<string, Entry>;

export const str = (value: string): Entry => ({ value, type: T.STRING });
export const u32 = (value: number): Entry => ({ value, type: T.UINT32 });
export const flag = (value: boolean): Entry => ({ value, type: T.BOOL });
export const strings = (value: string[]): Entry => ({ value, type: T.ARRAY, subType: T.STRING });
export const floats = (value: number[]): Entry => ({ value, type: T.ARRAY, subType: T.FLOAT32 });
export const ints = (value: number[]): Entry => ({ value, type: T.ARRAY, subType: T.INT32 });

/** Writes a GGUF v3 file holding `fields` and no tensors. */
export function writeGguf(file: string, fields: Fields): void {
  const md = {
    version: { value: 3, type: T.UINT32 },
    tensor_count: { value: 0n, type: T.UINT64 },
    kv_count: { value: BigInt(Object.keys(fields).length), type: T.UINT64 },
    ...fields,
  } as unknown as GGUFTypedMetadata;
  writeFileSync(file, serializeGgufMetadata(md));
}

/** Llama-3-style and ChatML control tokens the fixtures add to their vocabularies. */
export const CHAT_TOKENS = ['<|begin_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>', '<|im_start|>', '<|im_end|>'];

/** Hand-written chat templates in the two common shapes. */
export const TEMPLATES = {
  llama3:
    "{{- bos_token }}{%- for message in messages %}{{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n' + message['content'] | trim + '<|eot_id|>' }}{%- endfor %}" +
    "{%- if add_generation_prompt %}{{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{%- endif %}",
  chatml:
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
  // Llama 2 / Mistral: the text right after BOS is a SentencePiece case.
  inst: "{{ bos_token }}{% for message in messages %}{{ '[INST] ' + message['content'] | trim + ' [/INST]' }}{% endfor %}",
} as const;

interface HfJson {
  added_tokens: Array<{ id: number; content: string; special: boolean }>;
  model: { vocab: Record<string, number>; merges: Array<string | string[]> };
}

/**
 * The tokenizer.json of `dir` with CHAT_TOKENS added (as special added tokens
 * after the vocabulary), written to `outDir` with `config` as its
 * tokenizer_config.json; returns the GGUF fields of the same tokenizer.
 */
export function bpeWithChatTokens(
  dir: string,
  outDir: string,
  config: Record<string, unknown>,
  /** Merges added after the fixture's own (their pieces join the vocabulary). */
  extraMerges: Array<[string, string]> = [],
): { tokens: string[]; types: number[]; merges: string[] } {
  const json = JSON.parse(readFileSync(`${dir}/tokenizer.json`, 'utf8')) as HfJson;
  const tokens: string[] = [];
  for (const [t, id] of Object.entries(json.model.vocab)) tokens[id] = t;
  for (const [a, b] of extraMerges) {
    json.model.merges.push(`${a} ${b}`);
    json.model.vocab[a + b] = tokens.length;
    tokens.push(a + b);
  }
  const types = tokens.map((_, id) => (json.added_tokens.some((a) => a.id === id && a.special) ? 3 : 1));
  for (const t of CHAT_TOKENS) {
    json.model.vocab[t] = tokens.length;
    json.added_tokens.push({ id: tokens.length, content: t, special: true, ...{ single_word: false, lstrip: false, rstrip: false, normalized: false } });
    tokens.push(t);
    types.push(3);
  }
  writeFileSync(`${outDir}/tokenizer.json`, JSON.stringify(json));
  writeFileSync(`${outDir}/tokenizer_config.json`, JSON.stringify(config));
  const merges = json.model.merges.map((m) => (Array.isArray(m) ? m.join(' ') : m));
  return { tokens, types, merges };
}

const SP = '\u2581';
const hex = (b: number) => `<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`;

/** A SentencePiece-style vocabulary: <unk> <s> </s>, 256 byte tokens, characters, then `merges` learned pieces. */
export interface SpmVocab {
  tokens: string[];
  scores: number[];
  types: number[];
}

const trained = new Map<number, SpmVocab>();

/** Learns `merges` pieces from llmload's corpus (memoized: the vocabulary is the same every time). */
export function trainSpm(merges: number): SpmVocab {
  let v = trained.get(merges);
  if (!v) trained.set(merges, (v = learnSpm(merges)));
  return v;
}

function learnSpm(merges: number): SpmVocab {
  const words = new Map<string, number>();
  for (const w of CORPUS.split(/\s+/).filter(Boolean)) words.set(SP + w, (words.get(SP + w) ?? 0) + 1);
  let seqs = [...words].map(([w, count]) => ({ parts: Array.from(w), count }));
  const chars = [...new Set(seqs.flatMap((s) => s.parts))].sort();
  const tokens = ['<unk>', '<s>', '</s>', ...Array.from({ length: 256 }, (_, b) => hex(b)), ...chars, ...CHAT_TOKENS];
  const types = tokens.map((t, i) => (i === 0 ? 2 : i < 3 ? 3 : i < 259 ? 6 : CHAT_TOKENS.includes(t) ? 3 : 1));
  const scores = tokens.map((_, i) => (i >= 259 ? -1000 - i : 0));
  for (let m = 0; m < merges; m++) {
    const pairs = new Map<string, number>();
    for (const { parts, count } of seqs)
      for (let i = 0; i + 1 < parts.length; i++) pairs.set(`${parts[i]}\u0000${parts[i + 1]}`, (pairs.get(`${parts[i]}\u0000${parts[i + 1]}`) ?? 0) + count);
    let best: string | undefined;
    let n = 1;
    for (const [k, c] of pairs) if (c > n || (c === n && best !== undefined && k < best)) [best, n] = [k, c];
    if (!best) break;
    const [a, b] = best.split('\u0000') as [string, string];
    if (!tokens.includes(a + b)) {
      tokens.push(a + b);
      types.push(1);
      scores.push(-m);
    }
    seqs = seqs.map(({ parts, count }) => {
      const out: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (parts[i] === a && parts[i + 1] === b) {
          out.push(a + b);
          i++;
        } else out.push(parts[i]!);
      }
      return { parts: out, count };
    });
  }
  return { tokens, scores, types };
}

/** GGUF fields of an SPM vocabulary (llama.cpp's "llama" model). */
export function spmFields(v: SpmVocab, extra: Fields = {}): Fields {
  return {
    'tokenizer.ggml.model': str('llama'),
    'tokenizer.ggml.tokens': strings(v.tokens),
    'tokenizer.ggml.scores': floats(v.scores),
    'tokenizer.ggml.token_type': ints(v.types),
    'tokenizer.ggml.bos_token_id': u32(1),
    'tokenizer.ggml.eos_token_id': u32(2),
    'tokenizer.ggml.unknown_token_id': u32(0),
    ...extra,
  };
}

/**
 * llama.cpp's SentencePiece tokenization of `text` (no BOS): special tokens
 * found whole; before each other fragment that starts the text or follows a
 * special token a space is put; spaces become "▁"; then the highest-scoring
 * adjacent merge, leftmost first, until none is left; unknown symbols become
 * byte tokens.
 */
export function spmReference(v: SpmVocab, text: string): number[] {
  const id = new Map<string, number>();
  v.tokens.forEach((t, i) => id.set(t, i));
  const specials = v.tokens.filter((_, i) => v.types[i] === 3 || v.types[i] === 2).sort((a, b) => b.length - a.length);
  const out: number[] = [];
  let prevSpecial = true;
  let rest = text;
  while (rest.length > 0) {
    let at = rest.length;
    let which: string | undefined;
    for (const s of specials) {
      const k = rest.indexOf(s);
      if (k >= 0 && (k < at || (k === at && which !== undefined && s.length > which.length))) [at, which] = [k, s];
    }
    if (at > 0) {
      const frag = ((prevSpecial ? ' ' : '') + rest.slice(0, at)).replaceAll(' ', SP);
      out.push(...spmFragment(v, id, frag));
      prevSpecial = false;
    }
    if (which === undefined) break;
    out.push(id.get(which)!);
    prevSpecial = true;
    rest = rest.slice(at + which.length);
  }
  return out;
}

function spmFragment(v: SpmVocab, id: Map<string, number>, frag: string): number[] {
  const syms = Array.from(frag);
  for (;;) {
    let best = -1;
    let bestScore = -Infinity;
    for (let i = 0; i + 1 < syms.length; i++) {
      const t = id.get(syms[i]! + syms[i + 1]!);
      if (t !== undefined && v.scores[t]! > bestScore) [best, bestScore] = [i, v.scores[t]!];
    }
    if (best < 0) break;
    syms.splice(best, 2, syms[best]! + syms[best + 1]!);
  }
  return syms.flatMap((s) => {
    const t = id.get(s);
    return t !== undefined ? [t] : [...Buffer.from(s, 'utf8')].map((b) => id.get(hex(b))!);
  });
}
