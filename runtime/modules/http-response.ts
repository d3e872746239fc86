/** k6's Response object, built from what the host sends back. */
import type { HttpCookie, HttpRequestWire, HttpResponseWire, HttpTimings } from '../../plugins/endpoints/http/types.js';
import { perContext } from './internal/per-context.js';
import { utf8Decode } from './internal/utf8.js';
import { selectJson } from './http-json-path.js';

/** A response's timings: milliseconds, k6's names. */
export type Timings = HttpTimings;
/** A cookie the response set. */
export type ResponseCookie = HttpCookie;

/** k6's OCSP fields: a stapled OCSP response is not parsed (status "unknown" on https, '' on http). */
export interface Ocsp {
  produced_at: number;
  this_update: number;
  next_update: number;
  revoked_at: number;
  revocation_reason: string;
  status: string;
}

/** A request cookie in res.request.cookies. */
export interface RequestCookie {
  name: string;
  value: string;
  replace: boolean;
}

/** The request as sent (k6's res.request): the first of a redirect chain. */
export interface SentRequest {
  method: string;
  url: string;
  /** Canonical names → values, e.g. { 'User-Agent': ['llmload/0.1.0'] }. */
  headers: Record<string, string[]>;
  /** The body before compression ('' when none). */
  body: string;
  cookies: Record<string, RequestCookie[]>;
}

const NO_OCSP: Ocsp = Object.freeze({ produced_at: 0, this_update: 0, next_update: 0, revoked_at: 0, revocation_reason: '', status: '' });
const TLS_OCSP: Ocsp = Object.freeze({ ...NO_OCSP, status: 'unknown' });

const HTML_UNSUPPORTED =
  'is not implemented in llmload (there is no HTML parser in a VU); read res.body instead, ' +
  'e.g. with a regular expression, or bundle an HTML parser package from npm';

/** k6's Response: what a request resolves with, also when it failed (status 0, `error`). */
export class Response {
  /** HTTP status of the last response (after redirects); 0 when no response arrived. */
  readonly status: number;
  /** e.g. "200 OK". */
  readonly status_text: string;
  /** Canonical names ("Content-Type"); repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  /** null with responseType 'none' and for 204/304 responses. */
  readonly body: string | ArrayBuffer | null;
  /** Of the last response (each hop has its own samples). */
  readonly timings: Timings;
  /** "HTTP/1.1" ('' when no response). */
  readonly proto: string;
  /** The URL fetched last (after redirects). */
  readonly url: string;
  /** '' when none; e.g. "dial: connection refused", "request timeout". HTTP error statuses set only error_code. */
  readonly error: string;
  /**
   * k6's error codes: 0 none, 1000 generic, 1020 invalid URL, 1050 timeout,
   * 1101 no such host, 1211 dial timeout, 1212 connection refused, 1220 reset
   * by peer, 1300/1310/1311 TLS, 1701 undecodable body, 1000 + status for HTTP ≥ 400.
   */
  readonly error_code: number;
  readonly remote_ip: string;
  readonly remote_port: number;
  /** "tls1.2", "tls1.3"; '' on http. */
  readonly tls_version: string;
  /** e.g. "TLS_AES_128_GCM_SHA256"; '' on http. */
  readonly tls_cipher_suite: string;
  readonly ocsp: Ocsp;
  readonly #wire: HttpResponseWire;
  readonly #sent: HttpRequestWire;
  #request: SentRequest | undefined;
  #json: unknown;
  #parsed = false;

  private constructor(w: HttpResponseWire, sent: HttpRequestWire) {
    this.status = w.status;
    this.status_text = w.status_text;
    this.headers = w.headers;
    this.body = w.body;
    this.timings = w.timings;
    this.proto = w.proto;
    this.url = w.url;
    this.error = w.error;
    this.error_code = w.error_code;
    this.remote_ip = w.remote_ip;
    this.remote_port = w.remote_port;
    this.tls_version = w.tls_version;
    this.tls_cipher_suite = w.tls_cipher_suite;
    this.ocsp = w.tls_version ? TLS_OCSP : NO_OCSP;
    this.#wire = w;
    this.#sent = sent;
  }

  /** @internal */
  static of(w: HttpResponseWire, sent: HttpRequestWire): Response {
    return new Response(w, sent);
  }

  /** Cookies the last response set: name → cookies. */
  get cookies(): Record<string, ResponseCookie[]> {
    return this.#wire.cookies ?? {};
  }

  /** The request as sent (the first of a redirect chain). */
  get request(): SentRequest {
    return (this.#request ??= sentRequest(this.#sent, this.#wire.sent_cookie));
  }

  /**
   * The body parsed as JSON (throws when it is not JSON or null). With a
   * selector, the value at that GJSON path, or undefined: `a.b`, `items.1`,
   * `items.#` (length), `items.#.name`, `*`/`?` wildcards, queries
   * `items.#(name=="x")` / `#(age>40)#` (==, !=, <, <=, >, >=, %, !%);
   * modifiers, pipes and multipaths are not supported.
   */
  // biome-ignore lint/suspicious/noExplicitAny: as k6, r.json() returns untyped JSON
  json<T = any>(selector?: string): T {
    if (this.body === null) {
      throw new TypeError("the body is null so we can't transform it to JSON - this likely was because of a request error getting the response");
    }
    if (!this.#parsed) {
      const text = typeof this.body === 'string' ? this.body : utf8Decode(new Uint8Array(this.body));
      try {
        this.#json = JSON.parse(text);
      } catch (err) {
        if (selector !== undefined) return undefined as T;
        throw new SyntaxError(`cannot parse json: ${(err as Error).message}`);
      }
      this.#parsed = true;
    }
    return (selector === undefined ? this.#json : selectJson(this.#json, String(selector))) as T;
  }

  /** Not implemented (no HTML parser in llmload): throws a TypeError. Read res.body instead. */
  html(_selector?: string): never {
    throw new TypeError(`res.html() ${HTML_UNSUPPORTED}`);
  }

  /** Not implemented: throws a TypeError. */
  clickLink(_args?: unknown): never {
    throw new TypeError(`res.clickLink() ${HTML_UNSUPPORTED}`);
  }

  /** Not implemented: throws a TypeError. */
  submitForm(_args?: unknown): never {
    throw new TypeError(`res.submitForm() ${HTML_UNSUPPORTED}`);
  }

  /** JSON.stringify(res) shows every field, the lazy ones too. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), cookies: this.cookies, request: this.request };
  }
}

// One class for the VUs of a context: see perContext.
// @ts-expect-error TypeScript forbids assigning to a class
// biome-ignore lint/suspicious/noClassAssign: one class per context (perContext)
Response = perContext('llmload/http Response', Response);

function sentRequest(w: HttpRequestWire, cookie: string | undefined): SentRequest {
  const headers: Record<string, string[]> = {};
  for (const k of Object.keys(w.headers)) headers[k] = [w.headers[k]!];
  const cookies: Record<string, RequestCookie[]> = {};
  if (cookie) {
    headers.Cookie = [cookie];
    for (const pair of cookie.split('; ')) {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      (cookies[name] ??= []).push({ name, value: eq < 0 ? '' : pair.slice(eq + 1), replace: false });
    }
  }
  const b = w.body;
  const body = b === undefined ? '' : typeof b === 'string' ? b : utf8Decode(b);
  return { method: w.method, url: w.url, headers, body, cookies };
}
