import type { LlmRequest } from './request.js';
import type { ToolCall, Usage } from './result.js';

/** What one parsed event (or a whole non-streamed body) carried. */
export type ChunkKind =
  /** Non-empty answer text (content, completion text, tool-call text): a content chunk, and an answer. */
  | 'answer'
  /** Only non-empty reasoning text: a content chunk, not an answer (llm_ttft_content skips it). */
  | 'reasoning'
  /** Role-only, empty strings, usage-only, finish-only: not a content chunk. */
  | 'none';

/** Where a parsed event keeps its text: `holder[key]` is a string (LlmInterpreter.textSlot). */
export type TextSlot = [holder: Record<string, unknown>, key: string];

/** How a stream ended, for LlmInterpreter.incomplete(). */
export interface StreamEnd {
  /** The protocol's end marker arrived (`endMarker`, e.g. OpenAI's `[DONE]`). */
  marker: boolean;
  /** The connection broke before the body's end (a clean end otherwise). */
  cut: boolean;
}

/**
 * A protocol's reading of ONE response: the kit frames the body (SSE events
 * or a whole JSON body), parses each event's JSON, handles errors and stamps
 * content chunks; the interpreter says what each object means and collects
 * the result's fields. One instance per request.
 */
export interface LlmInterpreter {
  /**
   * An event's raw `data` that ends the stream (OpenAI's `[DONE]`), checked
   * before JSON parsing; absent: the protocol has none.
   */
  readonly endMarker?: string;
  /** Applies one parsed JSON object: an SSE event's data, or the whole body of a non-streamed response. */
  apply(obj: Record<string, unknown>): ChunkKind;
  /**
   * Optional, for speed: where a parsed event keeps its text, as `[holder,
   * key]`, when applying the event does nothing but add that (non-empty)
   * string, and apply() keeps no reference to the object or its parts;
   * undefined otherwise. The kit then hands later events that differ from it
   * in that string alone to apply() as the same object with the new string
   * in place, without parsing them (runtime/llm/event-template.ts).
   */
  textSlot?(obj: Record<string, unknown>): TextSlot | undefined;
  /**
   * The stream is over: undefined when what arrived is a complete response,
   * else why not (the message of an `incomplete_stream`; a cut reports the
   * transport's own error instead).
   */
  incomplete(end: StreamEnd): string | undefined;
  /** Text a tokenizer counts as output when the server reports no output tokens (answer, reasoning, tool calls). */
  outputTexts(): string[];
  /** The result's fields. */
  readonly text: string;
  readonly reasoning: string;
  readonly toolCalls: ToolCall[];
  readonly finishReason: string | null;
  /** The server's token usage as it sent it; counts it lacks are made with the tokenizer. */
  readonly usage: Usage | undefined;
}

/**
 * What an LLM endpoint plugin implements for the kit: its protocol's
 * reading of responses and of prompts. The plugin builds requests; the kit
 * sends, stamps, measures, counts and records them.
 */
export interface LlmProtocol<R extends LlmRequest = LlmRequest> {
  /** A fresh interpreter for the response to `req`. */
  interpreter(req: R): LlmInterpreter;
  /** The prompt's text, counted when the server reports no prompt tokens (called only then). */
  promptText(req: R): string;
}
