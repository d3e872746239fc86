/**
 * `llmload/data` workload helpers (in-isolate side): tokenizers, synthetic
 * prompts, datasets and hash-id prompts. The work happens in the host
 * (runtime/workloads), once per run; these are thin handles that call it
 * synchronously and parse the JSON it answers.
 */
import { host, vu } from './internal/state.js';

/** A seed: the same seed gives byte-identical prompts on every run and machine. Default 0. */
export type Seed = number | string;
type Obj = Record<string, unknown>;

function call<T>(op: string, args: Obj): T {
  return JSON.parse(host.data(op, args)) as T;
}

function initOnly(what: string): void {
  if (vu.phase !== 'init') throw new Error(`${what}: must be created in init code (outside exported functions)`);
}

/** A tokenizer loaded once per run and shared by all VUs. Counts never include BOS/EOS. */
export interface Tokenizer {
  /** "o200k_base", or the tokenizer.json or GGUF path given. */
  readonly name: string;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  count(text: string): number;
}

/**
 * Loads a tokenizer: "default" or nothing (o200k_base, shipped inside llmload's
 * gpt-tokenizer dependency: no network, ever), another built-in encoding
 * ("cl100k_base", "p50k_base", "r50k_base", "gpt2"), or the path, relative to
 * the script, of a HuggingFace tokenizer.json, of a GGUF model file (its
 * tokenizer fields are read, as llama.cpp tokenizes), or of a directory
 * holding either.
 */
export function tokenizer(spec?: string): Tokenizer {
  const { name } = call<{ name: string }>('tokenizer', { spec });
  return Object.freeze({
    name,
    encode: (text: string) => call<number[]>('encode', { spec, text: String(text) }),
    decode: (ids: readonly number[]) => call<string>('decode', { spec, ids: [...ids] }),
    count: (text: string) => call<number>('count', { spec, text: String(text) }),
  });
}

/**
 * A token length: a fixed count, or a distribution. Samples are integers ≥ 1,
 * clamped to [min, max] when given. lognormal's mean/stddev are those of the
 * lengths themselves. empirical draws from `values` (weighted by `weights`).
 */
