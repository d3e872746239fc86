/**
 * The result of an LLM request, as a script gets it from `llmload/openai` or
 * any endpoint built on the LLM kit (types only, no imports: the in-isolate
 * modules and the published types use them too).
 */

/** Which API a `llmload/openai` request called (the `endpoint` tag); other LLM endpoints name their own (`Result<'generate'>`). */
export type Endpoint = 'chat' | 'completions' | 'embeddings' | 'models';

/** The error types of `llm_req_failed{error_type:…}` (and `cancelled`, which is not a failure). */
export type ErrorType =
  | 'http_status'
  | 'stream_error'
  | 'malformed_event'
  | 'incomplete_stream'
  | 'timeout'
  | 'idle_timeout'
  | 'connection_reset'
  | 'stale_connection'
  | 'connect_error'
  /** Cut off by the end of the test: gracefulStop ran out, Ctrl-C, or an abort. */
  | 'interrupted'
  /**
   * Closed by the client on purpose (`cancelAfter`, a scenario's `cancel`)
   * before the response completed: not a failure. It counts in
   * llm_req_cancelled, never in llm_req_failed, and none of its latencies
   * or tokens are recorded.
   */
  | 'cancelled';

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
  function: { name: string; arguments: string };
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
  tokenSource: 'server' | 'tokenizer';
  timings: Timings;
  /** Parsed body of a non-streamed response (embeddings: `json.data[i].embedding`); null for streams. */
  // biome-ignore lint/suspicious/noExplicitAny: untyped server JSON, read by scripts
  json: any;
  error: { type: ErrorType; message: string; status: number } | null;
}
