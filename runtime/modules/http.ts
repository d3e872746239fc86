/**
 * `llmload/http` (k6's `k6/http`, but async: every call returns a Promise of
 * the Response). The request runs in the host (undici); the isolate only sees
 * the result. Network errors do not throw: the response has status 0,
 * `error` and `error_code` set (k6 behaviour).
 */
import type { HttpRequestWire, HttpResponseWire, HttpTimings } from '../../plugins/endpoints/http/types.js';
import { stringTags } from './index.js';
import { durationMs, hostCall, warmups } from './internal/state.js';

export interface Params {
  headers?: Record<string, string | number | boolean>;
  /** ms or a duration string ("30s"); default 60s. */
  timeout?: number | string;
  /** Sample tags; `name` groups URLs under one name. */
  tags?: Record<string, string | number | boolean>;
  responseType?: 'text' | 'binary' | 'none';
}

/** string → sent as is; ArrayBuffer/typed array → bytes; other objects → JSON. */
export type RequestBody = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | unknown[] | null | undefined;

const DEFAULT_TIMEOUT_MS = 60_000;

export class Response {
  readonly status: number;
  readonly status_text: string;
  readonly headers: Record<string, string>;
  readonly body: string | ArrayBuffer | null;
  readonly timings: HttpTimings;
  readonly proto: string;
  readonly url: string;
  readonly error: string;
  readonly error_code: number;
  readonly request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  #json: unknown;
  #parsed = false;

  constructor(w: HttpResponseWire, request: Response['request']) {
    this.status = w.status;
    this.status_text = w.status_text;
    this.headers = w.headers;
    this.body = w.body;
    this.timings = w.timings;
    this.proto = w.proto;
    this.url = w.url;
    this.error = w.error;
    this.error_code = w.error_code;
    this.request = request;
  }

  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T {
    if (!this.#parsed) {
      if (typeof this.body !== 'string') throw new TypeError(`response body of ${this.url} is not text (responseType "none" or "binary"?)`);
      this.#json = JSON.parse(this.body);
      this.#parsed = true;
    }
    return this.#json as T;
  }
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

function toWire(method: string, url: unknown, body: RequestBody, params: Params | undefined): HttpRequestWire {
  const p = params ?? {};
  const headers: Record<string, string> = {};
  if (p.headers) for (const k of Object.keys(p.headers)) headers[k] = String(p.headers[k]);
  let wireBody: string | Uint8Array | undefined;
  if (typeof body === 'string') wireBody = body;
  else if (body instanceof ArrayBuffer) wireBody = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) wireBody = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  else if (body !== null && body !== undefined) {
    wireBody = JSON.stringify(body);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
  }
  const responseType = p.responseType ?? 'text';
  if (responseType !== 'text' && responseType !== 'binary' && responseType !== 'none') {
    throw new TypeError(`http: responseType must be "text", "binary" or "none", not ${JSON.stringify(responseType)}`);
  }
  return {
    method: method.toUpperCase(),
    url: String(url),
    headers,
    body: wireBody,
    timeout: p.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationMs(p.timeout, 'http params.timeout'),
    tags: p.tags ? stringTags(p.tags) : undefined,
    responseType,
  };
}

/** Sends one request and resolves with its Response (never rejects for network errors). */
export async function request(method: string, url: string, body?: RequestBody, params?: Params): Promise<Response> {
  if (typeof method !== 'string' || method === '') throw new TypeError('http.request() needs a method');
  const wire = toWire(method, url, body, params);
  const res = await hostCall<HttpResponseWire>('http', wire);
  const reqBody = typeof wire.body === 'string' ? wire.body : null;
  return new Response(res, { method: wire.method, url: wire.url, headers: wire.headers, body: reqBody });
}

export const get = (url: string, params?: Params) => request('GET', url, undefined, params);
export const head = (url: string, params?: Params) => request('HEAD', url, undefined, params);
export const post = (url: string, body?: RequestBody, params?: Params) => request('POST', url, body, params);
export const put = (url: string, body?: RequestBody, params?: Params) => request('PUT', url, body, params);
export const patch = (url: string, body?: RequestBody, params?: Params) => request('PATCH', url, body, params);
export const del = (url: string, body?: RequestBody, params?: Params) => request('DELETE', url, body, params);
export const options = (url: string, body?: RequestBody, params?: Params) => request('OPTIONS', url, body, params);

export default { request, get, head, post, put, patch, del, options };

warmups.http = async (url) => {
  await request('GET', String(url));
};
