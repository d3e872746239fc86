import { CountThread, type Tokenizer } from 'llmload/plugin';

/** How the counting code finds a request's tokenizer (`spec`: the client's `tokenizer` option). */
export interface TokenizerLookup {
  /** Loads it (once per process; a fraction of a second) and returns it. */
  get(spec: string | undefined): Tokenizer;
  /** It, when this thread has loaded it already. */
  loaded(spec: string | undefined): Tokenizer | undefined;
  /** What the counting thread loads for it; undefined when only this thread has it (made in code). */
  source(spec: string | undefined): string | undefined;
}
import type { ResponseAccumulator } from './accumulator.js';
import type { LlmRequestWire, LlmUsage } from './types.js';

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
  /** The server's usage, or one made of the counts. */
  usage: LlmUsage;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * The server's `usage` first. What it does not report is counted with the
 * tokenizer (the one the client names, else the built-in default): the
 * generated text (answer, reasoning, tool calls) for output, the prompt's
 * text for input (without the chat template, so an approximation for chat).
 * When the client names a tokenizer and the server reports output tokens, the
 * two are compared. Chunks are never counted as tokens.
 */
export async function countTokens(req: LlmRequestWire, acc: ResponseAccumulator, tokenizers: TokenizerLookup): Promise<TokenCounts> {
  const usage = acc.usage;
  const serverPrompt = num(usage?.prompt_tokens);
  const serverOutput = req.endpoint === 'embeddings' ? 0 : num(usage?.completion_tokens);
  const checkOutput = serverOutput !== undefined && req.tokenizer !== undefined && req.endpoint !== 'embeddings';
  const outputs = serverOutput === undefined || checkOutput ? acc.outputTexts() : [];
  const prompts = serverPrompt === undefined ? [promptText(req.body)] : [];
  const counts = prompts.length + outputs.length > 0 ? await countTexts(tokenizers, req.tokenizer, [...prompts, ...outputs]) : [];
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
    usage: source === 'server' ? usage! : { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output },
  };
}

// One per run: started on the first long text, stopped by closeTokenCounting().
let thread: CountThread | undefined;

/**
 * Counts each text: here when short and the tokenizer is loaded here; on the
 * counting thread when long (see SYNC_COUNT_MAX) or when loading the
 * tokenizer here would stall the measuring thread mid-run.
 */
async function countTexts(tokenizers: TokenizerLookup, spec: string | undefined, texts: string[]): Promise<number[]> {
  const size = texts.reduce((n, t) => n + t.length, 0);
  const here = () => {
    const tok = tokenizers.get(spec);
    return texts.map((t) => tok.count(t));
  };
  const source = tokenizers.source(spec);
  if (source === undefined || (size <= SYNC_COUNT_MAX && tokenizers.loaded(spec) !== undefined)) return here();
  const t = (thread ??= new CountThread());
  try {
    return await t.count(source, texts);
  } catch (err) {
    if (t.closed) throw err;
    // No thread (the worker script is missing, or it crashed): a count that blocks beats none.
    return here();
  }
}

/** Stops the counting thread, if one was started; the next long text starts a new one. */
export async function closeTokenCounting(): Promise<void> {
  const t = thread;
  thread = undefined;
  await t?.close();
}

/** The text of a request's prompt: chat message contents, `prompt`, or embedding `input`, joined by newlines. */
export function promptText(body: string | undefined): string {
  if (body === undefined) return '';
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return '';
  }
  const parts: string[] = [];
  const add = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(add);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      // A chat message ({role, content}) or a content part ({type: 'text', text}).
      if ('content' in o) add(o.content);
      else if (o.type === 'text') add(o.text);
    }
  };
  add(b.messages ?? b.prompt ?? b.input);
  return parts.join('\n');
}
