/// <reference path="./globals.d.ts" />
/**
 * `llmload/http` (also importable as `k6/http`): k6's HTTP API over HTTP/1.1,
 * but every request returns a Promise of its Response (import from `k6/http`
 * to write k6's synchronous style; the bundler awaits the calls).
 *
 * As in k6: each VU keeps its own keep-alive connections and cookie jar (the
 * jar is emptied at the start of every iteration unless `noCookiesReset`);
 * redirects are followed (option `maxRedirects`, default 10), each hop with
 * its own samples; compressed responses (gzip, deflate, br; zstd on Node ≥ 22.15)
 * are decoded; no Accept-Encoding is sent unless you set one. Network errors
 * do not throw (status 0, `error`, `error_code`) unless the `throw` option or
 * params.throw is set.
 *
 * Every hop records http_reqs, http_req_duration, http_req_blocked,
 * http_req_connecting, http_req_tls_handshaking, http_req_sending,
 * http_req_waiting, http_req_receiving, http_req_failed (unless
 * setResponseCallback(null)), data_sent and data_received, tagged name, url,
 * method, status, group, scenario, expected_response, proto, error,
 * error_code and tls_version (https).
 */

/** An expectedStatuses() result (opaque: only setResponseCallback() and params.responseCallback use it). */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface ExpectedStatuses {}

/** What http.url`…` returns; pass it as a request URL. */
export interface HttpURL {
  /** The template with `${}` placeholders: the `name` (and `url`) tag. */
  readonly name: string;
  readonly url: string;
  /** The URL with credentials masked. */
  readonly clean_url: string;
  toString(): string;
}

/** A file part of a multipart body (http.file()). */
export interface FileData {
  readonly data: string | ArrayBuffer | ArrayBufferView;
  readonly filename: string;
  readonly content_type: string;
}

/** k6's cookie attributes for jar.set(). */
export interface CookieOptions {
  domain?: string;
  path?: string;
  /** RFC 1123 date, e.g. "Mon, 02 Jan 2006 15:04:05 GMT". */
  expires?: string;
  /** Seconds. */
  max_age?: number;
  secure?: boolean;
  http_only?: boolean;
}

/** A cookie jar; the cookies live in llmload's host process. */
export interface CookieJar {
  /** The cookies that would be sent to `url`: name → values. */
  cookiesForURL(url: string): Record<string, string[]>;
  /** Stores a cookie as if `url` had set it (domain and path default to the URL's). */
  set(url: string, name: string, value: string, options?: CookieOptions | null): boolean;
  /** Removes every cookie that would be sent to `url`. */
  clear(url: string): void;
  /** Removes the cookie `name` that would be sent to `url`. */
  delete(url: string, name: string): void;
}
export declare const CookieJar: { new (): CookieJar; prototype: CookieJar };

export interface Params {
  /** Sent as given (names canonicalised); they win over generated ones (User-Agent, Content-Type). */
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
  /** Decides http_req_failed and expected_response for this request; null: neither is recorded. */
  responseCallback?: ExpectedStatuses | null;
  /** 'basic' only (credentials come from http://user:pass@host/ URLs); 'digest' and 'ntlm' throw. */
  auth?: 'basic' | 'digest' | 'ntlm';
  /** Throw on network errors (default: the `throw` option). */
  throw?: boolean;
}

/**
 * A string is sent as is; an ArrayBuffer or typed array as bytes; a plain
 * object as an application/x-www-form-urlencoded form (arrays become repeated
 * fields, null → empty), or as multipart/form-data when a value is
 * http.file(). Send JSON with JSON.stringify() and a Content-Type header.
 */
export type RequestBody = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | null | undefined;

