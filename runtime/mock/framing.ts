/**
 * How a streamed answer is put on the wire: the SSE events of vLLM's, SGLang's
 * and TGI's OpenAI-compatible /v1/chat/completions (the `framing` setting),
 * and vLLM's /v1/completions. Engines differ in ids, extra fields, where the
 * role goes, where the finish reason goes and what the usage chunk holds;
 * clients that read only the OpenAI fields see the same tokens from all of
 * them. Shapes were read from each engine's serializer, not guessed.
 *
 * A StreamWriter (one per engine: framing-*.ts, completion-stream.ts; made by
 * stream-writers.ts) builds one response's events as it goes; the parts that
 * never change within a response are built once, so a chunk costs one
 * JSON.stringify of its text and a concatenation.
 */

export const FRAMINGS = ['vllm', 'sglang', 'tgi', 'vllm-early-role'] as const;
export type Framing = (typeof FRAMINGS)[number];

export type FinishReason = 'stop' | 'length' | 'tool_calls';

/** Token counts for usage fields: so far (continuous usage) or final. */
export interface TokenCounts {
  prompt: number;
  /** Output tokens, reasoning included. */
  completion: number;
  reasoning: number;
}

/** What one response's events repeat or need. */
export interface StreamSpec {
  /** The request's arrival number: ids derive from it, so a fresh seeded server replays the same bytes. */
  seq: number;
  /** Epoch seconds. */
  created: number;
  model: string;
  promptTokens: number;
  /** stream_options.continuous_usage_stats (with include_usage): usage on every chunk. */
  continuousUsage: boolean;
  reasoningField: 'reasoning_content' | 'reasoning';
  /** The function called when the answer is a tool call (its arguments are the generated text). */
  toolName: string | undefined;
}

/** One decode step's output: reasoning text, then answer text (tool-call arguments for a tool call); either may be ''. */
export interface Delta {
  reasoning: string;
  content: string;
}

/** The SSE events of one streamed response. */
export interface StreamWriter {
  /** The response `id` as clients see it. */
  readonly id: string;
  /** What goes out with the headers, before any token: the role chunk under vllm-early-role, else ''. */
  opening(): string;
  /** One chunk's events. `last`: the answer's finish reason when this is its last delta; `soFar`: tokens generated so far. */
  delta(d: Delta, last: FinishReason | undefined, soFar: TokenCounts): string;
  /** After the last delta: a finish event where the engine sends one apart, the usage chunk when asked for, [DONE]. */
  close(reason: FinishReason, final: TokenCounts, includeUsage: boolean): string;
  /** A mid-stream error event in the engine's shape, then [DONE]. */
  fail(message: string): string;
  /** The finish_reason this engine puts on the wire for the answer's reason. */
  wireReason(reason: FinishReason): string;
}

/** `n` as `width` lowercase hex digits: ids as long as the engines' random ones, yet reproducible. */
export function hexId(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** A string as Python's json.dumps writes it into an error event (ASCII only, like its default). */
export function pyString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
