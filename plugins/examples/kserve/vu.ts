/**
 * `llmload/x/kserve`: the script-facing half, bundled into the script and run
 * in its VU's isolate (no Node, no I/O: it talks to the host half, index.ts,
 * through `llmload/vu`). A client of Triton's generate extension (KServe v2
 * inference servers: Triton, and any server that speaks it):
 *
 *   POST {baseUrl}/v2/models/{model}[/versions/{version}]/generate_stream  (SSE; the default)
 *   POST {baseUrl}/v2/models/{model}[/versions/{version}]/generate         (stream: false)
 *
 * `generate(body)` sends the body as it is (`text_input`, `parameters`, and
 * any input the model takes), plus `parameters.stream: true` on a stream
 * unless the body sets `stream` itself, and resolves with a result shaped
 * like llmload/openai's (`ok`, `text`, `finishReason`, `usage`, `timings`,
 * `error`…); it never rejects for HTTP or stream errors.
 */
import { call, durationMs, stringTags } from 'llmload/vu';
import type { KserveRequest, KserveResult } from './types.js';

type Scalar = string | number | boolean;

export interface ClientOptions {
  /** Server URL (`http://host:8000`). Default `__ENV.LLMLOAD_BASE_URL`. */
  baseUrl?: string;
  /** The model name in the URL (required here or per call). */
  model?: string;
  /** A model version (`/versions/<v>` in the URL); default: the server's choice. */
  version?: string;
  /** Extra request headers (an `Authorization` credential is never logged, exported or returned). */
  headers?: Record<string, Scalar>;
  /** Whole-request timeout: ms or a duration. Default "10m". */
  timeout?: number | string;
  /** Longest silence between two reads once the body started. Default "60s"; 0 = off. */
  idleTimeout?: number | string;
  /** generate_stream (SSE, default true) or generate. */
  stream?: boolean;
  /** false: a new connection per request. Default: the run's (`noConnectionReuse`). */
  connectionReuse?: boolean;
  /** Counts what the server does not report (prompt and output tokens): a built-in encoding or a tokenizer.json path. */
  tokenizer?: string;
  /** Tags on every sample of this client's requests. */
  tags?: Record<string, Scalar>;
}

/** Triton's `$generate_request`: `text_input`, `parameters`, and whatever inputs the model takes. */
export interface GenerateBody {
  text_input: string;
  parameters?: Record<string, Scalar>;
  [input: string]: unknown;
}

export interface CallParams {
  /** The model of this request (over the client's). */
  model?: string;
  headers?: Record<string, Scalar>;
  timeout?: number | string;
  idleTimeout?: number | string;
  /** Tags on this request's samples (over the client's). */
  tags?: Record<string, Scalar>;
}

const DEFAULT_TIMEOUT = 600_000;
const DEFAULT_IDLE_TIMEOUT = 60_000;

function lowerKeys(h: Record<string, Scalar> | undefined, into: Record<string, string>): void {
  if (h) for (const k of Object.keys(h)) into[k.toLowerCase()] = String(h[k]);
}

export class Client {
  readonly baseUrl: string;
  readonly model: string | undefined;
  readonly #opts: ClientOptions;
  readonly #headers: Record<string, string>;
  readonly #timeout: number;
  readonly #idle: number;
  readonly #tags: Record<string, string> | undefined;

  constructor(opts: ClientOptions = {}) {
    const env = (globalThis as { __ENV?: Record<string, string> }).__ENV ?? {};
    const baseUrl = opts.baseUrl ?? env.LLMLOAD_BASE_URL;
    if (typeof baseUrl !== 'string' || !/^https?:\/\//i.test(baseUrl)) {
      throw new TypeError(`kserve.client(): baseUrl must be an http(s) URL, got ${JSON.stringify(baseUrl)}`);
    }
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.model = opts.model;
    this.#opts = opts;
    this.#headers = {};
    lowerKeys(opts.headers, this.#headers);
    this.#timeout = opts.timeout === undefined ? DEFAULT_TIMEOUT : durationMs(opts.timeout, 'kserve.client() timeout');
    this.#idle = opts.idleTimeout === undefined ? DEFAULT_IDLE_TIMEOUT : durationMs(opts.idleTimeout, 'kserve.client() idleTimeout');
    this.#tags = opts.tags ? stringTags(opts.tags) : undefined;
  }

  /** POST …/generate_stream (or …/generate with `stream: false`): one generation, timed in the host. */
  generate(body: GenerateBody, params: CallParams = {}): Promise<KserveResult> {
    if (typeof body !== 'object' || body === null || typeof body.text_input !== 'string') {
      throw new TypeError('kserve generate(): the body must be an object with a "text_input" string');
    }
    const model = params.model ?? this.model;
    if (typeof model !== 'string' || model === '') throw new TypeError('kserve generate(): no model (set kserve.client({ model }) or params.model)');
    const stream = this.#opts.stream ?? true;
    const sent: GenerateBody =
      stream && body.stream === undefined && body.parameters?.stream === undefined ? { ...body, parameters: { ...body.parameters, stream: true } } : body;
    const headers: Record<string, string> = { ...this.#headers, 'content-type': 'application/json', accept: stream ? 'text/event-stream' : 'application/json' };
    lowerKeys(params.headers, headers);
    const version = this.#opts.version === undefined ? '' : `/versions/${encodeURIComponent(this.#opts.version)}`;
    const req: KserveRequest = {
      endpoint: 'generate',
      url: `${this.baseUrl}/v2/models/${encodeURIComponent(model)}${version}/${stream ? 'generate_stream' : 'generate'}`,
      headers,
      body: JSON.stringify(sent),
      stream,
      model,
      timeout: params.timeout === undefined ? this.#timeout : durationMs(params.timeout, 'kserve generate() timeout'),
      idleTimeout: params.idleTimeout === undefined ? this.#idle : durationMs(params.idleTimeout, 'kserve generate() idleTimeout'),
      connectionReuse: this.#opts.connectionReuse,
      tokenizer: this.#opts.tokenizer,
      tags: params.tags ? { ...this.#tags, ...stringTags(params.tags) } : this.#tags,
    };
    return call<KserveResult>('kserve', req);
  }
}

/** Creates a client (usually once, in init code). */
export function client(opts?: ClientOptions): Client {
  return new Client(opts);
}

export default { client, Client };
