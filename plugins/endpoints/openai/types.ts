/**
 * What crosses between the in-isolate `llmload/openai` module and the host
 * (types only; both sides import them). One request goes in, one result comes
 * back: the per-chunk work stays in the host.
 */

import type { Endpoint, ErrorType, Result, Timings, ToolCall, Usage } from '../../../types/openai-result.js';

/** The result types are the user-facing ones (types/openai-result.d.ts). */
export type LlmEndpoint = Endpoint;
export type LlmErrorType = ErrorType;
export type LlmResultWire = Result;
export type LlmTimings = Timings;
export type LlmToolCall = ToolCall;
export type LlmUsage = Usage;

/** One request as the isolate sends it (already normalised). */
export interface LlmRequestWire {
  endpoint: LlmEndpoint;
  url: string;
  /** Lower-case names; `authorization` carries the API key (never logged or exported). */
  headers: Record<string, string>;
  /** JSON text (absent for GET /models). */
  body?: string;
  /** The body asked for a stream (SSE); the response's content type decides how it is read. */
  stream: boolean;
  /** `model` tag ('' when none, e.g. /models). */
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
}
