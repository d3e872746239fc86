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
// The request runs in the host (undici: redirects, cookies, compression,
// samples); the isolate builds it and wraps the answer.
import type { HttpResponseWire } from '../../plugins/endpoints/http/types.js';
import { batch as runBatch, type BatchRequest } from './http-batch.js';
import { file, FileData } from './http-body.js';
import { CookieJar, cookieJar } from './http-cookie-jar.js';
import { expectedStatuses, setResponseCallback, type ExpectedStatuses } from './http-expected.js';
import { buildRequest, type BuiltRequest, type Params, type RequestBody } from './http-request.js';
import { Response } from './http-response.js';
import { cleanURL, HttpURL, url } from './http-url.js';
import { guardPending, hostCall, warmups } from './internal/state.js';

export type { Params, RequestBody } from './http-request.js';
export type { BatchArray, BatchObject, BatchRequest } from './http-batch.js';
export type { CookieOptions } from './http-cookie-jar.js';
export type { Ocsp, RequestCookie, ResponseCookie, SentRequest, Timings } from './http-response.js';
export type { ExpectedStatuses };
export { Response, CookieJar, FileData, HttpURL, file, cookieJar, expectedStatuses, setResponseCallback, url };

/** Go's method spelling in its error messages ("Get", "Post"). */
const goMethod = (m: string) => m.charAt(0) + m.slice(1).toLowerCase();

async function send(req: BuiltRequest): Promise<Response> {
  const w = await hostCall<HttpResponseWire>('http', req.wire);
  // k6's `throw`: a request that got no response (not an HTTP error status) throws.
  if (req.throws && w.status === 0 && w.error_code !== 0) {
    throw new Error(`${goMethod(req.wire.method)} "${cleanURL(w.url)}": ${w.error}`);
  }
  return Response.of(w, req.wire);
}

/** Sends one request and resolves with its Response. */
export function request(method: string, url: string | HttpURL, body?: RequestBody, params?: Params | null): Promise<Response> {
  let sent: Promise<Response>;
  try {
    sent = send(buildRequest(method, url, body, params));
  } catch (err) {
    sent = Promise.reject(err);
  }
  return guardPending(sent, `http.${method === 'DELETE' ? 'del' : method.toLowerCase()}()`);
}

/** The same as request() (k6's Promise API). */
export const asyncRequest = request;

export const get = (url: string | HttpURL, params?: Params | null) => request('GET', url, undefined, params);
export const head = (url: string | HttpURL, params?: Params | null) => request('HEAD', url, undefined, params);
export const post = (url: string | HttpURL, body?: RequestBody, params?: Params | null) => request('POST', url, body, params);
export const put = (url: string | HttpURL, body?: RequestBody, params?: Params | null) => request('PUT', url, body, params);
export const patch = (url: string | HttpURL, body?: RequestBody, params?: Params | null) => request('PATCH', url, body, params);
/** DELETE (`delete` is a reserved word). */
export const del = (url: string | HttpURL, body?: RequestBody, params?: Params | null) => request('DELETE', url, body, params);
export const options = (url: string | HttpURL, body?: RequestBody, params?: Params | null) => request('OPTIONS', url, body, params);

/**
 * Concurrent requests (at most the `batch` option, 20, and `batchPerHost`, 6,
 * per host; 0 = no per-host limit): an array or an object of responses.
 */
export function batch(requests: BatchRequest[]): Promise<Response[]>;
export function batch(requests: Record<string, BatchRequest>): Promise<Record<string, Response>>;
export function batch(requests: BatchRequest[] | Record<string, BatchRequest>): Promise<Response[] | Record<string, Response>> {
  let sent: Promise<Response[] | Record<string, Response>>;
  try {
    sent = runBatch(requests, send);
  } catch (err) {
    sent = Promise.reject(err);
  }
  return guardPending(sent, 'http.batch()');
}

export const TLS_1_0 = 'tls1.0';
export const TLS_1_1 = 'tls1.1';
export const TLS_1_2 = 'tls1.2';
export const TLS_1_3 = 'tls1.3';
export const OCSP_STATUS_GOOD = 'good';
export const OCSP_STATUS_REVOKED = 'revoked';
export const OCSP_STATUS_SERVER_FAILED = 'server_failed';
export const OCSP_STATUS_UNKNOWN = 'unknown';
export const OCSP_REASON_UNSPECIFIED = 'unspecified';
export const OCSP_REASON_KEY_COMPROMISE = 'key_compromise';
export const OCSP_REASON_CA_COMPROMISE = 'ca_compromise';
export const OCSP_REASON_AFFILIATION_CHANGED = 'affiliation_changed';
export const OCSP_REASON_SUPERSEDED = 'superseded';
export const OCSP_REASON_CESSATION_OF_OPERATION = 'cessation_of_operation';
export const OCSP_REASON_CERTIFICATE_HOLD = 'certificate_hold';
export const OCSP_REASON_REMOVE_FROM_CRL = 'remove_from_crl';
export const OCSP_REASON_PRIVILEGE_WITHDRAWN = 'privilege_withdrawn';
export const OCSP_REASON_AA_COMPROMISE = 'aa_compromise';

export default {
  request,
  asyncRequest,
  get,
  head,
  post,
  put,
  patch,
  del,
  options,
  batch,
  url,
  file,
  cookieJar,
  CookieJar,
  expectedStatuses,
  setResponseCallback,
  TLS_1_0,
  TLS_1_1,
  TLS_1_2,
  TLS_1_3,
  OCSP_STATUS_GOOD,
  OCSP_STATUS_REVOKED,
  OCSP_STATUS_SERVER_FAILED,
  OCSP_STATUS_UNKNOWN,
  OCSP_REASON_UNSPECIFIED,
  OCSP_REASON_KEY_COMPROMISE,
  OCSP_REASON_CA_COMPROMISE,
  OCSP_REASON_AFFILIATION_CHANGED,
  OCSP_REASON_SUPERSEDED,
  OCSP_REASON_CESSATION_OF_OPERATION,
  OCSP_REASON_CERTIFICATE_HOLD,
  OCSP_REASON_REMOVE_FROM_CRL,
  OCSP_REASON_PRIVILEGE_WITHDRAWN,
  OCSP_REASON_AA_COMPROMISE,
} as const;

warmups.http = async (target) => {
  await request('GET', String(target));
};
