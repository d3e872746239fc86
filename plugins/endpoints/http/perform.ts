import {
  classifyError,
  ErrorCodes,
  wallTime as wallNow,
  ZERO_TIMINGS,
  type OpContext,
  type ReadClock,
  type RequestLimiter,
  type SystemTags,
} from 'llmload/plugin';
import { compressBody, decodeBody } from './codec.js';
import { cookieHeader, responseCookies, storeCookies } from './cookies.js';
import type { HttpDebugDump } from './debug-dump.js';
import { sendHop, type HopResult } from './hop.js';
import type { HttpVuState } from './state.js';
import { redirectHeaders, redirectOf } from './redirect.js';
import { emitHttpSamples } from './samples.js';
import { httpTags, isExpected } from './hop-tags.js';
import type { HttpRequestWire, HttpResponseWire } from './types.js';
import type { UrlTarget } from './url-target.js';

/** A finished request: what the script sees, and how it ended. */
export interface Performed {
  response: HttpResponseWire;
  /** Cut off by the end of the test. */
  interrupted: boolean;
}

/** What perform() needs besides the request: the run's options that shape every request. */
export interface PerformSettings {
  maxRedirects: number;
  /** Called when a redirect was not followed because of the limit (k6 warns unless the limit was set). */
  onRedirectLimit(url: string, followed: number): void;
  /** k6's `rps`: the run's limiter on request starts (undefined: unlimited). */
  limiter?: RequestLimiter;
  /** k6's `httpDebug` (undefined: off). */
  debug?: HttpDebugDump;
  /** k6's `systemTags` (undefined: the default set). */
  systemTags?: SystemTags;
  /** Stamps the responses' reads (one per endpoint). */
  clock: ReadClock;
}

const now = () => performance.now();

/**
 * One `http.request()`: its hops (redirects, each on the VU's connection for
 * its origin, each with its own samples), cookies from and into the jar, the
 * body compressed once and the last response decoded. Invalid URLs record nothing.
 */
export async function perform(req: HttpRequestWire, ctx: OpContext<HttpVuState>, s: PerformSettings): Promise<Performed> {
  const state = ctx.state;
  const wait = s.limiter && takeSlot(s.limiter, req, ctx);
  if (wait && !(await wait)) return { response: failed(req, req.url, ErrorCodes.GENERIC, 'interrupted', undefined), interrupted: true };
  const debug = ctx.warmup ? undefined : s.debug;
  const deadline = now() + req.timeout;
  const jar = state.cookies.jar(req.jar);
  const limit = req.redirects ?? s.maxRedirects;
  let body = bodyBuffer(req);
  if (body && req.compression) body = compressBody(body, req.compression);
  let url = req.url;
  let method = req.method;
  let headers = req.headers;
  let sentCookie: string | undefined;
  for (let hops = 0; ; hops++) {
    const target = state.targets.get(url);
    if (typeof target === 'string') {
      const response = failed(req, url, ErrorCodes.INVALID_URL, `invalid URL "${url}": ${target}`, undefined);
      return { response, interrupted: false };
    }
    const cookie = cookieHeader(jar, url, req.cookies);
    if (hops === 0) sentCookie = cookie;
    const hopHeaders = cookie || (target.auth && headers.Authorization === undefined) ? withExtras(headers, cookie, target.auth) : headers;
    const keepBody = req.responseType !== 'none' || debug?.full === true;
    const hop = { method, origin: target.origin, path: target.path, headers: hopHeaders, body, timeout: deadline - now(), keepBody };
    const debugId = debug?.request(hop, ctx.vuId, ctx.tags);
    const r = await sendHop(state.connections, hop, state.reuse, ctx.signal, s.clock);
    if (debugId !== undefined) debug!.response(debugId, r, ctx.vuId, ctx.tags);
    if (r.setCookie) storeCookies(jar, url, r.setCookie);
    let next = r.error === undefined ? redirectOf(r.status, r.headers.Location, method, url) : undefined;
    if (next && !(next instanceof Error) && hops >= limit) {
      if (req.redirects === undefined) s.onRedirectLimit(req.url, hops);
      next = undefined;
    }
    if (next === undefined || next instanceof Error) {
      // A body kept only for httpDebug's dump stays out of the response.
      let bytes = req.responseType === 'none' ? undefined : r.body;
      let err: unknown = r.error ?? next;
      if (err === undefined && bytes !== undefined && r.headers['Content-Encoding'] !== undefined) {
        try {
          bytes = await decodeBody(bytes, r.headers['Content-Encoding']);
        } catch (e) {
          err = e;
        }
      }
      const response = finalResponse(req, r, url, bytes, err, sentCookie);
      emit(ctx, s, req, method, target, r, response.status, response.error_code, response.error);
      return { response, interrupted: r.interrupted };
    }
    emit(ctx, s, req, method, target, r, r.status, r.status >= 400 ? 1000 + r.status : 0, '');
    headers = redirectHeaders(req.headers, url, next.url);
    url = next.url;
    method = next.method;
    if (!next.keepBody) body = null;
  }
}

