/// <reference path="./globals.d.ts" />
/**
 * `llmload/http`: HTTP/1.1 requests (k6's `k6/http`, but async: await every
 * call). Network errors do not throw: the response has `status` 0 and
 * `error` / `error_code` set. Each VU keeps its own keep-alive connections.
 * Every request records http_reqs, http_req_duration, http_req_blocked,
 * http_req_connecting, http_req_tls_handshaking, http_req_sending,
 * http_req_waiting, http_req_receiving, http_req_failed, data_sent and
 * data_received, tagged method, url, name, status, expected_response (200–399),
 * proto and error_code. Redirects are not followed.
 */

export interface Params {
  headers?: Record<string, string | number | boolean>;
  /** Whole-request timeout: ms, or a duration string ("30s", "500ms"). Default 60 s. */
  timeout?: number | string;
  /** Extra sample tags; `name` replaces the URL in the `name` tag (group dynamic URLs). */
  tags?: Record<string, string | number | boolean>;
  /** 'text' (default): body as a string; 'binary': ArrayBuffer; 'none': discard it. */
  responseType?: 'text' | 'binary' | 'none';
}

/**
 * A string is sent as is; an ArrayBuffer or typed array as bytes; any other
 * object or array as JSON, with `Content-Type: application/json` unless the
 * headers set one (k6 would form-encode objects).
 */
export type RequestBody = string | ArrayBuffer | ArrayBufferView | Record<string, unknown> | unknown[] | null | undefined;

/** Milliseconds (k6's names). */
export interface Timings {
  /** sending + waiting + receiving. */
  duration: number;
  /** Waiting for a free connection (queued) before connecting or sending. */
  blocked: number;
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

export interface Response {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** e.g. "200 OK". */
  readonly status_text: string;
  /** Canonical names ("Content-Type"); repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  readonly body: string | ArrayBuffer | null;
  readonly timings: Timings;
  /** "HTTP/1.1" ('' when no response). */
  readonly proto: string;
  readonly url: string;
  /** '' when none; e.g. "dial: connection refused", "request timeout", "HTTP 404". */
  readonly error: string;
  /**
   * k6's error codes: 0 none, 1000 generic, 1020 invalid URL, 1050 timeout,
   * 1101 no such host, 1211 dial timeout, 1212 connection refused, 1220 reset
   * by peer, 1300/1310/1311 TLS, 1000 + status for HTTP ≥ 400.
   */
  readonly error_code: number;
  readonly request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  /** The body parsed as JSON (throws when it is not JSON or not text). */
  json<T = any>(): T;
}

export function request(method: string, url: string, body?: RequestBody, params?: Params): Promise<Response>;
export function get(url: string, params?: Params): Promise<Response>;
export function head(url: string, params?: Params): Promise<Response>;
export function post(url: string, body?: RequestBody, params?: Params): Promise<Response>;
export function put(url: string, body?: RequestBody, params?: Params): Promise<Response>;
export function patch(url: string, body?: RequestBody, params?: Params): Promise<Response>;
/** DELETE (`delete` is a reserved word). */
export function del(url: string, body?: RequestBody, params?: Params): Promise<Response>;
export function options(url: string, body?: RequestBody, params?: Params): Promise<Response>;

declare const http: {
  request: typeof request;
  get: typeof get;
  head: typeof head;
  post: typeof post;
  put: typeof put;
  patch: typeof patch;
  del: typeof del;
  options: typeof options;
};
export default http;
