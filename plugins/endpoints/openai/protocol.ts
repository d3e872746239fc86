import type { LlmEndpoint, LlmProtocol, LlmRequest } from 'llmload/plugin';
import { ResponseAccumulator } from './accumulator.js';
import type { AutoModelAsk } from './auto-model.js';

/** A request of `llmload/openai`, as its in-isolate half builds it (runtime/modules/openai.ts). */
export type OpenAiRequest = LlmRequest<LlmEndpoint> & {
  /** A client made with `model: 'auto'`: the body has no `model`; the host adds the first one the server lists. */
  autoModel?: AutoModelAsk;
};

/** OpenAI's chat/completions/embeddings responses and prompts, for the LLM kit. */
export const openaiProtocol: LlmProtocol<OpenAiRequest> = {
  interpreter: () => new ResponseAccumulator(),
  promptText: (req) => promptText(req.body),
};

/** The text of a request's prompt: chat message contents, `prompt`, or embedding `input`, joined by newlines (no chat template). */
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