/**
 * k6's `rps`: the request's slot, taken once it is prepared (a valid URL)
 * and before its timeout starts, so the wait is in none of its timings.
 * Undefined: go now. The warm-up's requests (llmload's own server) take none.
 */
function takeSlot(limiter: RequestLimiter, req: HttpRequestWire, ctx: OpContext<HttpVuState>): Promise<boolean> | undefined {
  if (ctx.warmup || typeof ctx.state.targets.get(req.url) === 'string') return undefined;
  return limiter.acquire(ctx.signal);
}

function bodyBuffer(req: HttpRequestWire): Buffer | null {
  const b = req.body;
  if (b === undefined) return null;
  return typeof b === 'string' ? Buffer.from(b) : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

function withExtras(headers: Record<string, string>, cookie: string | undefined, auth: string | undefined): Record<string, string> {
  const out = { ...headers };
  if (cookie) out.Cookie = cookie;
  if (auth && out.Authorization === undefined) out.Authorization = auth;
  return out;
}

/** The samples of one hop. */
function emit(
  ctx: OpContext<HttpVuState>,
  s: PerformSettings,
  req: HttpRequestWire,
  method: string,
  target: UrlTarget,
  r: HopResult,
  status: number,
  errorCode: number,
  error: string,
): void {
  const expected = req.expect === null ? undefined : isExpected(req.expect, status);
  const tags = httpTags(
    ctx.tags,
    req.tags,
    {
      method,
      url: target.clean,
      status,
      errorCode,
      error: status === 0 ? error : '',
      proto: status === 0 ? '' : 'HTTP/1.1',
      tlsVersion: status === 0 ? '' : (r.conn?.tlsVersion ?? ''),
      ip: r.conn?.remoteIp ?? '',
      expected,
    },
    s.systemTags,
  );
  // The warm-up's hops are diverted: the VU's measured 0 must come from a hop of the test.
  const first = !ctx.state.retriesSampled && !r.interrupted && !ctx.warmup;
  if (first) ctx.state.retriesSampled = true;
  emitHttpSamples(ctx.sink, tags, r, expected === undefined ? undefined : expected ? 0 : 1, wallNow(), first);
}

/** The response of the last hop (`bytes`: its body, decoded), or the error that ended the request. */
function finalResponse(
  req: HttpRequestWire,
  r: HopResult,
  url: string,
  bytes: Buffer | undefined,
  err: unknown,
  sentCookie: string | undefined,
): HttpResponseWire {
  if (err !== undefined) {
    const c = classifyError(err);
    return failed(req, url, c.code, c.message, r);
  }
  const c = r.conn;
  const res: HttpResponseWire = {
    status: r.status,
    status_text: `${r.status} ${r.statusText}`.trim(),
    headers: r.headers,
    body: bodyOut(req, r.status, bytes),
    timings: r.timings,
    proto: 'HTTP/1.1',
    url,
    error: '',
    error_code: r.status >= 400 ? 1000 + r.status : 0,
    remote_ip: c?.remoteIp ?? '',
    remote_port: c?.remotePort ?? 0,
    tls_version: c?.tlsVersion ?? '',
    tls_cipher_suite: c?.cipher ?? '',
  };
  // Absent rather than undefined: every field is copied into the isolate.
  if (r.setCookie) res.cookies = responseCookies(r.setCookie);
  if (sentCookie !== undefined) res.sent_cookie = sentCookie;
  return res;
}

/** k6: no body for 1xx, 204 and 304 (null), nor with responseType 'none'. */
function bodyOut(req: HttpRequestWire, status: number, buf: Buffer | undefined): string | ArrayBuffer | null {
  if (buf === undefined || status < 200 || status === 204 || status === 304) return null;
  if (req.responseType === 'binary') return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  return buf.toString('utf8');
}

function failed(req: HttpRequestWire, url: string, code: number, error: string, r: HopResult | undefined): HttpResponseWire {
  // As llmload always did: no body only with responseType 'none'; a failed text request reads as '' (scripts call body.length).
  const body = req.responseType === 'none' ? null : req.responseType === 'binary' ? new ArrayBuffer(0) : '';
  const c = r?.conn;
  return {
    status: 0,
    status_text: '',
    headers: {},
    body,
    timings: r?.timings ?? { ...ZERO_TIMINGS },
    proto: '',
    url,
    error,
    error_code: code,
    remote_ip: c?.remoteIp ?? '',
    remote_port: c?.remotePort ?? 0,
    tls_version: '',
    tls_cipher_suite: '',
  };
}
