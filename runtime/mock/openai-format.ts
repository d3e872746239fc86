/**
 * OpenAI-compatible JSON bodies as vLLM writes them (non-streamed answers),
 * the OpenAI usage object and the error event of a failed stream. Streamed
 * chunks are built by the StreamWriters (framing.ts).
 */
import type { GenerationEndpoint } from './openai-request.js';

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  completion_tokens_details?: { reasoning_tokens: number };
}

export function usage(prompt: number, completion: number, reasoning: number): Usage {
  const u: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (reasoning > 0) u.completion_tokens_details = { reasoning_tokens: reasoning };
  return u;
}

export const DONE_EVENT = 'data: [DONE]\n\n';

/** A mid-stream error event (vLLM's shape). */
export function errorEvent(message: string, status = 500): string {
  return `data: ${JSON.stringify({ error: { message, type: 'InternalServerError', param: null, code: status } })}\n\n`;
}

export interface FullAnswer {
  id: string;
  created: number;
  model: string;
  content: string;
  reasoning: string;
  reasoningField: string;
  tool: { callId: string; name: string } | undefined;
  finishReason: string;
  usage: Usage;
}

/** The non-streaming JSON body. */
export function fullResponse(endpoint: GenerationEndpoint, a: FullAnswer): string {
  if (endpoint === 'completions') {
    return JSON.stringify({
      id: a.id,
      object: 'text_completion',
      created: a.created,
      model: a.model,
      choices: [{ index: 0, text: a.content, logprobs: null, finish_reason: a.finishReason, stop_reason: null }],
      usage: a.usage,
    });
  }
  const message: Record<string, unknown> = { role: 'assistant', content: a.tool ? null : a.content };
  if (a.reasoning) message[a.reasoningField] = a.reasoning;
  message.tool_calls = a.tool ? [{ id: a.tool.callId, type: 'function', function: { name: a.tool.name, arguments: a.content } }] : [];
  return JSON.stringify({
    id: a.id,
    object: 'chat.completion',
    created: a.created,
    model: a.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: a.finishReason, stop_reason: null }],
    usage: a.usage,
  });
}
