// Generated from runtime/modules/http.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
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

interface HttpTimings {
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
interface HttpCookie {
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
/**
 * A cookie jar; the cookies live in llmload's host process. The VU's own jar
 * (http.cookieJar()) is emptied at the start of every iteration unless the
 * `noCookiesReset` option is set.
 */
export declare class CookieJar {
	#private;
	/** A new, empty jar for params.jar. */
	constructor();
	/** The cookies that would be sent to `url`: name → values. */
	cookiesForURL(url: string): Record<string, string[]>;
	/** Stores a cookie as if `url` had set it (domain and path default to the URL's). */
	set(url: string, name: string, value: string, options?: CookieOptions | null): boolean;
	/** Removes every cookie that would be sent to `url`. */
	clear(url: string): void;
	/** Removes the cookie `name` that would be sent to `url`. */
	delete(url: string, name: string): void;
}
/** This VU's cookie jar. */
export declare function cookieJar(): CookieJar;
/** An expectedStatuses() result (opaque: only setResponseCallback() and params.responseCallback use it). */
export declare class ExpectedStatuses {
	#private;
	private constructor();
}
/** A response callback: statuses and { min, max } ranges (inclusive) that count as expected. */
export declare function expectedStatuses(...statuses: Array<number | {
	min: number;
	max: number;
}>): ExpectedStatuses;
/**
 * Sets this VU's response callback (default expectedStatuses({ min: 200, max: 399 })):
 * null records no `expected_response` tag and no http_req_failed sample, as in k6.
 */
export declare function setResponseCallback(callback: ExpectedStatuses | null): void;
/** k6's request params. */
export interface Params {
	/** Sent as given (names canonicalised, "content-type" → "Content-Type"); they win over generated ones (User-Agent, Content-Type). */
	headers?: Record<string, string | number | boolean>;
	/** Whole request, redirects included: ms, or a duration string ("30s", "500ms"). Default 60 s. */
	timeout?: number | string;
	/** Extra sample tags; `name` replaces the URL in the `name` and `url` tags (group dynamic URLs). */
	tags?: Record<string, string | number | boolean>;
	/** 'text' (default): body as a string; 'binary': ArrayBuffer; 'none': discard it (default with discardResponseBodies). */
	responseType?: "text" | "binary" | "none";
	/** Redirects to follow (default: the maxRedirects option, 10). */
	redirects?: number;
	/** Request-scoped cookies (not stored in the jar); `{ value, replace: true }` hides the jar's cookie of that name. */
	cookies?: Record<string, string | number | boolean | {
		value: string | number | boolean;
		replace?: boolean;
	}>;
	/** A jar to use instead of the VU's (null: the VU's, as in k6). */
	jar?: CookieJar | null;
	/** Compress the body: "gzip", "deflate", "br", "zstd" (Node ≥ 22.15) or a comma list ("gzip, br"); sets Content-Encoding. */
	compression?: string;
	/** http.expectedStatuses(…): decides http_req_failed and expected_response for this request; null: neither is recorded. */
	responseCallback?: ExpectedStatuses | null;
	/** 'basic' only (credentials come from http://user:pass@host/ URLs); 'digest' and 'ntlm' throw. */
	auth?: "basic" | "digest" | "ntlm";
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
/** k6's Response: what a request resolves with, also when it failed (status 0, `error`). */
export declare class Response {
	#private;
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
	private constructor();
	/** Cookies the last response set: name → cookies. */
	get cookies(): Record<string, ResponseCookie[]>;
	/** The request as sent (the first of a redirect chain). */
	get request(): SentRequest;
	/**
	 * The body parsed as JSON (throws when it is not JSON or null). With a
	 * selector, the value at that GJSON path, or undefined: `a.b`, `items.1`,
	 * `items.#` (length), `items.#.name`, `*`/`?` wildcards, queries
	 * `items.#(name=="x")` / `#(age>40)#` (==, !=, <, <=, >, >=, %, !%);
	 * modifiers, pipes and multipaths are not supported.
	 */
	json<T = any>(selector?: string): T;
	/** Not implemented (no HTML parser in llmload): throws a TypeError. Read res.body instead. */
	html(_selector?: string): never;
	/** Not implemented: throws a TypeError. */
	clickLink(_args?: unknown): never;
	/** Not implemented: throws a TypeError. */
	submitForm(_args?: unknown): never;
	/** JSON.stringify(res) shows every field, the lazy ones too. */
	toJSON(): Record<string, unknown>;
}
/** What http.url`…` returns; pass it as a request URL. */
export declare class HttpURL {
	/** The template, `${}` for each placeholder: the request's `name` (and `url`) tag. */
	readonly name: string;
	/** The URL itself. */
	readonly url: string;
	/** The URL with credentials masked, as in tags. */
	readonly clean_url: string;
	private constructor();
	toString(): string;
}
/** http.url`https://host/items/${id}`: the `name` tag is "https://host/items/${}". */
export declare function url(strings: TemplateStringsArray, ...values: unknown[]): HttpURL;
/** `[method, url, body?, params?]`. */
export type BatchArray = [
	string,
	string | HttpURL,
	RequestBody?,
	(Params | null)?
];
/** `{ method?, url, body?, params? }` (method defaults to GET; GET and HEAD drop the body, as in k6). */
export interface BatchObject {
	method?: string;
	url: string | HttpURL;
	body?: RequestBody;
	params?: Params | null;
}
/** One batch entry: a URL (GET), an array or an object. */
export type BatchRequest = string | HttpURL | BatchArray | BatchObject;
/** A file part of a multipart body (http.file()). */
export declare class FileData {
	readonly data: string | ArrayBuffer | ArrayBufferView;
	readonly filename: string;
	readonly content_type: string;
	private constructor();
}
/** A multipart file part; filename defaults to a timestamp, contentType to application/octet-stream. */
export declare function file(data: string | ArrayBuffer | ArrayBufferView, filename?: string, contentType?: string): FileData;
/** Sends one request and resolves with its Response. */
export declare function request(method: string, url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response>;
/** The same as request() (k6's Promise API). */
export declare const asyncRequest: typeof request;
export declare const get: (url: string | HttpURL, params?: Params | null) => Promise<Response>;
export declare const head: (url: string | HttpURL, params?: Params | null) => Promise<Response>;
export declare const post: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
export declare const put: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
export declare const patch: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
/** DELETE (`delete` is a reserved word). */
export declare const del: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
export declare const options: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
/**
 * Concurrent requests (at most the `batch` option, 20, and `batchPerHost`, 6,
 * per host; 0 = no per-host limit): an array or an object of responses.
 */
export declare function batch(requests: BatchRequest[]): Promise<Response[]>;
export declare function batch(requests: Record<string, BatchRequest>): Promise<Record<string, Response>>;
export declare const TLS_1_0 = "tls1.0";
export declare const TLS_1_1 = "tls1.1";
export declare const TLS_1_2 = "tls1.2";
export declare const TLS_1_3 = "tls1.3";
export declare const OCSP_STATUS_GOOD = "good";
export declare const OCSP_STATUS_REVOKED = "revoked";
export declare const OCSP_STATUS_SERVER_FAILED = "server_failed";
export declare const OCSP_STATUS_UNKNOWN = "unknown";
export declare const OCSP_REASON_UNSPECIFIED = "unspecified";
export declare const OCSP_REASON_KEY_COMPROMISE = "key_compromise";
export declare const OCSP_REASON_CA_COMPROMISE = "ca_compromise";
export declare const OCSP_REASON_AFFILIATION_CHANGED = "affiliation_changed";
export declare const OCSP_REASON_SUPERSEDED = "superseded";
export declare const OCSP_REASON_CESSATION_OF_OPERATION = "cessation_of_operation";
export declare const OCSP_REASON_CERTIFICATE_HOLD = "certificate_hold";
export declare const OCSP_REASON_REMOVE_FROM_CRL = "remove_from_crl";
export declare const OCSP_REASON_PRIVILEGE_WITHDRAWN = "privilege_withdrawn";
export declare const OCSP_REASON_AA_COMPROMISE = "aa_compromise";
declare const _default: {
	readonly request: typeof request;
	readonly asyncRequest: typeof request;
	readonly get: (url: string | HttpURL, params?: Params | null) => Promise<Response>;
	readonly head: (url: string | HttpURL, params?: Params | null) => Promise<Response>;
	readonly post: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
	readonly put: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
	readonly patch: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
	readonly del: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
	readonly options: (url: string | HttpURL, body?: RequestBody, params?: Params | null) => Promise<Response>;
	readonly batch: typeof batch;
	readonly url: typeof url;
	readonly file: typeof file;
	readonly cookieJar: typeof cookieJar;
	readonly CookieJar: typeof CookieJar;
	readonly expectedStatuses: typeof expectedStatuses;
	readonly setResponseCallback: typeof setResponseCallback;
	readonly TLS_1_0: "tls1.0";
	readonly TLS_1_1: "tls1.1";
	readonly TLS_1_2: "tls1.2";
	readonly TLS_1_3: "tls1.3";
	readonly OCSP_STATUS_GOOD: "good";
	readonly OCSP_STATUS_REVOKED: "revoked";
	readonly OCSP_STATUS_SERVER_FAILED: "server_failed";
	readonly OCSP_STATUS_UNKNOWN: "unknown";
	readonly OCSP_REASON_UNSPECIFIED: "unspecified";
	readonly OCSP_REASON_KEY_COMPROMISE: "key_compromise";
	readonly OCSP_REASON_CA_COMPROMISE: "ca_compromise";
	readonly OCSP_REASON_AFFILIATION_CHANGED: "affiliation_changed";
	readonly OCSP_REASON_SUPERSEDED: "superseded";
	readonly OCSP_REASON_CESSATION_OF_OPERATION: "cessation_of_operation";
	readonly OCSP_REASON_CERTIFICATE_HOLD: "certificate_hold";
	readonly OCSP_REASON_REMOVE_FROM_CRL: "remove_from_crl";
	readonly OCSP_REASON_PRIVILEGE_WITHDRAWN: "privilege_withdrawn";
	readonly OCSP_REASON_AA_COMPROMISE: "aa_compromise";
};

export {
	_default as default,
};

export {};
