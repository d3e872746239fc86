import type { Dispatcher } from 'undici';
import { RequestTimeoutError } from './error-codes.js';
import { CONN, type ConnAware, type ConnRecord, type VuConnections } from './vu-connections.js';
import type { HttpTimings } from './types.js';

/** One request on the wire (a redirect chain sends several). */
export interface Hop {
  method: string;
  origin: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** ms left of the request's timeout. */
  timeout: number;
  /** Keep the body bytes (false for responseType 'none'). */
  keepBody: boolean;
}

/** What one hop got: a response, or the error that stopped it. */
export interface HopResult {
  /** 0 when no response arrived. */
  status: number;
  statusText: string;
  /** Canonical names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Each Set-Cookie header (they cannot be split again once joined). */
  setCookie: string[] | undefined;
  body: Buffer | undefined;
  timings: HttpTimings;
  bytesSent: number;
  bytesReceived: number;
  /** Set when the hop failed (network error, timeout, interruption). */
  error: unknown;
  /** Cut off by the end of the test (the VU was interrupted): a failed request without timings. */
  interrupted: boolean;
  conn: ConnRecord | undefined;
}

const now = () => performance.now();
export const ZERO_TIMINGS: Readonly<HttpTimings> = Object.freeze({ duration: 0, blocked: 0, looking_up: 0, connecting: 0, tls_handshaking: 0, sending: 0, waiting: 0, receiving: 0 });

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

/** Phase timings from the stamps of one hop (k6's meanings). */
function timingsOf(t0: number, tEnd: number, conn: ConnRecord | undefined, fresh: ConnStamps | undefined, tConnect?: number, tSent?: number, tHeaders?: number): HttpTimings {
  const t: HttpTimings = { ...ZERO_TIMINGS };
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
  return t;
}

interface ConnStamps {
  start: number;
  tcp: number;
  tls?: number;
}

function headersOf(raw: Buffer[]): { headers: Record<string, string>; setCookie: string[] | undefined } {
  const headers: Record<string, string> = {};
  let setCookie: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = canonical(raw[i]!.toString('latin1'));
    const v = raw[i + 1]!.toString('latin1');
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    if (k === 'Set-Cookie') (setCookie ??= []).push(v);
  }
  return { headers, setCookie };
}

/**
 * Sends one hop through a VU's connections with a raw dispatch handler, so
 * each phase is stamped where it happens (performance.now()): queued →
 * connection (connect/TLS if new) → request written → headers → last byte.
 */
export function exchange(connections: VuConnections, hop: Hop, reuse: boolean, signal: AbortSignal): Promise<HopResult> {
  return new Promise((resolve) => {
    const t0 = now();
    const chunks: Buffer[] = [];
    let received = 0;
    let status = 0;
    let statusText = '';
    let rawHeaders: Buffer[] = [];
    let tConnect: number | undefined, tSent: number | undefined, tHeaders: number | undefined;
    let fresh: ConnStamps | undefined;
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
      const sock = conn?.socket;
      // Bytes on the wire from the socket's counters (one request at a time per socket).
      const ok = err === undefined;
      const { headers, setCookie } = ok ? headersOf(rawHeaders) : { headers: {}, setCookie: undefined };
      resolve({
        status: ok ? status : 0,
        statusText: ok ? statusText : '',
        headers,
        setCookie,
        body: ok && hop.keepBody ? Buffer.concat(chunks) : undefined,
        timings: timingsOf(t0, tEnd, conn, fresh, tConnect, tSent, tHeaders),
        bytesSent: sock && tConnect !== undefined ? Math.max(0, sock.bytesWritten - w0) : 0,
        bytesReceived: sock && tConnect !== undefined ? Math.max(0, sock.bytesRead - r0) : received,
        error: err,
        interrupted,
        conn: tConnect !== undefined ? conn : undefined,
      });
    };

    const stop = (err: Error) => {
      if (done) return;
      if (abortFn) abortFn(err);
      finish(err);
    };
    const timeout = Math.max(0, hop.timeout);
    const timer = setTimeout(() => stop(new RequestTimeoutError(timeout)), timeout);
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
        if (hop.keepBody) chunks.push(chunk);
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
      connections.dispatch({ origin: hop.origin, path: hop.path, method: hop.method as Dispatcher.HttpMethod, headers: hop.headers, body: hop.body, reset: !reuse }, handler);
    } catch (err) {
      finish(err);
    }
  });
}
