// Generated from runtime/modules/data.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/**
 * `llmload/data`: files and shared data (k6's `open()` and `k6/data`), plus
 * the workloads: tokenizers, synthetic prompts, datasets, hash-id prompts and
 * multi-turn conversations.
 */

/** A seed: the same seed gives byte-identical prompts on every run and machine. Default 0. */
export type Seed = number | string;
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
export declare function tokenizer(spec?: string): Tokenizer;
/**
 * A token length: a fixed count, or a distribution. Samples are integers ≥ 1,
 * clamped to [min, max] when given. lognormal's mean/stddev are those of the
 * lengths themselves. empirical draws from `values` (weighted by `weights`).
 */
export type LengthSpec = number | {
	dist: "fixed";
	value: number;
} | {
	dist: "normal";
	mean: number;
	stddev: number;
	min?: number;
	max?: number;
} | {
	dist: "uniform";
	min: number;
	max: number;
} | {
	dist: "lognormal";
	mean: number;
	stddev: number;
	min?: number;
	max?: number;
} | {
	dist: "empirical";
	values: number[];
	weights?: number[];
};
/** `count` lengths drawn from `spec` (seeded). */
export declare function sampleLengths(spec: LengthSpec, count: number, seed?: Seed): number[];
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
	prefix?: {
		count?: number;
		tokens: number;
	};
	/** A unique salt per request (true: 8 tokens) right after the prefix, to defeat prefix caching. */
	salt?: boolean | {
		tokens?: number;
	};
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
declare abstract class HostList<T> implements Iterable<T> {
	readonly name: string;
	readonly length: number;
	/** Item `index` (0-based); a prompt's salt (if any) is that of request number `index`. */
	get(index: number): T;
	/**
	 * The run's next item: the k-th call (across all VUs) gets item k mod length (and a prompt salt k). In
	 * an execution segment k is test-wide (the segment's stripe), so instances never repeat an item's salt.
	 */
	next(): T;
	[Symbol.iterator](): Iterator<T>;
}
/**
 * Synthetic prompts of exact token counts from llmload's built-in corpus,
 * built once per run (in init code) and shared by all VUs; texts are rebuilt
 * on access, so 100,000 prompts cost a few bytes each. Name, options and seed
 * determine the prompts byte for byte.
 */
export declare class Prompts extends HostList<Prompt> {
	constructor(name: string, options: PromptsOptions);
}
export interface DatasetOptions {
	/** Path relative to the script. */
	file: string;
	/** Default from the extension: .json → sharegpt, .jsonl/.ndjson → jsonl, .csv → csv. */
	format?: "sharegpt" | "jsonl" | "csv";
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
	messages?: Array<{
		role: string;
		content: string;
	}>;
	[field: string]: unknown;
}
/** ShareGPT JSON, JSONL prompts or a CSV text column, parsed once per run (in init code) and shared by all VUs. */
export declare class Dataset<T = DatasetRecord> extends HostList<T> {
	constructor(name: string, options: DatasetOptions);
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
export declare class HashIdPrompts {
	#private;
	readonly blockSize: number;
	constructor(options?: HashIdOptions);
	/** The prompt of `inputLength` tokens for `hashIds` (a Mooncake record's hash_ids and input_length). */
	prompt(hashIds: readonly number[], inputLength: number): string;
}
export type ChatRequestFields = {
	messages: Array<{
		role: "user";
		content: string;
	}>;
	max_tokens?: number;
	ignore_eos?: boolean;
	min_tokens?: number;
};
/** A prompt or record as chat request fields: `client.chat({ ...chatRequest(p), temperature: 0 })`. */
export declare function chatRequest(p: {
	prompt?: string;
	max_tokens?: number;
	ignore_eos?: boolean;
	min_tokens?: number;
}): ChatRequestFields;
export type ChatMessage = {
	role: "system" | "user" | "assistant";
	content: string;
};
export interface ConversationOptions {
	/** A system message kept at the start of the history. */
	system?: string;
	/** Keep only the last N user/assistant exchanges (the system message stays). Default: all. */
	maxTurns?: number;
	/** Seconds between turns: a number, or { min, max } drawn uniformly (seeded per VU). Default 0. */
	thinkTime?: number | {
		min: number;
		max: number;
	};
	/** Seed of the think times (with __VU). Default 0. */
	seed?: Seed;
}
/**
 * Multi-turn chat history. Created in init code it is one history per VU
 * (kept across iterations); created in the default function, one per iteration.
 */
export declare class Conversation {
	#private;
	/** The history to send: [system], user, assistant, user, ... */
	readonly messages: ChatMessage[];
	constructor(options?: ConversationOptions);
	/** User turns so far. */
	get turns(): number;
	/** Appends a user turn; returns the messages to send (the history, a fresh array). */
	user(content: string): ChatMessage[];
	/** Appends the model's reply (e.g. `result.text` of client.chat()). */
	assistant(content: string): void;
	/** The next think time in seconds (seeded per VU). */
	thinkTime(): number;
	/** Sleeps the think time before the next turn. */
	think(): Promise<void>;
	/** Forgets the history (keeps the system message). */
	reset(): void;
}
/** Reads a file relative to the script's directory, in init code only (as in k6): its text, or its bytes with mode 'b'. */
export declare function open(path: string): string;
export declare function open(path: string, mode: "b"): ArrayBuffer;
/**
 * A read-only array built once per test run: `fn` runs in the first VU that
 * constructs it (in init code); its elements must survive JSON. Every VU reads
 * the same copy held by llmload; each element access parses that element
 * (elements come back frozen). Supports length, [i], for…of, forEach, map, filter.
 */
export declare class SharedArray<T = unknown> implements Iterable<T> {
	readonly [index: number]: T;
	readonly length: number;
	[Symbol.iterator]: () => Iterator<T>;
	forEach: (cb: (value: T, index: number, array: SharedArray<T>) => void) => void;
	map: <U>(cb: (value: T, index: number, array: SharedArray<T>) => U) => U[];
	filter: (cb: (value: T, index: number, array: SharedArray<T>) => unknown) => T[];
	constructor(name: string, fn: () => T[]);
}
declare const _default: {
	open: typeof open;
	SharedArray: typeof SharedArray;
	tokenizer: typeof tokenizer;
	Prompts: typeof Prompts;
	Dataset: typeof Dataset;
	HashIdPrompts: typeof HashIdPrompts;
	sampleLengths: typeof sampleLengths;
	chatRequest: typeof chatRequest;
	Conversation: typeof Conversation;
};

export {
	_default as default,
};

export {};
