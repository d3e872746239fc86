/** From k6's request arguments (method, url, body, params) to the request the host sends. */
import type { HttpRequestWire } from '../../plugins/endpoints/http/types.js';
import { objectBody } from './http-body.js';
import { httpConfig } from './http-config.js';
import { CookieJar } from './http-cookie-jar.js';
import { callbackFor, type ExpectedStatuses } from './http-expected.js';
import { HttpURL } from './http-url.js';
import { stringTags } from './internal/string-tags.js';
import { durationMs } from './internal/state.js';

/** k6's request params. */
export interface Params {
  /** Sent as given (names canonicalised, "content-type" → "Content-Type"); they win over generated ones (User-Agent, Content-Type). */
  headers?: Record<string, string | number | boolean>;
  /** Whole request, redirects included: ms, or a duration string ("30s", "500ms"). Default 60 s. */
  timeout?: number | string;
  /** Extra sample tags; `name` replaces the URL in the `name` and `url` tags (group dynamic URLs). */
  tags?: Record<string, string | number | boolean>;
  /** 'text' (default): body as a string; 'binary': ArrayBuffer; 'none': discard it (default with discardResponseBodies). */
  responseType?: 'text' | 'binary' | 'none';
  /** Redirects to follow (default: the maxRedirects option, 10). */
  redirects?: number;
  /** Request-scoped cookies (not stored in the jar); `{ value, replace: true }` hides the jar's cookie of that name. */
  cookies?: Record<string, string | number | boolean | { value: string | number | boolean; replace?: boolean }>;
  /** A jar to use instead of the VU's (null: the VU's, as in k6). */
  jar?: CookieJar | null;
  /** Compress the body: "gzip", "deflate", "br", "zstd" (Node ≥ 22.15) or a comma list ("gzip, br"); sets Content-Encoding. */
  compression?: string;
  /** http.expectedStatuses(…): decides http_req_failed and expected_response for this request; null: neither is recorded. */
  responseCallback?: ExpectedStatuses | null;
  /** 'basic' only (credentials come from http://user:pass@host/ URLs); 'digest' and 'ntlm' throw. */
  auth?: 'basic' | 'digest' | 'ntlm';
  /** Throw on network errors instead of returning a response with status 0 (default: the `throw` option). */
  throw?: boolean;
}

/**
 * A string is sent as is; an ArrayBuffer or typed array as bytes; a plain
 * object as an application/x-www-form-urlencoded form (arrays become repeated
 * fields, null → empty), or as multipart/form-data when a value is
 * http.file(). Send JSON with JSON.stringify() and a Content-Type header.
 */
export type RequestBody = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | null | undefined;

/** A request ready for the host, and whether a network error throws. */
export interface BuiltRequest {
  wire: HttpRequestWire;
  throws: boolean;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const RESPONSE_TYPES = ['text', 'binary', 'none'];
const COMPRESSIONS = ['gzip', 'deflate', 'br', 'zstd'];
const canonicalNames = new Map<string, string>();

/** Go's canonical header key ("content-type" → "Content-Type"), as k6 sends and reports it. */
function canonical(raw: string): string {
  let name = canonicalNames.get(raw);
  if (name === undefined) {
    name = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(raw) ? raw.toLowerCase().replace(/(^|-)([a-z])/g, (_m, d: string, c: string) => d + c.toUpperCase()) : raw;
    if (canonicalNames.size < 1000) canonicalNames.set(raw, name);
  }
  return name;
}

function bodyOf(body: unknown, headers: Record<string, string>): string | Uint8Array | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new TypeError(
      `http: unsupported request body type ${Array.isArray(body) ? 'array' : typeof body} (send a string, an ArrayBuffer or typed array, or an object of form fields; JSON.stringify() for JSON)`,
    );
  }
  const f = objectBody(body as Record<string, unknown>);
  headers['Content-Type'] = f.contentType;
  return f.body;
}

/** Builds the wire request; throws TypeError for params a script got wrong. */
export function buildRequest(method: string, url: unknown, body: unknown, params: Params | null | undefined): BuiltRequest {
  if (typeof method !== 'string' || method === '') throw new TypeError('http.request() needs a method');
  const cfg = httpConfig();
  const headers: Record<string, string> = {};
  if (cfg.userAgent) headers['User-Agent'] = cfg.userAgent;
  const wire: HttpRequestWire = {
    method: method.toUpperCase(),
    url: url instanceof HttpURL ? url.url : String(url),
    headers,
    body: bodyOf(body, headers),
    timeout: DEFAULT_TIMEOUT_MS,
    responseType: cfg.discardResponseBodies ? 'none' : 'text',
  };
  let throws = cfg.throw;
  if (params) throws = applyParams(wire, params, throws);
  const expect = callbackFor(params ?? undefined);
  if (expect !== undefined) wire.expect = expect;
  // k6 tags a templated URL with its template, unless params.tags.name says otherwise.
  if (url instanceof HttpURL && url.name !== url.clean_url && wire.tags?.name === undefined) wire.tags = { ...wire.tags, name: url.name };
  return { wire, throws };
}

function applyParams(wire: HttpRequestWire, p: Params, throws: boolean): boolean {
  if (p.headers) {
    for (const k of Object.keys(p.headers)) {
      const name = canonical(k);
      // Undici computes Content-Length from the body (k6 drops a user-set one too).
      if (name !== 'Content-Length') wire.headers[name] = String(p.headers[k]);
    }
  }
  if (p.timeout !== undefined) wire.timeout = durationMs(p.timeout, 'http params.timeout');
  if (p.tags) wire.tags = stringTags(p.tags);
  if (p.responseType !== undefined) {
    if (!RESPONSE_TYPES.includes(p.responseType))
      throw new TypeError(`http: responseType must be "text", "binary" or "none", not ${JSON.stringify(p.responseType)}`);
    wire.responseType = p.responseType;
  }
  if (p.redirects !== undefined && p.redirects !== null) wire.redirects = Math.max(0, Math.trunc(Number(p.redirects)) || 0);
  if (p.cookies) wire.cookies = requestCookies(p.cookies);
  const jar = CookieJar.idOf(p.jar);
  if (jar) wire.jar = jar;
  if (p.compression !== undefined && p.compression !== null) compression(wire, String(p.compression));
  if (p.auth === 'digest' || p.auth === 'ntlm') {
    throw new TypeError(`http: params.auth "${p.auth}" is not supported by llmload; use basic auth (http://user:pass@host/ URLs, or an Authorization header)`);
  }
  return p.throw === undefined ? throws : !!p.throw;
}

function requestCookies(raw: NonNullable<Params['cookies']>): NonNullable<HttpRequestWire['cookies']> {
  const out: NonNullable<HttpRequestWire['cookies']> = {};
  for (const name of Object.keys(raw)) {
    const c = raw[name];
    if (c === null || c === undefined) continue;
    if (typeof c === 'object') out[name] = { value: c.value === undefined ? '' : String(c.value), replace: !!c.replace };
    else out[name] = { value: String(c), replace: false };
  }
  return out;
}

function compression(wire: HttpRequestWire, list: string): void {
  if (list.trim() === '') return;
  const codings = list.split(',').map((c) => c.trim().toLowerCase());
  for (const c of codings) {
    if (!COMPRESSIONS.includes(c)) throw new TypeError(`http: unknown compression algorithm ${c}, supported algorithms are ${COMPRESSIONS.join(', ')}`);
  }
  if (wire.body === undefined) return;
  wire.compression = codings;
  // A Content-Encoding the script set wins (k6 warns that it may not match).
  wire.headers['Content-Encoding'] ??= codings.join(', ');
}
