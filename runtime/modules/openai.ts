/**
 * `llmload/openai`: an OpenAI-compatible client whose requests are streamed,
 * timed and recorded as llm_* metrics in the host. The script awaits one
 * result per request; the chunks never enter the VU.
 */
import type { LlmEndpoint, LlmRequestWire } from '../../plugins/endpoints/openai/types.js';
import type { CallParams, ClientOptions, ModelsResult, Result } from '../../types/openai.js';
import { stringTags } from './index.js';
import { durationMs, guardPending, hostCall, warmups } from './internal/state.js';

type Scalar = string | number | boolean;
type Body = Record<string, unknown>;

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

  constructor(opts: ClientOptions = {}) {
    const env = (globalThis as { __ENV?: Record<string, string> }).__ENV ?? {};
    const baseUrl = opts.baseUrl ?? env.LLMLOAD_BASE_URL;
    if (typeof baseUrl !== 'string' || !/^https?:\/\//i.test(baseUrl)) {
      throw new TypeError(`openai.client(): baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)} (set it, pass -e LLMLOAD_BASE_URL=…, or run with --mock)`);
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
  }

  /** POST /chat/completions (streamed unless `stream: false` here or in the client). */
  chat(body: Body, params?: CallParams): Promise<Result> {
    return this.#generate('chat', '/chat/completions', body, params);
  }

  /** POST /completions (text completions, `choices[0].text`). */
  completions(body: Body, params?: CallParams): Promise<Result> {
    return this.#generate('completions', '/completions', body, params);
  }

  /** POST /embeddings (never streamed); the vectors are in `result.json.data`. */
  embeddings(body: Body, params?: CallParams): Promise<Result> {
    return this.#send('embeddings', '/embeddings', this.#withModel('embeddings', body), false, params);
  }

  /** GET /models: `models` lists the ids. Records no metrics. */
  async models(params?: CallParams): Promise<ModelsResult> {
    const r = await this.#send('models', '/models', undefined, false, params);
    const data = (r.json as { data?: Array<{ id?: unknown }> } | null)?.data;
    return { ...r, models: Array.isArray(data) ? data.map((m) => String(m?.id)) : [] };
  }

  #withModel(what: string, body: Body): Body {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TypeError(`openai ${what}(): the body must be an object`);
    const model = body.model ?? this.model;
    if (typeof model !== 'string' || model === '') throw new TypeError(`openai ${what}(): no model (set openai.client({ model }) or the body's "model")`);
    return { ...body, model };
  }

  #generate(endpoint: LlmEndpoint, path: string, body: Body, params: CallParams | undefined): Promise<Result> {
    const b = this.#withModel(endpoint, body);
    const stream = typeof b.stream === 'boolean' ? b.stream : this.#stream;
    b.stream = stream;
    const so = b.stream_options as Record<string, unknown> | undefined;
    if (stream && this.#streamUsage && so?.include_usage === undefined) b.stream_options = { ...so, include_usage: true };
    return this.#send(endpoint, path, b, stream, params);
  }

  #send(endpoint: LlmEndpoint, path: string, body: Body | undefined, stream: boolean, params: CallParams | undefined): Promise<Result> {
    const p = params ?? {};
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
      model: typeof body?.model === 'string' ? body.model : (this.model ?? ''),
      timeout: p.timeout === undefined ? this.#timeout : durationMs(p.timeout, `openai ${endpoint}() timeout`),
      idleTimeout: p.idleTimeout === undefined ? this.#idle : durationMs(p.idleTimeout, `openai ${endpoint}() idleTimeout`),
      connectionReuse: this.#reuse,
      tokenizer: this.#tokenizer,
      tags: p.tags ? { ...this.#tags, ...stringTags(p.tags) } : this.#tags,
    };
    return guardPending(hostCall<Result>('openai', wire), `client.${endpoint}()`);
  }
}

/** Creates a client (usually once, in init code). */
export function client(opts?: ClientOptions): Client {
  return new Client(opts);
}

export default { client, Client };

// The runtime warm-up (runtime/warmup.ts): this module's request path against llmload's own loopback mock.
warmups.openai = async (baseUrl) => {
  await new Client({ baseUrl: String(baseUrl), apiKey: '', model: 'warmup' }).chat({ messages: [{ role: 'user', content: 'Warm up.' }], max_tokens: 16, ignore_eos: true });
};
