/**
 * What one generation request will do, decided when it arrives from its own
 * seeded generator (so a run with a seed replays the same lengths, timings
 * and errors whatever the interleaving of requests).
 */
import type { Random } from '../random.js';
import type { InjectedError } from './error-rates.js';
import type { GenerationRequest } from './openai-request.js';
import type { MockOptions } from './options.js';

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface RequestPlan {
  /** Base TTFT drawn for this request (ms), before prefill cost and queueing. */
  ttft: number;
  /** Tokens the full answer has: reasoning + content (or tool arguments). */
  outputTokens: number;
  /** Leading tokens sent as reasoning deltas. */
  reasoningTokens: number;
  finishReason: FinishReason;
  /** Injected failure, if this request drew one. */
  error: InjectedError | undefined;
  /** For stream/disconnect errors: tokens written before the failure (0 ≤ errorAfter < outputTokens). */
  errorAfter: number;
}

/**
 * Output length: `ignore_eos` with `max_tokens` → exactly max_tokens; else a
 * draw from `output-tokens`, raised to `min_tokens`, capped at `max_tokens`
 * (reaching the cap gives finish_reason "length", as a real server does).
 */
export function planRequest(req: GenerationRequest, opts: MockOptions, rng: Random): RequestPlan {
  const ttft = opts.ttft.sample(rng);
  let n: number;
  let finish: FinishReason;
  if (req.ignoreEos && req.maxTokens !== undefined) {
    n = req.maxTokens;
    finish = 'length';
  } else {
    n = Math.max(1, opts.outputTokens.sample(rng), req.minTokens);
    finish = req.ignoreEos ? 'length' : 'stop';
    if (req.maxTokens !== undefined && n >= req.maxTokens) {
      n = req.maxTokens;
      finish = 'length';
    }
  }
  const reasoningTokens = req.reasoning ? Math.min(n, opts.reasoningTokens.sample(rng)) : 0;
  if (req.toolName !== undefined && opts.toolCalls && finish === 'stop') finish = 'tool_calls';
  const error = opts.errors.pick(rng);
  // A non-streaming answer has no middle to fail in: a stream error becomes a 500 at the end.
  let errorAfter = 0;
  if (error && error.kind !== 'status') errorAfter = n > 1 ? 1 + rng.int(n - 1) : 0;
  if (error?.kind === 'stream' && !req.stream) errorAfter = n;
  return { ttft, outputTokens: n, reasoningTokens, finishReason: finish, error, errorAfter };
}
