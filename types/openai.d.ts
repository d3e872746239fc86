// Generated from runtime/modules/openai.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/**
 * `llmload/openai`: an OpenAI-compatible client (chat completions, text
 * completions, embeddings, models) for load tests. Requests are streamed by
 * default (with `stream_options.include_usage`), read and timed in the host
 * (timestamps when bytes arrive, before parsing), and recorded as llm_*
 * metrics: llm_reqs, llm_req_failed (tag error_type), llm_req_cancelled, llm_ttft,
 * llm_ttft_content, llm_itl, llm_tpot, llm_e2e, llm_ttft_intended,
 * llm_e2e_intended, llm_prompt_tokens, llm_output_tokens,
 * llm_output_tokens_per_second, llm_tokens_per_chunk, llm_prompt_tokens_total,
 * llm_output_tokens_total, llm_token_count_mismatch, llm_token_count_diff, llm_goodput,
 * llm_in_flight; tagged model, endpoint, stream, status, finish_reason,
 * scenario (+ your tags). A failed request does not throw: `ok` is false and
 * `error` says why.
 */

/** Which API a `llmload/openai` request called (the `endpoint` tag); other LLM endpoints name their own (`Result<'generate'>`). */
export type Endpoint = "chat" | "completions" | "embeddings" | "models";
/** The error types of `llm_req_failed{error_type:…}` (and `cancelled`, which is not a failure). */
export type ErrorType = "http_status" | "stream_error" | "malformed_event" | "incomplete_stream" | "timeout" | "idle_timeout" | "connection_reset" | "stale_connection" | "connect_error"
/** Cut off by the end of the test: gracefulStop ran out, Ctrl-C, or an abort. */
 | "interrupted"
/**
 * Closed by the client on purpose (`cancelAfter`, a scenario's `cancel`)
 * before the response completed: not a failure. It counts in
 * llm_req_cancelled, never in llm_req_failed, and none of its latencies
 * or tokens are recorded.
 */
 | "cancelled";
