/**
 * `llmload/openai`: an OpenAI-compatible client (chat completions, text
 * completions, embeddings, models) for load tests. Requests are streamed by
 * default (with `stream_options.include_usage`), read and timed in the host
 * (timestamps when bytes arrive, before parsing), and recorded as llm_*
 * metrics: llm_reqs, llm_req_failed (tag error_type), llm_req_cancelled, llm_ttft,
 * llm_ttft_content, llm_itl, llm_tpot, llm_e2e, llm_ttft_intended,
 * llm_e2e_intended, llm_prompt_tokens, llm_output_tokens,
 * llm_output_tokens_per_second, llm_tokens_per_chunk, llm_prompt_tokens_total,
 * llm_output_tokens_total, llm_token_count_mismatch, llm_token_count_diff, llm_goodput,
 * llm_in_flight; tagged model, endpoint, stream, status, finish_reason,
 * scenario (+ your tags). A failed request does not throw: `ok` is false and
 * `error` says why.
 */
// The script awaits one result per request; the chunks never enter the VU.
import type { LlmRequest } from '../llm/request.js';
import type { Endpoint as LlmEndpoint, Result } from '../llm/result.js';
import { askBeforeTest, askPreconnect, durationMs, guardPending, hostCall, warmups } from './internal/state.js';
import { stringTags } from './internal/string-tags.js';

export type { Endpoint, ErrorType, Result, Timings, ToolCall, Usage } from '../llm/result.js';

type Scalar = string | number | boolean;
/** What the host's openai endpoint gets (plugins/endpoints/openai: OpenAiRequest). */
type LlmRequestWire = LlmRequest<LlmEndpoint> & { autoModel?: { api: string; headers: Record<string, string> } };
type Body = Record<string, unknown>;

export interface ClientOptions {
  /** Server URL, with or without `/v1` (`http://127.0.0.1:8000` → `…/v1/chat/completions`). Default `__ENV.LLMLOAD_BASE_URL` (set by `--mock`). */
  baseUrl?: string;
  /** Sent as `Authorization: Bearer …`; never logged or exported. Default `__ENV.OPENAI_API_KEY`. */
  apiKey?: string;
  /**
   * Default `model` of every request (a body's `model` wins). `'auto'`: the
   * first id the server lists at GET `/v1/models`, looked up once per run
   * (before the test when the client is made in init code; the run header
   * shows it).
   */
  model?: string;
  /** Extra request headers. */
  headers?: Record<string, Scalar>;
  /** Whole-request timeout: ms or a duration ("90s"). Default "10m". error type `timeout`. */
  timeout?: number | string;
  /** Longest silence between two reads once the response body started. Default "60s"; 0 = off. error type `idle_timeout`. */
  idleTimeout?: number | string;
  /** Stream chat and text completions (SSE). Default true; a body's `stream` wins. */
  stream?: boolean;
  /** Ask a stream for its usage (`stream_options: { include_usage: true }`) unless the body sets it. Default true. */
  streamUsage?: boolean;
  /** false: a new connection per request, closed after it. Default true (unless `options.noConnectionReuse`). */
  connectionReuse?: boolean;
  /**
   * Tokenizer that counts what the server's `usage` does not report, and checks
   * the output count it does (`llm_token_count_mismatch`, and the signed
   * client − server difference `llm_token_count_diff`): a built-in encoding
   * ("o200k_base", "cl100k_base", …) or a path to a tokenizer.json or GGUF
   * file. Default: the built-in o200k_base, for missing counts only.
   */
  tokenizer?: string;
  /** Tags on every sample of this client's requests. */
  tags?: Record<string, Scalar>;
}

export interface CallParams {
  headers?: Record<string, Scalar>;
  timeout?: number | string;
  idleTimeout?: number | string;
  /** Tags on this request's samples (over the client's). */
  tags?: Record<string, Scalar>;
}