/** Milliseconds (k6's names). */
export interface Timings {
  /** sending + waiting + receiving. */
  duration: number;
  /** Waiting for a free connection (queued) before connecting or sending. */
  blocked: number;
  /** Always 0, as in k6. */
  looking_up: number;
  /** TCP connect of a new connection; 0 when one was reused. */
  connecting: number;
  /** TLS handshake of a new connection; 0 when reused or http. */
  tls_handshaking: number;
  /** Writing the request. */
  sending: number;
  /** Request written → response headers (time to first byte). */
  waiting: number;
  /** Response headers → last byte. */
  receiving: number;
}

/** A cookie the response set. */
export interface ResponseCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  /** Seconds; 0 when absent, -1 when Max-Age ≤ 0. */
  max_age: number;
  /** Epoch ms; 0 when absent. */
  expires: number;
}

/** The request as sent (the first of a redirect chain). */
export interface SentRequest {
  method: string;
  url: string;
  /** Canonical names → values, e.g. { 'User-Agent': ['llmload/0.1.0'] }. */
  headers: Record<string, string[]>;
  /** The body before compression ('' when none). */
  body: string;
  cookies: Record<string, Array<{ name: string; value: string; replace: boolean }>>;
}

/** k6's OCSP fields: a stapled OCSP response is not parsed (status "unknown" on https, '' on http). */
export interface Ocsp {
  produced_at: number;
  this_update: number;
  next_update: number;
  revoked_at: number;
  revocation_reason: string;
  status: string;
}

export interface Response {
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
  /** Cookies the last response set: name → cookies. */
  readonly cookies: Record<string, ResponseCookie[]>;
  readonly request: SentRequest;
  /**
   * The body parsed as JSON (throws when it is not JSON or null). With a
   * selector, the value at that GJSON path, or undefined: `a.b`, `items.1`,
   * `items.#` (length), `items.#.name`, `*`/`?` wildcards, queries
   * `items.#(name=="x")` / `#(age>40)#` (==, !=, <, <=, >, >=, %, !%);
   * modifiers, pipes and multipaths are not supported.
   */
  json<T = any>(selector?: string): T;
  /** Not implemented (no HTML parser in llmload): throws a TypeError. Read res.body instead. */
  html(selector?: string): never;
  /** Not implemented: throws a TypeError. */
  clickLink(args?: unknown): never;
  /** Not implemented: throws a TypeError. */
  submitForm(args?: unknown): never;
}

/** `[method, url, body?, params?]`. */
export type BatchArray = [string, string | HttpURL, RequestBody?, (Params | null)?];
/** `{ method?, url, body?, params? }`: method defaults to GET; GET and HEAD drop the body. */
export interface BatchObject {
  method?: string;
  url: string | HttpURL;
  body?: RequestBody;
  params?: Params | null;
}
/** A URL (a GET), an array or an object. */
export type BatchRequest = string | HttpURL | BatchArray | BatchObject;

