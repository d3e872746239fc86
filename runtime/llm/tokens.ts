import { CountThread } from '../tokenizers/count-thread.js';
import type { Tokenizer } from '../tokenizers/types.js';
import type { LlmInterpreter } from './protocol.js';
import type { LlmRequest } from './request.js';
import type { Usage } from './result.js';

/** How the counting code finds a request's tokenizer (`spec`: the request's `tokenizer`). */
export interface TokenizerLookup {
  /** Loads it (once per process; a fraction of a second) and returns it. */
  get(spec: string | undefined): Tokenizer;
  /** It, when this thread has loaded it already. */
  loaded(spec: string | undefined): Tokenizer | undefined;
  /** What the counting thread loads for it; undefined when only this thread has it (made in code). */
  source(spec: string | undefined): string | undefined;
}

/**
 * Texts up to this many characters in all (a few thousand tokens: most
 * replies) are counted on the main thread, exactly and without a thread hop.
 * Longer ones go to the counting thread, so a huge reply never stalls the
 * socket reads of every other request (or Ctrl-C) while it is counted.
 */
export const SYNC_COUNT_MAX = 16 * 1024;

/** Token counts of one request and where they came from. */
export interface TokenCounts {
  prompt: number;
  /** 0 for embeddings. */
  output: number;
  /** 'server' when both counts come from the response's `usage`. */
  source: 'server' | 'tokenizer';
  /** A named tokenizer recounted the server's output tokens (llm_token_count_mismatch records 0 or 1). */
  compared: boolean;
  /** …and got a different number. */
  mismatch: boolean;
  /** With `compared`: the tokenizer's count of the output, and it minus the server's (llm_token_count_diff). */
  clientOutput?: number;
  diff?: number;
  /** The server's usage, or one made of the counts. */
  usage: Usage;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Counts texts for one run: here when short and the tokenizer is loaded
 * here; on the run's counting thread (started on the first long text) when
 * long (see SYNC_COUNT_MAX) or when loading the tokenizer here would stall
 * the measuring thread mid-run. close() stops the thread at the run's end.
 */
export class TokenCounter {
  private thread: CountThread | undefined;

  constructor(readonly tokenizers: TokenizerLookup) {}

  async count(spec: string | undefined, texts: string[]): Promise<number[]> {
    const tokenizers = this.tokenizers;
    const size = texts.reduce((n, t) => n + t.length, 0);
    const here = () => {
      const tok = tokenizers.get(spec);
      return texts.map((t) => tok.count(t));
    };
    const source = tokenizers.source(spec);
    if (source === undefined || (size <= SYNC_COUNT_MAX && tokenizers.loaded(spec) !== undefined)) return here();
    const t = (this.thread ??= new CountThread());
    try {
      return await t.count(source, texts);
    } catch (err) {
      if (t.closed) throw err;
      // No thread (the worker script is missing, or it crashed): a count that blocks beats none.
      return here();
    }
  }

  /** Stops the counting thread, if one was started; a later long text starts a new one. */
  async close(): Promise<void> {
    const t = this.thread;
    this.thread = undefined;
    await t?.close();
  }
}

/**
 * The server's `usage` first. What it does not report is counted with the
 * tokenizer (the one the request names, else the built-in default): the
 * generated text (answer, reasoning, tool calls) for output, the prompt's
 * text (the protocol's `promptText`) for input. When the request names a
 * tokenizer and the server reports output tokens, the two are compared.
 * Chunks are never counted as tokens.
 */
export async function countTokens(req: LlmRequest, interp: LlmInterpreter, promptText: () => string, counter: TokenCounter): Promise<TokenCounts> {
  const usage = interp.usage;
  const embed = req.kind === 'embed';
  const serverPrompt = num(usage?.prompt_tokens);
  const serverOutput = embed ? 0 : num(usage?.completion_tokens);
  const checkOutput = serverOutput !== undefined && req.tokenizer !== undefined && !embed;
  const outputs = serverOutput === undefined || checkOutput ? interp.outputTexts() : [];
  const prompts = serverPrompt === undefined ? [promptText()] : [];
  const counts = prompts.length + outputs.length > 0 ? await counter.count(req.tokenizer, [...prompts, ...outputs]) : [];
  const counted = counts.slice(prompts.length).reduce((a, b) => a + b, 0);
  const prompt = serverPrompt ?? counts[0]!;
  const output = serverOutput ?? counted;
  const mismatch = checkOutput && counted !== serverOutput;
  const source = serverPrompt !== undefined && serverOutput !== undefined ? 'server' : 'tokenizer';
  return {
    prompt,
    output,
    source,
    compared: checkOutput,
    mismatch,
    ...(checkOutput ? { clientOutput: counted, diff: counted - serverOutput } : {}),
    usage: source === 'server' ? usage! : { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output },
  };
}
