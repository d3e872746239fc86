import type { Dispatcher } from 'undici';
import { classifyError, ErrorCodes, RequestTimeoutError } from './error-codes.js';
import { CONN, type ConnAware, type ConnRecord, type VuConnections } from './vu-connections.js';
import type { HttpRequestWire, HttpResponseWire, HttpTimings } from './types.js';

/** A finished request: what the script sees, plus what the samples need. */
export interface HttpExchange {
  response: HttpResponseWire;
  bytesSent: number;
  bytesReceived: number;
  /** No samples: the request never went out (bad URL). */
  silent: boolean;
  /** Cut off by the end of the test (the VU was interrupted): a failed request without timings. */
  interrupted: boolean;
}

const now = () => performance.now();
const ZERO: HttpTimings = { duration: 0, blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0 };

/** One VU's HTTP state: its connection pool and the URLs it has parsed. */
export interface HttpVuState {
  connections: VuConnections;
  urls: Map<string, { origin: string; path: string } | string>;
  /** false with k6's `noConnectionReuse`: every request closes its connection. */
  reuse: boolean;
}

const MAX_CACHED = 1000;
const canonicalNames = new Map<string, string>();

/** Go's canonical header key ("content-type" → "Content-Type"), as k6 scripts expect. */
function canonical(raw: string): string {
  let name = canonicalNames.get(raw);
  if (name === undefined) {
    name = raw.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    if (canonicalNames.size < MAX_CACHED) canonicalNames.set(raw, name);
  }
  return name;
}

/** origin + path of a URL, or the reason it is unusable (load tests hit few URLs: cache them). */
function target(state: HttpVuState, url: string): { origin: string; path: string } | string {
  let t = state.urls.get(url);
  if (t === undefined) {
    try {
      const u = new URL(url);
      t = u.protocol === 'http:' || u.protocol === 'https:' ? { origin: u.origin, path: u.pathname + u.search } : `unsupported protocol "${u.protocol}"`;
    } catch (err) {
      t = (err as Error).message;
    }
    if (state.urls.size >= MAX_CACHED) state.urls.clear();
    state.urls.set(url, t);
  }
  return t;
}

function failed(req: HttpRequestWire, code: number, error: string, timings = ZERO): HttpResponseWire {
  // As k6: no body only with responseType 'none'; a failed text request reads as '' (scripts call body.length).
  const body = req.responseType === 'none' ? null : req.responseType === 'binary' ? new ArrayBuffer(0) : '';
  return { status: 0, status_text: '', headers: {}, body, timings, proto: '', url: req.url, error, error_code: code };
}

/**
 * Sends one request through a VU's agent with a raw dispatch handler, so each
 * phase is stamped where it happens (performance.now()): queued → connection
 * (connect/TLS if new) → request written → headers → last byte.
 */