export function request(method: string, url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
/** The same as request() (k6's Promise API). */
export function asyncRequest(method: string, url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
export function get(url: string | HttpURL, params?: Params | null): Promise<Response>;
export function head(url: string | HttpURL, params?: Params | null): Promise<Response>;
export function post(url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
export function put(url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
export function patch(url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
/** DELETE (`delete` is a reserved word). */
export function del(url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
export function options(url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
/** Concurrent requests (at most the `batch` option, 20, and `batchPerHost`, 6, per host; 0 = no per-host limit). */
export function batch(requests: BatchRequest[]): Promise<Response[]>;
export function batch(requests: Record<string, BatchRequest>): Promise<Record<string, Response>>;
/** http.url`https://host/items/${id}`: the `name` tag is "https://host/items/${}". */
export function url(strings: TemplateStringsArray, ...values: unknown[]): HttpURL;
/** A multipart file part; filename defaults to a timestamp, contentType to application/octet-stream. */
export function file(data: string | ArrayBuffer | ArrayBufferView, filename?: string, contentType?: string): FileData;
/** This VU's cookie jar. */
export function cookieJar(): CookieJar;
/** A response callback: statuses and { min, max } ranges (inclusive) that count as expected. */
export function expectedStatuses(...statuses: Array<number | { min: number; max: number }>): ExpectedStatuses;
/** This VU's response callback (default expectedStatuses({ min: 200, max: 399 })); null: no expected_response tag, no http_req_failed. */
export function setResponseCallback(callback: ExpectedStatuses | null): void;

export const TLS_1_0: 'tls1.0';
export const TLS_1_1: 'tls1.1';
export const TLS_1_2: 'tls1.2';
export const TLS_1_3: 'tls1.3';
export const OCSP_STATUS_GOOD: 'good';
export const OCSP_STATUS_REVOKED: 'revoked';
export const OCSP_STATUS_SERVER_FAILED: 'server_failed';
export const OCSP_STATUS_UNKNOWN: 'unknown';
export const OCSP_REASON_UNSPECIFIED: 'unspecified';
export const OCSP_REASON_KEY_COMPROMISE: 'key_compromise';
export const OCSP_REASON_CA_COMPROMISE: 'ca_compromise';
export const OCSP_REASON_AFFILIATION_CHANGED: 'affiliation_changed';
export const OCSP_REASON_SUPERSEDED: 'superseded';
export const OCSP_REASON_CESSATION_OF_OPERATION: 'cessation_of_operation';
export const OCSP_REASON_CERTIFICATE_HOLD: 'certificate_hold';
export const OCSP_REASON_REMOVE_FROM_CRL: 'remove_from_crl';
export const OCSP_REASON_PRIVILEGE_WITHDRAWN: 'privilege_withdrawn';
export const OCSP_REASON_AA_COMPROMISE: 'aa_compromise';

declare const http: {
  request: typeof request;
  asyncRequest: typeof asyncRequest;
  get: typeof get;
  head: typeof head;
  post: typeof post;
  put: typeof put;
  patch: typeof patch;
  del: typeof del;
  options: typeof options;
  batch: typeof batch;
  url: typeof url;
  file: typeof file;
  cookieJar: typeof cookieJar;
  CookieJar: typeof CookieJar;
  expectedStatuses: typeof expectedStatuses;
  setResponseCallback: typeof setResponseCallback;
  TLS_1_0: typeof TLS_1_0;
  TLS_1_1: typeof TLS_1_1;
  TLS_1_2: typeof TLS_1_2;
  TLS_1_3: typeof TLS_1_3;
  OCSP_STATUS_GOOD: typeof OCSP_STATUS_GOOD;
  OCSP_STATUS_REVOKED: typeof OCSP_STATUS_REVOKED;
  OCSP_STATUS_SERVER_FAILED: typeof OCSP_STATUS_SERVER_FAILED;
  OCSP_STATUS_UNKNOWN: typeof OCSP_STATUS_UNKNOWN;
  OCSP_REASON_UNSPECIFIED: typeof OCSP_REASON_UNSPECIFIED;
  OCSP_REASON_KEY_COMPROMISE: typeof OCSP_REASON_KEY_COMPROMISE;
  OCSP_REASON_CA_COMPROMISE: typeof OCSP_REASON_CA_COMPROMISE;
  OCSP_REASON_AFFILIATION_CHANGED: typeof OCSP_REASON_AFFILIATION_CHANGED;
  OCSP_REASON_SUPERSEDED: typeof OCSP_REASON_SUPERSEDED;
  OCSP_REASON_CESSATION_OF_OPERATION: typeof OCSP_REASON_CESSATION_OF_OPERATION;
  OCSP_REASON_CERTIFICATE_HOLD: typeof OCSP_REASON_CERTIFICATE_HOLD;
  OCSP_REASON_REMOVE_FROM_CRL: typeof OCSP_REASON_REMOVE_FROM_CRL;
  OCSP_REASON_PRIVILEGE_WITHDRAWN: typeof OCSP_REASON_PRIVILEGE_WITHDRAWN;
  OCSP_REASON_AA_COMPROMISE: typeof OCSP_REASON_AA_COMPROMISE;
};
export default http;