export interface Usage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	[extra: string]: unknown;
}
export interface ToolCall {
	index: number;
	id?: string;
	type: string;
	function: {
		name: string;
		arguments: string;
	};
}
/** Milliseconds, measured in the host with a monotonic clock. Absent: not measurable for this request. */
export interface Timings {
	/** Request start → response headers. */
	headers?: number;
	/** Request start → first content chunk (reasoning counts). Non-streamed: = e2e. */
	ttft?: number;
	/** Request start → first non-reasoning content chunk. */
	ttftContent?: number;
	/** (last − first content chunk) / (output tokens − 1); streams with ≥ 2 output tokens. */
	tpot?: number;
	/** Request start → response complete. */
	e2e: number;
	/** Every gap between successive content chunks. */
	itl: number[];
	/** Content chunks received. */
	contentChunks: number;
	/** From the iteration's intended start (arrival-rate executors). */
	ttftIntended?: number;
	e2eIntended?: number;
}
export interface Result<E extends string = Endpoint> {
	/** 2xx and a complete, well-formed response. */
	ok: boolean;
	/** HTTP status; 0 when no response arrived. */
	status: number;
	endpoint: E;
	model: string;
	stream: boolean;
	/** Generated text of choice 0 (content, or `text` for completions). */
	text: string;
	/** Reasoning text (`reasoning_content` / `reasoning`). */
	reasoning: string;
	/** Tool calls, streamed pieces merged. */
	toolCalls: ToolCall[];
	finishReason: string | null;
	/** The server's usage; when it sent none, counts from the tokenizer (`tokenSource`). */
	usage: Usage;
	tokenSource: "server" | "tokenizer";
	timings: Timings;
	/** Parsed body of a non-streamed response (embeddings: `json.data[i].embedding`); null for streams. */
	json: any;
	error: {
		type: ErrorType;
		message: string;
		status: number;
	} | null;
}
type Scalar = string | number | boolean;
export interface ClientOptions {
	/** Server URL, with or without `/v1` (`http://127.0.0.1:8000` → `…/v1/chat/completions`). Default `__ENV.LLMLOAD_BASE_URL` (set by `--mock`). */
	baseUrl?: string;
	/** Sent as `Authorization: Bearer …`; never logged or exported. Default `__ENV.OPENAI_API_KEY`. */
	apiKey?: string;
	/**
	 * Default `model` of every request (a body's `model` wins). `'auto'`: the
	 * first id the server lists at GET `/v1/models`, looked up once per run
	 * (before the test when the client is made in init code; the run header
	 * shows it).
	 */
	model?: string;
	/** Extra request headers. */
	headers?: Record<string, Scalar>;
	/** Whole-request timeout: ms or a duration ("90s"). Default "10m". error type `timeout`. */
	timeout?: number | string;
	/** Longest silence between two reads once the response body started. Default "60s"; 0 = off. error type `idle_timeout`. */
	idleTimeout?: number | string;
	/** Stream chat and text completions (SSE). Default true; a body's `stream` wins. */
	stream?: boolean;
	/** Ask a stream for its usage (`stream_options: { include_usage: true }`) unless the body sets it. Default true. */
	streamUsage?: boolean;
	/** false: a new connection per request, closed after it. Default true (unless `options.noConnectionReuse`). */
	connectionReuse?: boolean;
	/**
	 * Tokenizer that counts what the server's `usage` does not report, and checks
	 * the output count it does (`llm_token_count_mismatch`, and the signed
	 * client − server difference `llm_token_count_diff`): a built-in encoding
	 * ("o200k_base", "cl100k_base", …) or a path to a tokenizer.json or GGUF
	 * file. Default: the built-in o200k_base, for missing counts only.
	 */
	tokenizer?: string;
	/** Tags on every sample of this client's requests. */
	tags?: Record<string, Scalar>;
}
export interface CallParams {
	headers?: Record<string, Scalar>;
	timeout?: number | string;
	idleTimeout?: number | string;
	/** Tags on this request's samples (over the client's). */
	tags?: Record<string, Scalar>;
}
/** Parameters of chat(), completions() and embeddings(). */
export interface RequestParams extends CallParams {
	/**
	 * Close the request this long after it was sent (ms or a duration such as
	 * "2s"), as a user who gives up: unless the response completed first, it
	 * counts in llm_req_cancelled, not llm_req_failed, and its latencies are
	 * left out of the statistics. Overrides the scenario's `cancel`.
	 */
	cancelAfter?: number | string;
}
export interface ModelsResult extends Result {
	/** Model ids from GET /models. */
	models: string[];
}
/** Request bodies: OpenAI's fields; anything else (`ignore_eos`, `min_tokens`, `tools`…) is passed through. */
export interface ChatBody {
	messages: Array<{
		role: string;
		content?: string | unknown[] | null;
		[k: string]: unknown;
	}>;
	model?: string;
	max_tokens?: number;
	stream?: boolean;
	[k: string]: unknown;
}
export interface CompletionsBody {
	prompt: string | string[];
	model?: string;
	max_tokens?: number;
	stream?: boolean;
	[k: string]: unknown;
}
export interface EmbeddingsBody {
	input: string | string[];
	model?: string;
	[k: string]: unknown;
}
/** A client of one server; requests return a Result (they do not throw when the server fails). */
export declare class Client {
	#private;
	readonly baseUrl: string;
	readonly model: string | undefined;
	constructor(opts?: ClientOptions);
	/** POST /v1/chat/completions (streamed unless `stream: false` here or in the client). */
	chat(body: ChatBody, params?: RequestParams): Promise<Result>;
	/** POST /v1/completions (text completions, `choices[0].text`). */
	completions(body: CompletionsBody, params?: RequestParams): Promise<Result>;
	/** POST /v1/embeddings (never streamed); the vectors are in `result.json.data`. */
	embeddings(body: EmbeddingsBody, params?: RequestParams): Promise<Result>;
	/** GET /v1/models: `models` lists the ids. Records no metrics (and is never cancelled). */
	models(params?: CallParams): Promise<ModelsResult>;
}
/** Creates a client (usually in init code). */
export declare function client(opts?: ClientOptions): Client;
declare const _default: {
	client: typeof client;
	Client: typeof Client;
};

export {
	_default as default,
};

export {};
