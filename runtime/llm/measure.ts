import type { LlmRequest, LlmRequestKind } from './request.js';
import type { Result, Timings } from './result.js';
import type { LlmExchange } from './send.js';
import { countTokens, type TokenCounter, type TokenCounts } from './tokens.js';

/** One finished request: what the script gets and what the samples need. */
export interface Measurement {
  result: Result<string>;
  kind: LlmRequestKind;
  /** Undefined for failed requests and lookups (their tokens are not counted). */
  tokens: TokenCounts | undefined;
  exchange: LlmExchange;
  /** ms after sending at which the client was to cancel it (`cancelAfter`, the scenario's `cancel`); undefined: never. */
  cancelAfter: number | undefined;
}

/**
 * The LLM definitions, from the exchange's clock readings:
 * TTFT = first content chunk − start; TTFT content = first non-reasoning
 * content chunk − start; ITL = every gap between successive content chunks;
 * TPOT = (last − first content chunk) / (output tokens − 1); E2E = end −
 * start; the intended variants measure from the iteration's intended start.
 * A non-streamed response is one content chunk that arrives when its body
 * ends, so its TTFT is its E2E and it has no ITL or TPOT. Async because a
 * long reply without usage is counted on another thread (tokens.ts); every
 * clock reading was taken before.
 */
export async function measure(
  req: LlmRequest,
  ex: LlmExchange,
  intended: number | undefined,
  count: { counter: TokenCounter; promptText: () => string },
  /** Applied to error messages (removes credentials). */
  redact: (text: string) => string,
): Promise<Measurement> {
  const { read, start, end } = ex;
  const times = read.contentTimes;
  const first = times[0];
  const last = times[times.length - 1];
  const ok = read.error === undefined;
  const interp = read.interp;
  const tokens = ok && req.kind !== 'lookup' ? await countTokens(req, interp, count.promptText, count.counter) : undefined;

  const timings: Timings = { e2e: end - start, itl: [], contentChunks: times.length };
  if (ex.headers !== undefined) timings.headers = ex.headers - start;
  if (first !== undefined) timings.ttft = first - start;
  if (read.firstAnswer !== undefined) timings.ttftContent = read.firstAnswer - start;
  if (read.sse) {
    for (let i = 1; i < times.length; i++) timings.itl.push(times[i]! - times[i - 1]!);
    if (tokens && tokens.output > 1 && first !== undefined) timings.tpot = (last! - first) / (tokens.output - 1);
  }
  if (intended !== undefined) {
    if (first !== undefined) timings.ttftIntended = first - intended;
    timings.e2eIntended = end - intended;
  }

  const result: Result<string> = {
    ok,
    status: read.status,
    endpoint: req.endpoint,
    model: req.model,
    stream: req.stream,
    text: interp.text,
    reasoning: interp.reasoning,
    toolCalls: interp.toolCalls,
    finishReason: interp.finishReason,
    usage: tokens?.usage ?? interp.usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    tokenSource: tokens?.source ?? 'server',
    timings,
    json: read.json,
    error: read.error ? { type: read.error.type, message: redact(read.error.message), status: read.status } : null,
  };
  return { result, kind: req.kind ?? 'generate', tokens, exchange: ex, cancelAfter: req.kind === 'lookup' ? undefined : req.cancelAfter };
}
