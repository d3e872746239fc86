import type { Tokenizer } from '../../../runtime/tokenizers/index.js';
import type { ResponseAccumulator } from './accumulator.js';
import type { LlmRequestWire, LlmUsage } from './types.js';

/** Token counts of one request and where they came from. */
export interface TokenCounts {
  prompt: number;
  /** 0 for embeddings. */
  output: number;
  /** 'server' when both counts come from the response's `usage`. */
  source: 'server' | 'tokenizer';
  /** A named tokenizer counted the output differently from the server's usage. */
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
export function countTokens(req: LlmRequestWire, acc: ResponseAccumulator, tokenizer: (spec: string | undefined) => Tokenizer): TokenCounts {
  const usage = acc.usage;
  const serverPrompt = num(usage?.prompt_tokens);
  const serverOutput = req.endpoint === 'embeddings' ? 0 : num(usage?.completion_tokens);
  const countOutput = () => acc.outputTexts().reduce((n, t) => n + tokenizer(req.tokenizer).count(t), 0);
  const prompt = serverPrompt ?? tokenizer(req.tokenizer).count(promptText(req.body));
  let output: number;
  let mismatch = false;
  if (serverOutput === undefined) output = countOutput();
  else {
    output = serverOutput;
    if (req.tokenizer !== undefined && req.endpoint !== 'embeddings') mismatch = countOutput() !== serverOutput;
  }
  const source = serverPrompt !== undefined && serverOutput !== undefined ? 'server' : 'tokenizer';
  return {
    prompt,
    output,
    source,
    mismatch,
    usage: source === 'server' ? usage! : { prompt_tokens: prompt, completion_tokens: output, total_tokens: prompt + output },
  };
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
