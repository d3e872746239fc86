/** k6's Response object, built from what the host sends back. */
import type { HttpCookie, HttpRequestWire, HttpResponseWire, HttpTimings } from '../../plugins/endpoints/http/types.js';
import { utf8Decode } from './encoding.js';
import { selectJson } from './http-json-path.js';

/** k6's OCSP fields (a stapled response is not parsed: status "unknown" on TLS, all empty on plain HTTP). */
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

/** What was sent (k6's res.request): the first request of a redirect chain. */
export interface SentRequest {
  method: string;
  url: string;
  /** Canonical names → values (k6's Go shape). */
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

export class Response {
  readonly status: number;
  readonly status_text: string;
  readonly headers: Record<string, string>;
  readonly body: string | ArrayBuffer | null;
  readonly timings: HttpTimings;
  readonly proto: string;
  /** The URL fetched last (after redirects). */
  readonly url: string;
  readonly error: string;
  readonly error_code: number;
  readonly remote_ip: string;
  readonly remote_port: number;
  readonly tls_version: string;
  readonly tls_cipher_suite: string;
  readonly ocsp: Ocsp;
  readonly #wire: HttpResponseWire;
  readonly #sent: HttpRequestWire;
  #request: SentRequest | undefined;
  #json: unknown;
  #parsed = false;

  constructor(w: HttpResponseWire, sent: HttpRequestWire) {
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

  /** Cookies the response set: name → [{ name, value, domain, path, http_only, secure, max_age, expires }]. */
  get cookies(): Record<string, HttpCookie[]> {
    return this.#wire.cookies ?? {};
  }

  /** The request as sent (built on first use). */
  get request(): SentRequest {
    return (this.#request ??= sentRequest(this.#sent, this.#wire.sent_cookie));
  }

  /**
   * The body parsed as JSON (cached); with a selector, the value at that GJSON
   * path (the subset in http-json-path.ts), or undefined when nothing matches
   * or the body is not JSON.
   */
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

  /** k6's HTML API: not available. */
  html(_selector?: string): never {
    throw new TypeError(`res.html() ${HTML_UNSUPPORTED}`);
  }

  clickLink(_args?: unknown): never {
    throw new TypeError(`res.clickLink() ${HTML_UNSUPPORTED}`);
  }

  submitForm(_args?: unknown): never {
    throw new TypeError(`res.submitForm() ${HTML_UNSUPPORTED}`);
  }

  /** JSON.stringify(res) shows every field, the lazy ones too. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), cookies: this.cookies, request: this.request };
  }
}

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
