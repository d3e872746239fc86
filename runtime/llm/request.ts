/**
 * One LLM request as an endpoint plugin hands it to the kit (types only, no
 * imports: a plugin's in-isolate half may build it and send it through
 * `llmload/vu`'s call()).
 */

/**
 * What the kit measures of a request: `generate` (default) produces output
 * (TTFT, ITL, TPOT, output tokens); `embed` has only a prompt (no output
 * tokens); `lookup` is a metadata call (e.g. GET /models) that records
 * nothing: no samples, no record, no token count.
 */
export type LlmRequestKind = 'generate' | 'embed' | 'lookup';

export interface LlmRequest<E extends string = string> {
  /** The `endpoint` tag and result field (`chat`, `generate`, …). */
  endpoint: E;
  url: string;
  /** Default: POST with a body, GET without. */
  method?: string;
  /** Lower-case names; the credential of `authorization` is never logged, exported or returned. */
  headers: Record<string, string>;
  /** JSON text (absent: no body). */
  body?: string;
  /** The body asked for a stream (SSE); the response's content type decides how it is read. */
  stream: boolean;
  /** The `model` tag ('' when none). */
  model: string;
  /** ms: the whole request. */
  timeout: number;
  /** ms: the longest silence between two reads of the body, once it started (0 = off). */
  idleTimeout: number;
  /** false: a new connection for this request (closed after it). Undefined: the run's default. */
  connectionReuse?: boolean;
  /** Tokenizer for token counts the server does not report (undefined: the built-in default). */
  tokenizer?: string;
  /** Extra sample tags (client tags, then call tags). */
  tags?: Record<string, string>;
  /** Default 'generate'. */
  kind?: LlmRequestKind;
  /**
   * ms after the request was written (AIPerf's cancellation delay): the client
   * closes it then, unless the response completed first; it counts in
   * llm_req_cancelled, not as a failure. Undefined: the scenario's `cancel`.
   * Lookups are never cancelled.
   */
  cancelAfter?: number;
}