export type LengthSpec =
  | number
  | { dist: 'fixed'; value: number }
  | { dist: 'normal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'empirical'; values: number[]; weights?: number[] };

/** `count` lengths drawn from `spec` (seeded). */
export function sampleLengths(spec: LengthSpec, count: number, seed?: Seed): number[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new TypeError(`sampleLengths(): count must be an integer ≥ 0, got ${String(count)}`);
  return call<number[]>('lengths', { spec, count, seed });
}

export interface PromptsOptions {
  /** Number of distinct prompts. Default 1000. */
  count?: number;
  /** Input tokens per prompt (prefix and salt included); every prompt has exactly this many. */
  input: LengthSpec;
  /** Output tokens, sent as max_tokens. */
  output?: LengthSpec;
  /** Adds ignore_eos: true (vLLM, SGLang) so the server generates exactly max_tokens. */
  ignoreEos?: boolean;
  /** Adds min_tokens = max_tokens (vLLM). */
  minTokens?: boolean;
  /** `count` shared prefixes (default 1) of `tokens` tokens; prompt i starts with prefix i mod count. */
  prefix?: { count?: number; tokens: number };
  /** A unique salt per request (true: 8 tokens) right after the prefix, to defeat prefix caching. */
  salt?: boolean | { tokens?: number };
  /**
   * `input` counts the model's chat template too: each prompt, sent as the one
   * user message of a chat request (`chatRequest(p)`), makes exactly `input`
   * prompt tokens as a server with this tokenizer and template counts them
   * (its `usage.prompt_tokens`, so `llm_prompt_tokens`). Needs a tokenizer
   * with a chat template: a tokenizer.json with tokenizer_config.json (or
   * chat_template.jinja), or a GGUF file.
   */
  countTemplate?: boolean;
  /** "default" (o200k_base), a built-in encoding, or the path of a tokenizer.json, a GGUF file or a folder holding one. */
  tokenizer?: string;
  seed?: Seed;
}

/** One synthetic prompt (snake_case fields map onto an OpenAI request; see chatRequest). */
export interface Prompt {
  index: number;
  prompt: string;
  /** Exact token count of `prompt` under the tokenizer; with `countTemplate`, of the chat request it makes (template included). */
  input_tokens: number;
  max_tokens?: number;
  ignore_eos?: boolean;
  min_tokens?: number;
  /** Which shared prefix the prompt starts with. */
  prefix_id?: number;
}

/** Base of Prompts and Dataset: a named list held once per run by llmload, shared by all VUs. */
abstract class HostList<T> implements Iterable<T> {
  readonly name: string;
  readonly length: number;
  /** @internal */
  protected abstract readonly ops: { get: string; next: string };

  /** @internal */
  protected constructor(kind: string, create: string, name: string, options: unknown) {
    initOnly(`${kind} "${String(name)}"`);
    if (typeof name !== 'string' || name === '') throw new TypeError(`${kind} needs a non-empty name`);
    this.name = name;
    this.length = call<{ length: number }>(create, { name, options }).length;
  }

  /** Item `index` (0-based); a prompt's salt (if any) is that of request number `index`. */
  get(index: number): T {
    return call<T>(this.ops.get, { name: this.name, index });
  }

  /**
   * The run's next item: the k-th call (across all VUs) gets item k mod length (and a prompt salt k). In
   * an execution segment k is test-wide (the segment's stripe), so instances never repeat an item's salt.
   */
  next(): T {
    return call<T>(this.ops.next, { name: this.name });
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * Synthetic prompts of exact token counts from llmload's built-in corpus,
 * built once per run (in init code) and shared by all VUs; texts are rebuilt
 * on access, so 100,000 prompts cost a few bytes each. Name, options and seed
 * determine the prompts byte for byte.
 */
export class Prompts extends HostList<Prompt> {
  /** @internal */
  protected readonly ops = { get: 'promptGet', next: 'promptNext' };
  constructor(name: string, options: PromptsOptions) {
    super('Prompts', 'prompts', name, options);
  }
}

export interface DatasetOptions {
  /** Path relative to the script. */
  file: string;
  /** Default from the extension: .json → sharegpt, .jsonl/.ndjson → jsonl, .csv → csv. */
  format?: 'sharegpt' | 'jsonl' | 'csv';
  /** JSONL field / CSV column holding the prompt text. Default "prompt", else "text". */
  field?: string;
  /** CSV delimiter. Default ",". */
  delimiter?: string;
  /** Seeded shuffle before `limit` (as vLLM samples ShareGPT). */
  shuffle?: boolean;
  /** Keep at most this many records (after filters). */
  limit?: number;
  /** Sets max_tokens of every record from a length distribution. */
  output?: LengthSpec;
  /** JSONL/CSV: add input_tokens (ShareGPT always has it). */
  countTokens?: boolean;
  /** ShareGPT filters (vLLM's defaults): prompt and reply ≥ minTokens (4), prompt ≤ maxPromptTokens (1024), both ≤ maxTotalTokens (2048). */
  minTokens?: number;
  maxPromptTokens?: number;
  maxTotalTokens?: number;
  tokenizer?: string;
  seed?: Seed;
}

/** A dataset record: the source row's fields plus these. */
export interface DatasetRecord {
  index: number;
  prompt?: string;
  input_tokens?: number;
  /** ShareGPT: the reference reply's token count; else from `output`, or the row's own field. */
  max_tokens?: number;
  /** ShareGPT: every human turn in order (turns[0] is `prompt`). */
  turns?: string[];
  /** ShareGPT: token counts of the reference reply to each turn. */
  reply_tokens?: number[];
  /** JSONL rows may carry chat messages instead of a prompt. */
  messages?: Array<{ role: string; content: string }>;
  [field: string]: unknown;
}

/** ShareGPT JSON, JSONL prompts or a CSV text column, parsed once per run (in init code) and shared by all VUs. */
export class Dataset<T = DatasetRecord> extends HostList<T> {
  /** @internal */
  protected readonly ops = { get: 'datasetGet', next: 'datasetNext' };
  constructor(name: string, options: DatasetOptions) {
    super('Dataset', 'dataset', name, options);
  }
}

export interface HashIdOptions {
  /** Tokens per hash id. Default 512 (Mooncake). */
  blockSize?: number;
  tokenizer?: string;
  seed?: Seed;
}

/**
 * Prompts for Mooncake records: `inputLength` tokens, block by block, where
 * each hash id is always the same `blockSize`-token text, so requests sharing
 * ids share exactly those prefix tokens (a short last block is the start of
 * its id's block; ids that cover too few tokens get unique filler). Create it
 * in init code: that loads the tokenizer before the test starts.
 */
export class HashIdPrompts {
  readonly blockSize: number;
  readonly #key: string;

  constructor(options: HashIdOptions = {}) {
    initOnly('HashIdPrompts');
    const r = call<{ key: string; blockSize: number }>('hashBlocks', { options });
    this.#key = r.key;
    this.blockSize = r.blockSize;
  }

  /** The prompt of `inputLength` tokens for `hashIds` (a Mooncake record's hash_ids and input_length). */
  prompt(hashIds: readonly number[], inputLength: number): string {
    if (!Array.isArray(hashIds)) throw new TypeError('HashIdPrompts.prompt(): hashIds must be an array of integers');
    return call<string>('hashPrompt', { key: this.#key, ids: [...hashIds], inputLength });
  }
}

// A type (not an interface) so it fits the openai client's open-ended body types.
export type ChatRequestFields = {
  messages: Array<{ role: 'user'; content: string }>;
  max_tokens?: number;
  ignore_eos?: boolean;
  min_tokens?: number;
};

/** A prompt or record as chat request fields: `client.chat({ ...chatRequest(p), temperature: 0 })`. */
export function chatRequest(p: { prompt?: string; max_tokens?: number; ignore_eos?: boolean; min_tokens?: number }): ChatRequestFields {
  if (typeof p?.prompt !== 'string') throw new TypeError('chatRequest(): the item has no "prompt" text');
  const body: ChatRequestFields = { messages: [{ role: 'user', content: p.prompt }] };
  if (p.max_tokens !== undefined) body.max_tokens = p.max_tokens;
  if (p.ignore_eos !== undefined) body.ignore_eos = p.ignore_eos;
  if (p.min_tokens !== undefined) body.min_tokens = p.min_tokens;
  return body;
}