export function exchange(state: HttpVuState, req: HttpRequestWire, signal: AbortSignal): Promise<HttpExchange> {
  const url = target(state, req.url);
  if (typeof url === 'string') {
    return Promise.resolve({ response: failed(req, ErrorCodes.INVALID_URL, `invalid URL "${req.url}": ${url}`), bytesSent: 0, bytesReceived: 0, silent: true, interrupted: false });
  }
  const body = req.body === undefined ? null : typeof req.body === 'string' ? Buffer.from(req.body) : Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength);
  return new Promise((resolve) => {
    const t0 = now();
    const keepBody = req.responseType !== 'none';
    const chunks: Buffer[] = [];
    let received = 0;
    let status = 0;
    let statusText = '';
    let rawHeaders: Buffer[] = [];
    let tConnect: number | undefined, tSent: number | undefined, tHeaders: number | undefined;
    let fresh: { start: number; tcp: number; tls?: number } | undefined;
    let conn: ConnRecord | undefined;
    let w0 = 0, r0 = 0;
    let abortFn: ((err: Error) => void) | undefined;
    let done = false;
    let interrupted = false;

    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      const tEnd = now();
      const t: HttpTimings = { ...ZERO };
      if (tConnect === undefined) {
        // Never got a connection: a failed connect (or still queued).
        const start = conn?.connectStart !== undefined && conn.connectStart >= t0 ? conn.connectStart : undefined;
        t.connecting = start !== undefined ? tEnd - start : 0;
        t.blocked = (start ?? tEnd) - t0;
      } else {
        t.connecting = fresh ? fresh.tcp - fresh.start : 0;
        t.tls_handshaking = fresh?.tls !== undefined ? fresh.tls - fresh.tcp : 0;
        t.blocked = Math.max(0, tConnect - t0 - t.connecting - t.tls_handshaking);
        const sent = tSent ?? tEnd;
        t.sending = sent - tConnect;
        t.waiting = (tHeaders ?? tEnd) - sent;
        t.receiving = tHeaders !== undefined ? tEnd - tHeaders : 0;
      }
      t.duration = t.sending + t.waiting + t.receiving;
      const sock = conn?.socket;
      // Bytes on the wire from the socket's counters (one request at a time per socket).
      const bytesSent = sock && tConnect !== undefined ? Math.max(0, sock.bytesWritten - w0) : 0;
      const bytesReceived = sock && tConnect !== undefined ? Math.max(0, sock.bytesRead - r0) : received;
      let response: HttpResponseWire;
      if (err !== undefined) {
        const c = classifyError(err);
        response = failed(req, c.code, c.message, t);
      } else {
        const headers: Record<string, string> = {};
        for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
          const k = canonical(rawHeaders[i]!.toString('latin1'));
          const v = rawHeaders[i + 1]!.toString('latin1');
          headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
        }
        const buf = keepBody ? Buffer.concat(chunks) : undefined;
        const bodyOut =
          buf === undefined ? null : req.responseType === 'binary' ? (buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer) : buf.toString('utf8');
        response = {
          status,
          status_text: `${status} ${statusText}`.trim(),
          headers,
          body: bodyOut,
          timings: t,
          proto: 'HTTP/1.1',
          url: req.url,
          error: status >= 400 ? `HTTP ${status}` : '',
          error_code: status >= 400 ? 1000 + status : 0,
        };
      }
      resolve({ response, bytesSent, bytesReceived, silent: false, interrupted });
    };

    const stop = (err: Error) => {
      if (done) return;
      if (abortFn) abortFn(err);
      finish(err);
    };
    const timer = setTimeout(() => stop(new RequestTimeoutError(req.timeout)), req.timeout);
    const onAbort = () => {
      interrupted = true;
      stop(new Error('interrupted'));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);

    const handler: Dispatcher.DispatchHandler & ConnAware = {
      [CONN]: undefined, // set by the client on dispatch; declared here to keep the object's shape
      onConnect(abort: (err?: Error) => void) {
        if (done) return abort(new Error('request finished before it was sent'));
        tConnect = now();
        abortFn = abort;
        conn = handler[CONN];
        if (conn?.fresh && conn.connectStart !== undefined && conn.tcpEnd !== undefined) {
          fresh = { start: conn.connectStart, tcp: conn.tcpEnd, tls: conn.tlsEnd };
          conn.fresh = false;
        }
        w0 = conn?.socket?.bytesWritten ?? 0;
        r0 = conn?.socket?.bytesRead ?? 0;
      },
      onRequestSent() {
        tSent = now();
      },
      onHeaders(statusCode: number, headers: Buffer[], _resume: () => void, text: string) {
        tHeaders = now();
        status = statusCode;
        statusText = text;
        rawHeaders = headers;
        return true;
      },
      onData(chunk: Buffer) {
        received += chunk.length;
        if (keepBody) chunks.push(chunk);
        return true;
      },
      onComplete() {
        finish();
      },
      onError(err: Error) {
        finish(err);
      },
    } as Dispatcher.DispatchHandler & ConnAware;
    try {
      state.connections.dispatch({ origin: url.origin, path: url.path, method: req.method as Dispatcher.HttpMethod, headers: req.headers, body, reset: !state.reuse }, handler);
    } catch (err) {
      finish(err);
    }
  });
}
