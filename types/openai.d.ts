/// <reference path="./globals.d.ts" />
/**
 * `llmload/openai`: an OpenAI-compatible client (chat completions, text
 * completions, embeddings, models) for load tests. Requests are streamed by
 * default (with `stream_options.include_usage`), read and timed in the host
 * (timestamps when bytes arrive, before parsing), and recorded as llm_*
 * metrics: llm_reqs, llm_req_failed (tag error_type), llm_ttft,
 * llm_ttft_content, llm_itl, llm_tpot, llm_e2e, llm_ttft_intended,
 * llm_e2e_intended, llm_prompt_tokens, llm_output_tokens,
 * llm_output_tokens_per_second, llm_tokens_per_chunk, llm_prompt_tokens_total,
 * llm_output_tokens_total, llm_token_count_mismatch, llm_goodput,
 * llm_in_flight; tagged model, endpoint, stream, status, finish_reason,
 * scenario (+ your tags). A failed request does not throw: `ok` is false and
 * `error` says why.
 */

type Scalar = string | number | boolean;

export interface ClientOptions {
  /** Server URL, with or without `/v1` (`http://127.0.0.1:8000` → `…/v1/chat/completions`). Default `__ENV.LLMLOAD_BASE_URL` (set by `--mock`). */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …`; never logged or exported. Default `__ENV.OPENAI_API_KEY`. */
  apiKey?: string;
  /** Default `model` of every request (a body's `model` wins). */
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
   * the output count it does (`llm_token_count_mismatch`): a built-in encoding
   * ("o200k_base", "cl100k_base", …) or a path to a tokenizer.json. Default: the
   * built-in o200k_base, for missing counts only.
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

export type { Endpoint, ErrorType, Result, Timings, ToolCall, Usage } from './openai-result.js';
import type { Result } from './openai-result.js';

export interface ModelsResult extends Result {
  /** Model ids from GET /models. */
  models: string[];
}

/** Request bodies: OpenAI's fields; anything else (`ignore_eos`, `min_tokens`, `tools`…) is passed through. */
export interface ChatBody {
  messages: Array<{ role: string; content?: string | unknown[] | null; [k: string]: unknown }>;
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

export class Client {
  constructor(opts?: ClientOptions);
  readonly baseUrl: string;
  readonly model: string | undefined;
  /** POST /v1/chat/completions. */
  chat(body: ChatBody, params?: CallParams): Promise<Result>;
  /** POST /v1/completions. */
  completions(body: CompletionsBody, params?: CallParams): Promise<Result>;
  /** POST /v1/embeddings (never streamed). */
  embeddings(body: EmbeddingsBody, params?: CallParams): Promise<Result>;
  /** GET /v1/models; records no metrics. */
  models(params?: CallParams): Promise<ModelsResult>;
}

/** Creates a client (usually in init code). */
export function client(opts?: ClientOptions): Client;

declare const openai: { client: typeof client; Client: typeof Client };
export default openai;
