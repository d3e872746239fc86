/**
 * A HuggingFace `tokenizer.json` (BPE, WordPiece, Unigram, WordLevel) through
 * @huggingface/tokenizers. A `tokenizer_config.json` next to it is read too
 * (it carries settings like clean_up_tokenization_spaces, the special tokens
 * and the chat template; a `chat_template.jinja` beside it also counts). Text
 * is encoded without special tokens: a prompt's count is its own tokens, not
 * the BOS a chat template or server adds. GGUF files become the same kind of
 * tokenizer (gguf-tokenizer.ts).
 */
import { existsSync, readdirSync, readFileSync, type Stats, statSync } from 'node:fs';
import path from 'node:path';
import type { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { hfTokenizers } from '../lazy-packages.js';
import { LlmloadError } from '../errors.js';
import { countInPieces } from './count.js';
import type { ChatTemplateSource, Tokenizer } from './types.js';

type Obj = Record<string, unknown>;

/** A GGUF file by its name (`model.gguf`, `model-00001-of-00003.gguf`). */
export const isGgufFile = (file: string): boolean => /\.gguf$/i.test(file);

/**
 * `spec` is a tokenizer.json or GGUF file, or a directory that holds one: its
 * tokenizer.json, else its one GGUF (the first shard of a split model).
 */
export function resolveTokenizerFile(spec: string, cwd: string): string {
  const abs = path.resolve(cwd, spec);
  let st: Stats;
  try {
    st = statSync(abs);
  } catch (err) {
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `tokenizer "${spec}": cannot read ${abs} (${(err as NodeJS.ErrnoException).code ?? String(err)}); ` +
        `give "default", a built-in encoding, or the path of a HuggingFace tokenizer.json or a GGUF file`,
    );
  }
  if (!st.isDirectory()) return abs;
  const json = path.join(abs, 'tokenizer.json');
  if (existsSync(json)) return json;
  const ggufs = readdirSync(abs)
    .filter((f) => isGgufFile(f) && !/-(?!0*1-)\d+-of-\d+\.gguf$/i.test(f))
    .sort();
  if (ggufs.length === 1) return path.join(abs, ggufs[0]!);
  if (ggufs.length > 1) {
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${abs} holds several GGUF files (${ggufs.join(', ')}); name one of them`);
  }
  return json;
}

export function readJsonObject(file: string, spec: string): Obj {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Obj;
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${file} is not valid JSON (${(err as Error).message})`);
  }
}

/** A special token of tokenizer_config.json: "<s>" or { content: "<s>", ... }. */
function tokenText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v !== null && typeof v === 'object' && typeof (v as Obj).content === 'string') return (v as Obj).content as string;
  return undefined;
}

/** The chat template of a tokenizer_config.json (a string, or named templates: "default"), else chat_template.jinja beside it. */
function chatTemplate(config: Obj, dir: string): ChatTemplateSource | undefined {
  let template: string | undefined;
  const t = config.chat_template;
  if (typeof t === 'string') template = t;
  else if (Array.isArray(t)) {
    const named = t.find((x: unknown) => (x as Obj | null)?.name === 'default') as Obj | undefined;
    if (typeof named?.template === 'string') template = named.template;
  }
  const jinja = path.join(dir, 'chat_template.jinja');
  if (template === undefined && existsSync(jinja)) template = readFileSync(jinja, 'utf8');
  if (template === undefined) return undefined;
  return { template, bosToken: tokenText(config.bos_token), eosToken: tokenText(config.eos_token), addBos: config.add_bos_token === true };
}

/** A normalizer that puts "▁" before every text (SentencePiece's legacy form: Llama 2, llama.cpp). */
function prependsSpace(normalizer: unknown): boolean {
  if (normalizer === null || typeof normalizer !== 'object') return false;
  const n = normalizer as Obj;
  if (n.type === 'Prepend') return true;
  return n.type === 'Sequence' && Array.isArray(n.normalizers) && n.normalizers.some(prependsSpace);
}

export interface HfParts {
  json: Obj;
  config: Obj;
  chat: ChatTemplateSource | undefined;
}

/** A Tokenizer from a tokenizer.json object; `source` is what getTokenizer() loads it from again. */
export function makeHfTokenizer(spec: string, source: string, parts: HfParts): Tokenizer {
  let tok: HfTokenizer;
  try {
    tok = new (hfTokenizers().Tokenizer)(parts.json, parts.config);
    tok.encode('probe', { add_special_tokens: false });
  } catch (err) {
    const what = isGgufFile(source) ? 'tokenizer (built from its GGUF fields)' : 'tokenizer.json';
    throw new LlmloadError('ERR_INVALID_OPTION', `tokenizer "${spec}": ${source} is not a usable ${what} (${(err as Error).message})`);
  }
  const encode = (text: string): number[] => tok.encode(text, { add_special_tokens: false }).ids;
  const prefixesSpace = prependsSpace(parts.json.normalizer);
  return {
    name: spec,
    source,
    encode,
    decode: (ids) => tok.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    // Pieces would each get a "▁" of their own; this kind of BPE is heap-based, so a whole text costs n log n.
    count: prefixesSpace ? (text) => encode(text).length : (text) => countInPieces(text, (piece) => encode(piece).length),
    ...(parts.chat ? { chat: parts.chat } : {}),
    ...(prefixesSpace ? { prefixesSpace } : {}),
  };
}

export function loadHfTokenizer(spec: string, file: string): Tokenizer {
  const json = readJsonObject(file, spec);
  const dir = path.dirname(file);
  const configFile = path.join(dir, 'tokenizer_config.json');
  const config = existsSync(configFile) ? readJsonObject(configFile, spec) : {};
  return makeHfTokenizer(spec, file, { json, config, chat: chatTemplate(config, dir) });
}
