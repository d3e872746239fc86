/**
 * `llmload/data` workload helpers (in-isolate side): tokenizers, synthetic
 * prompts, datasets and hash-id prompts. The work happens in the host
 * (runtime/workloads), once per run; these are thin handles that call it
 * synchronously and parse the JSON it answers.
 */
import { host, vu } from './internal/state.js';

type Seed = number | string;
type Obj = Record<string, unknown>;

function call<T>(op: string, args: Obj): T {
  return JSON.parse(host.data(op, args)) as T;
}

function initOnly(what: string): void {
  if (vu.phase !== 'init') throw new Error(`${what}: must be created in init code (outside exported functions)`);
}

export interface Tokenizer {
  readonly name: string;
  encode(text: string): number[];
  decode(ids: readonly number[]): string;
  count(text: string): number;
}

/**
 * A tokenizer, loaded once per run: 'default' (o200k_base), another built-in
 * encoding ('cl100k_base', ...) or a HuggingFace tokenizer.json path relative
 * to the script (a directory holding one works too).
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

export type LengthSpec =
  | number
  | { dist: 'fixed'; value: number }
  | { dist: 'normal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'lognormal'; mean: number; stddev: number; min?: number; max?: number }
  | { dist: 'empirical'; values: number[]; weights?: number[] };

/** `count` lengths drawn from `spec` (seeded; seed 0 by default). */
export function sampleLengths(spec: LengthSpec, count: number, seed?: Seed): number[] {
  if (!Number.isSafeInteger(count) || count < 0) throw new TypeError(`sampleLengths(): count must be an integer ≥ 0, got ${String(count)}`);
  return call<number[]>('lengths', { spec, count, seed });
}

export interface PromptsOptions {
  count?: number;
  input: LengthSpec;
  output?: LengthSpec;
  ignoreEos?: boolean;
  minTokens?: boolean;
  prefix?: { count?: number; tokens: number };
  salt?: boolean | { tokens?: number };
  tokenizer?: string;
  seed?: Seed;
}

export interface Prompt {
  index: number;
  prompt: string;
  input_tokens: number;
  max_tokens?: number;
  ignore_eos?: boolean;
  min_tokens?: number;
  prefix_id?: number;
}

/** Base of Prompts and Dataset: a named, host-held list with get/next. */
abstract class HostList<T> {
  readonly name: string;
  readonly length: number;
  protected abstract readonly ops: { get: string; next: string };

  protected constructor(kind: string, create: string, name: string, options: unknown) {
    initOnly(`${kind} "${String(name)}"`);
    if (typeof name !== 'string' || name === '') throw new TypeError(`${kind} needs a non-empty name`);
    this.name = name;
    this.length = call<{ length: number }>(create, { name, options }).length;
  }

  /** Item `index` (0-based). */
  get(index: number): T {
    return call<T>(this.ops.get, { name: this.name, index });
  }

  /** The next item of the run: the k-th call across all VUs gets item k mod length. */
  next(): T {
    return call<T>(this.ops.next, { name: this.name });
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/**
 * Synthetic prompts of exact token counts, built once per run in the host and
 * shared by all VUs. Same name + options + seed → byte-identical prompts.
 */
export class Prompts extends HostList<Prompt> {
  protected readonly ops = { get: 'promptGet', next: 'promptNext' };
  constructor(name: string, options: PromptsOptions) {
    super('Prompts', 'prompts', name, options);
  }
}

export interface DatasetOptions {
  file: string;
  format?: 'sharegpt' | 'jsonl' | 'csv';
  field?: string;
  delimiter?: string;
  shuffle?: boolean;
  limit?: number;
  output?: LengthSpec;
  countTokens?: boolean;
  minTokens?: number;
  maxPromptTokens?: number;
  maxTotalTokens?: number;
  tokenizer?: string;
  seed?: Seed;
}

export interface DatasetRecord {
  index: number;
  prompt?: string;
  input_tokens?: number;
  max_tokens?: number;
  turns?: string[];
  reply_tokens?: number[];
  messages?: Array<{ role: string; content: string }>;
  [field: string]: unknown;
}

/** A ShareGPT / JSONL / CSV file, parsed once per run in the host and shared by all VUs. */
export class Dataset<T = DatasetRecord> extends HostList<T> {
  protected readonly ops = { get: 'datasetGet', next: 'datasetNext' };
  constructor(name: string, options: DatasetOptions) {
    super('Dataset', 'dataset', name, options);
  }
}

export interface HashIdOptions {
  blockSize?: number;
  tokenizer?: string;
  seed?: Seed;
}

/**
 * Prompts from Mooncake hash ids: each id is a `blockSize`-token block
 * (default 512) that is the same text wherever the id appears. Create it in
 * init code (that loads the tokenizer before the test starts).
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

/** `{ messages: [{ role: 'user', content: prompt }], max_tokens, ignore_eos?, min_tokens? }` for client.chat(). */
export function chatRequest(p: { prompt?: string; max_tokens?: number; ignore_eos?: boolean; min_tokens?: number }): ChatRequestFields {
  if (typeof p?.prompt !== 'string') throw new TypeError('chatRequest(): the item has no "prompt" text');
  const body: ChatRequestFields = { messages: [{ role: 'user', content: p.prompt }] };
  if (p.max_tokens !== undefined) body.max_tokens = p.max_tokens;
  if (p.ignore_eos !== undefined) body.ignore_eos = p.ignore_eos;
  if (p.min_tokens !== undefined) body.min_tokens = p.min_tokens;
  return body;
}
