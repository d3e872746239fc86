/**
 * Reads an OpenAI chat/completions request body into the few things the
 * mock acts on, and rejects what a real server would reject (HTTP 400 with an
 * OpenAI-style error body). Everything else in the body is accepted and ignored.
 */

/** An error answered with an HTTP status and `{ "error": { message, type, param, code } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = 'invalid_request_error',
    readonly param: string | null = null,
  ) {
    super(message);
  }
}

export type GenerationEndpoint = 'chat' | 'completions';

export interface GenerationRequest {
  endpoint: GenerationEndpoint;
  model: string | undefined;
  stream: boolean;
  /** stream_options.include_usage */
  includeUsage: boolean;
  /** stream_options.continuous_usage_stats (with include_usage): usage on every chunk (vLLM, SGLang). */
  continuousUsage: boolean;
  /** Prompt text to count (chat: message contents in order), or a token count for token-id prompts. */
  prompt: string | number;
  maxTokens: number | undefined;
  minTokens: number;
  ignoreEos: boolean;
  /** Name of the function to call when the request offers tools (tool_choice not "none"). */
  toolName: string | undefined;
  /** False when the request turns thinking off (chat_template_kwargs.enable_thinking: false). */
  reasoning: boolean;
}

type Obj = Record<string, unknown>;

function positiveInt(body: Obj, key: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
    throw new HttpError(400, `${key} must be a positive integer, got ${JSON.stringify(v)}`, 'invalid_request_error', key);
  return v;
}

/** Message content: a string, or an array of parts whose text parts count. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    let text = '';
    for (const part of content) {
      if (part && typeof part === 'object' && typeof (part as Obj).text === 'string') text += (part as Obj).text as string;
    }
    return text;
  }
  return '';
}

function chatPrompt(body: Obj): string {
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0) throw new HttpError(400, 'messages must be a non-empty array', 'invalid_request_error', 'messages');
  let text = '';
  for (const m of messages) {
    if (!m || typeof m !== 'object' || typeof (m as Obj).role !== 'string')
      throw new HttpError(400, 'each message needs a role', 'invalid_request_error', 'messages');
    text += contentText((m as Obj).content);
  }
  return text;
}

function completionPrompt(body: Obj): string | number {
  let p = body.prompt;
  if (Array.isArray(p) && p.length > 0 && (typeof p[0] === 'string' || Array.isArray(p[0]))) {
    if (p.length > 1) throw new HttpError(400, 'the mock serves one prompt per request', 'invalid_request_error', 'prompt');
    p = p[0];
  }
  if (typeof p === 'string') return p;
  if (Array.isArray(p) && p.every((x) => typeof x === 'number')) return p.length;
  throw new HttpError(400, 'prompt must be a string or an array of token ids', 'invalid_request_error', 'prompt');
}

function toolName(body: Obj): string | undefined {
  const tools = body.tools;
  if (!Array.isArray(tools) || tools.length === 0 || body.tool_choice === 'none') return undefined;
  const choice = body.tool_choice as Obj | undefined;
  const named = choice && typeof choice === 'object' ? ((choice.function as Obj | undefined)?.name as string | undefined) : undefined;
  if (named) return named;
  const first = tools[0] as Obj | undefined;
  const name = (first?.function as Obj | undefined)?.name;
  return typeof name === 'string' ? name : 'tool';
}

export function parseGenerationRequest(endpoint: GenerationEndpoint, raw: unknown): GenerationRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'the request body must be a JSON object');
  const body = raw as Obj;
  const n = body.n;
  if (n !== undefined && n !== null && n !== 1) throw new HttpError(400, 'the mock serves n=1 only', 'invalid_request_error', 'n');
  const streamOptions = body.stream_options as Obj | undefined;
  const kwargs = body.chat_template_kwargs as Obj | undefined;
  const model = body.model;
  if (model !== undefined && typeof model !== 'string') throw new HttpError(400, 'model must be a string', 'invalid_request_error', 'model');
  const minTokens = body.min_tokens;
  if (minTokens !== undefined && minTokens !== null && (typeof minTokens !== 'number' || !Number.isInteger(minTokens) || minTokens < 0)) {
    throw new HttpError(400, `min_tokens must be a non-negative integer, got ${JSON.stringify(minTokens)}`, 'invalid_request_error', 'min_tokens');
  }
  return {
    endpoint,
    model,
    stream: body.stream === true,
    includeUsage: body.stream === true && streamOptions?.include_usage === true,
    continuousUsage: body.stream === true && streamOptions?.include_usage === true && streamOptions?.continuous_usage_stats === true,
    prompt: endpoint === 'chat' ? chatPrompt(body) : completionPrompt(body),
    maxTokens: (endpoint === 'chat' ? positiveInt(body, 'max_completion_tokens') : undefined) ?? positiveInt(body, 'max_tokens'),
    minTokens: typeof minTokens === 'number' ? minTokens : 0,
    ignoreEos: body.ignore_eos === true,
    toolName: endpoint === 'chat' ? toolName(body) : undefined,
    reasoning: endpoint === 'chat' && kwargs?.enable_thinking !== false,
  };
}

/** The OpenAI error body for an HttpError (or any status). */
export function errorBody(status: number, message: string, type: string, param: string | null = null): string {
  return JSON.stringify({ error: { message, type, param, code: status } });
}