/** Parameters of chat(), completions() and embeddings(). */
export interface RequestParams extends CallParams {
  /**
   * Close the request this long after it was sent (ms or a duration such as
   * "2s"), as a user who gives up: unless the response completed first, it
   * counts in llm_req_cancelled, not llm_req_failed, and its latencies are
   * left out of the statistics. Overrides the scenario's `cancel`.
   */
  cancelAfter?: number | string;
}

export interface ModelsResult extends Result {
  /** Model ids from GET /models. */
  models: string[];
}

/** Request bodies: OpenAI's fields; anything else (`ignore_eos`, `min_tokens`, `tools`…) is passed through. */
export interface ChatBody {
  messages: Array<{ role: string; content?: string | unknown[] | null; [k: string]: unknown }>;
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  [k: string]: unknown;
}
export interface CompletionsBody {
  prompt: string | string[];
  model?: string;
  max_tokens?: number;
  stream?: boolean;
  [k: string]: unknown;
}
export interface EmbeddingsBody {
  input: string | string[];
  model?: string;
  [k: string]: unknown;
}

const DEFAULT_TIMEOUT = 600_000;
const DEFAULT_IDLE_TIMEOUT = 60_000;

/** `http://h:8000` → `http://h:8000/v1`; a URL with a path (`…/v1`, `…/openai/v1`) is kept. */
function apiBase(baseUrl: string): string {
  const u = baseUrl.replace(/\/+$/, '');
  return /^[a-z][a-z0-9+.-]*:\/\/[^/]+$/i.test(u) ? `${u}/v1` : u;
}

function lowerKeys(h: Record<string, Scalar> | undefined, into: Record<string, string>): void {
  if (h) for (const k of Object.keys(h)) into[k.toLowerCase()] = String(h[k]);
}

/** A client of one server; requests return a Result (they do not throw when the server fails). */
export class Client {
  readonly baseUrl: string;
  readonly model: string | undefined;
  readonly #api: string;
  readonly #headers: Record<string, string>;
  readonly #timeout: number;
  readonly #idle: number;
  readonly #stream: boolean;
  readonly #streamUsage: boolean;
  readonly #reuse: boolean | undefined;
  readonly #tokenizer: string | undefined;
  readonly #tags: Record<string, string> | undefined;
  /** Set for `model: 'auto'`: what the host looks the model up with. */
  readonly #auto: { api: string; headers: Record<string, string> } | undefined;

