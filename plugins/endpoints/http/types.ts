/**
 * What crosses between the in-isolate `llmload/http` module and the host's
 * HTTP client (types only; both sides import them). Optional request fields
 * are absent on the common path, so a plain GET copies little.
 */

/** k6's expectedStatuses: a status is expected when it is listed or inside a range (inclusive). */
export interface ExpectedStatusesWire {
  exact: number[];
  ranges: Array<[number, number]>;
}

/** One request as the isolate sends it (already normalised). */
export interface HttpRequestWire {
  method: string;
  url: string;
  /** Canonical names ("Content-Type"), User-Agent included; the host adds Cookie (and Authorization from URL credentials). */
  headers: Record<string, string>;
  /** Text, or bytes (ArrayBuffer/typed-array and multipart bodies); before `compression`. */
  body?: string | Uint8Array;
  /** ms; the whole request, redirects included (connect to last body byte). */
  timeout: number;
  /** params.tags (string values); `name` replaces the URL in the `name` and `url` tags (k6 ≥ 0.41). */
  tags?: Record<string, string>;
  /** 'text' (default): body as a string; 'binary': ArrayBuffer; 'none': dropped. */
  responseType: 'text' | 'binary' | 'none';
  /** params.redirects; absent: the `maxRedirects` option. */
  redirects?: number;
  /** The response callback: absent = k6's default (200–399), null = none (no expected_response tag, no http_req_failed). */
  expect?: ExpectedStatusesWire | null;
  /** params.cookies: request-scoped cookies; `replace` hides a jar cookie of the same name. */
  cookies?: Record<string, { value: string; replace: boolean }>;
  /** Cookie jar id (params.jar: an `http.CookieJar`); absent: the VU's jar. */
  jar?: number;
  /** params.compression: codings applied to the body in this order (`gzip`, `deflate`, `br`, `zstd`). */
  compression?: string[];
}

/** k6's per-request timings, in ms. */
export interface HttpTimings {
  /** sending + waiting + receiving. */
  duration: number;
  /** Waiting for a connection (queued, or before the connect started). */
  blocked: number;
  /** Always 0, as in k6 (name resolution is part of `connecting`). */
  looking_up: number;
  /** TCP connect of a new connection (0 when one was reused). */
  connecting: number;
  /** TLS handshake of a new connection (0 when reused or plain HTTP). */
  tls_handshaking: number;
  /** Writing the request (headers and body). */
  sending: number;
  /** Request written → first response byte (the headers). */
  waiting: number;
  /** First response byte → last byte. */
  receiving: number;
}

/** A cookie the response set, in k6's shape (`res.cookies[name]`). */
export interface HttpCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  http_only: boolean;
  secure: boolean;
  /** Seconds; 0 when absent, -1 when Max-Age ≤ 0 (Go's convention). */
  max_age: number;
  /** Epoch ms; 0 when absent. */
  expires: number;
}

/** The response as the isolate receives it (after redirects: the last hop's). */
export interface HttpResponseWire {
  /** 0 when no response arrived (network error, timeout, undecodable body). */
  status: number;
  status_text: string;
  /** Canonical names ("Content-Type"); repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string | ArrayBuffer | null;
  timings: HttpTimings;
  proto: string;
  url: string;
  /** Error message of a failed request ('' when none, also for HTTP ≥ 400, as in k6). */
  error: string;
  /** k6 error code (0 when none; 1000 + status for HTTP ≥ 400). */
  error_code: number;
  remote_ip: string;
  remote_port: number;
  /** "tls1.2", "tls1.3" ('' for plain HTTP). */
  tls_version: string;
  tls_cipher_suite: string;
  /** Set-Cookie of the last response, by name; absent when it set none. */
  cookies?: Record<string, HttpCookie[]>;
  /** The Cookie header sent with the first request; absent when none was sent. */
  sent_cookie?: string;
}

/** Synchronous cookie-jar operations (`callSync('http', …)`); `jar` 0 is the VU's jar. */
export type HttpSyncCall =
  | { op: 'jarNew' }
  | { op: 'jarFree'; jar: number }
  | { op: 'jarSet'; jar: number; url: string; name: string; value: string; opts?: JarSetOptions }
  | { op: 'jarCookiesForURL'; jar: number; url: string }
  | { op: 'jarClear'; jar: number; url: string }
  | { op: 'jarDelete'; jar: number; url: string; name: string };

/** k6's `jar.set()` options. */
export interface JarSetOptions {
  domain?: string;
  path?: string;
  /** RFC 1123 date ("Mon, 02 Jan 2006 15:04:05 MST"). */
  expires?: string;
  max_age?: number;
  secure?: boolean;
  http_only?: boolean;
}

/** What the in-isolate module reads once through `config('http')`. */
export interface HttpVuConfig {
  /** '' = no User-Agent header. */
  userAgent: string;
  throw: boolean;
  discardResponseBodies: boolean;
  batch: number;
  /** 0 = no per-host limit. */
  batchPerHost: number;
}
