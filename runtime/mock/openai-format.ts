/**
 * OpenAI-compatible wire format, as vLLM writes it: SSE events
 * (`data: {json}\n\n`) for streams and JSON bodies otherwise. The parts of a
 * chunk that never change within a response are built once per response, so
 * the per-chunk cost is one JSON.stringify of the token text and a concat.
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

/** Builds the SSE events of one streamed response. */
export class ChunkWriter {
  private readonly head: string;
  private readonly tail = ',"logprobs":null,"finish_reason":null}]}\n\n';

  constructor(
    private readonly endpoint: GenerationEndpoint,
    private readonly id: string,
    private readonly created: number,
    private readonly model: string,
  ) {
    const object = endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    this.head = `data: {"id":"${id}","object":"${object}","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,`;
  }

  /** Chat's first event: role only, empty content (not a content chunk). */
  role(): string {
    return `${this.head}"delta":{"role":"assistant","content":""}${this.tail}`;
  }

  content(text: string): string {
    const t = JSON.stringify(text);
    return this.endpoint === 'chat' ? `${this.head}"delta":{"content":${t}}${this.tail}` : `${this.head}"text":${t}${this.tail}`;
  }

  reasoning(text: string, field: string): string {
    return `${this.head}"delta":{"${field}":${JSON.stringify(text)}}${this.tail}`;
  }

  /** A tool-call delta: the first carries id, type and name. */
  toolCall(args: string, first: { callId: string; name: string } | undefined): string {
    const fn = first ? `{"name":${JSON.stringify(first.name)},"arguments":${JSON.stringify(args)}}` : `{"arguments":${JSON.stringify(args)}}`;
    const call = first ? `{"index":0,"id":"${first.callId}","type":"function","function":${fn}}` : `{"index":0,"function":${fn}}`;
    return `${this.head}"delta":{"tool_calls":[${call}]}${this.tail}`;
  }

  finish(reason: string): string {
    const body = this.endpoint === 'chat' ? '"delta":{}' : '"text":""';
    return `${this.head}${body},"logprobs":null,"finish_reason":"${reason}","stop_reason":null}]}\n\n`;
  }

  usage(u: Usage): string {
    const object = this.endpoint === 'chat' ? 'chat.completion.chunk' : 'text_completion';
    return `data: ${JSON.stringify({ id: this.id, object, created: this.created, model: this.model, choices: [], usage: u })}\n\n`;
  }
}

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