  constructor(opts: ClientOptions = {}) {
    const env = (globalThis as { __ENV?: Record<string, string> }).__ENV ?? {};
    const baseUrl = opts.baseUrl ?? env.LLMLOAD_BASE_URL;
    if (typeof baseUrl !== 'string' || !/^https?:\/\//i.test(baseUrl)) {
      throw new TypeError(
        `openai.client(): baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)} (set it, pass -e LLMLOAD_BASE_URL=…, or run with --mock)`,
      );
    }
    this.baseUrl = baseUrl;
    this.#api = apiBase(baseUrl);
    this.model = opts.model;
    const headers: Record<string, string> = {};
    const apiKey = opts.apiKey ?? env.OPENAI_API_KEY;
    if (apiKey) headers.authorization = `Bearer ${apiKey}`;
    lowerKeys(opts.headers, headers);
    this.#headers = headers;
    this.#timeout = opts.timeout === undefined ? DEFAULT_TIMEOUT : durationMs(opts.timeout, 'openai.client() timeout');
    this.#idle = opts.idleTimeout === undefined ? DEFAULT_IDLE_TIMEOUT : durationMs(opts.idleTimeout, 'openai.client() idleTimeout');
    this.#stream = opts.stream ?? true;
    this.#streamUsage = opts.streamUsage ?? true;
    this.#reuse = opts.connectionReuse;
    this.#tokenizer = opts.tokenizer;
    this.#tags = opts.tags ? stringTags(opts.tags) : undefined;
    // Made in init code: every VU opens its connection to the server before the test starts (warm start).
    if (this.#reuse !== false) askPreconnect('openai', baseUrl);
    if (opts.model === 'auto') {
      this.#auto = { api: this.#api, headers };
      // Made in init code: the host finds the model before the test.
      askBeforeTest('openai', this.#auto);
    }
  }

  /** POST /v1/chat/completions (streamed unless `stream: false` here or in the client). */
  chat(body: ChatBody, params?: RequestParams): Promise<Result> {
    return this.#generate('chat', '/chat/completions', body, params);
  }

  /** POST /v1/completions (text completions, `choices[0].text`). */
  completions(body: CompletionsBody, params?: RequestParams): Promise<Result> {
    return this.#generate('completions', '/completions', body, params);
  }

  /** POST /v1/embeddings (never streamed); the vectors are in `result.json.data`. */
  embeddings(body: EmbeddingsBody, params?: RequestParams): Promise<Result> {
    return this.#send('embeddings', '/embeddings', this.#withModel('embeddings', body), false, params);
  }

  /** GET /v1/models: `models` lists the ids. Records no metrics (and is never cancelled). */
  async models(params?: CallParams): Promise<ModelsResult> {
    const r = await this.#send('models', '/models', undefined, false, params);
    const data = (r.json as { data?: Array<{ id?: unknown }> } | null)?.data;
    return { ...r, models: Array.isArray(data) ? data.map((m) => String(m?.id)) : [] };
  }

  #withModel(what: string, body: Body): Body {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TypeError(`openai ${what}(): the body must be an object`);
    const model = body.model ?? this.model;
    if (typeof model !== 'string' || model === '') throw new TypeError(`openai ${what}(): no model (set openai.client({ model }) or the body's "model")`);
    // model: 'auto' from the client: the host adds the model it found (#send marks the request).
    return body.model === undefined && this.#auto ? { ...body } : { ...body, model };
  }

  #generate(endpoint: LlmEndpoint, path: string, body: Body, params: RequestParams | undefined): Promise<Result> {
    const b = this.#withModel(endpoint, body);
    const stream = typeof b.stream === 'boolean' ? b.stream : this.#stream;
    b.stream = stream;
    const so = b.stream_options as Record<string, unknown> | undefined;
    if (stream && this.#streamUsage && so?.include_usage === undefined) b.stream_options = { ...so, include_usage: true };
    return this.#send(endpoint, path, b, stream, params);
  }

  #send(endpoint: LlmEndpoint, path: string, body: Body | undefined, stream: boolean, params: RequestParams | undefined): Promise<Result> {
    const p = params ?? {};
    const auto = body !== undefined && body.model === undefined ? this.#auto : undefined;
    const headers: Record<string, string> = { ...this.#headers };
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    headers.accept ??= stream ? 'text/event-stream' : 'application/json';
    lowerKeys(p.headers, headers);
    const wire: LlmRequestWire = {
      endpoint,
      url: this.#api + path,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      stream,
      model: typeof body?.model === 'string' ? body.model : auto ? '' : (this.model ?? ''),
      timeout: p.timeout === undefined ? this.#timeout : durationMs(p.timeout, `openai ${endpoint}() timeout`),
      idleTimeout: p.idleTimeout === undefined ? this.#idle : durationMs(p.idleTimeout, `openai ${endpoint}() idleTimeout`),
      connectionReuse: this.#reuse,
      tokenizer: this.#tokenizer,
      tags: p.tags ? { ...this.#tags, ...stringTags(p.tags) } : this.#tags,
    };
    if (auto) wire.autoModel = auto;
    if (p.cancelAfter !== undefined) wire.cancelAfter = durationMs(p.cancelAfter, `openai ${endpoint}() cancelAfter`);
    return guardPending(hostCall<Result>('openai', wire), `client.${endpoint}()`);
  }
}

/** Creates a client (usually in init code). */
export function client(opts?: ClientOptions): Client {
  return new Client(opts);
}

export default { client, Client };

// The runtime warm-up (runtime/warmup.ts): this module's request path against llmload's own loopback mock.
warmups.openai = async (baseUrl) => {
  await new Client({ baseUrl: String(baseUrl), apiKey: '', model: 'warmup' }).chat({
    messages: [{ role: 'user', content: 'Warm up.' }],
    max_tokens: 16,
    ignore_eos: true,
  });
};
