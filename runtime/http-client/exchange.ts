import type { Dispatcher } from 'undici';
import { unwatchAbort, watchAbort } from './abort-watch.js';
import type { ResponseKind } from './connection-habits.js';
import { isStaleClose } from './stale-close.js';
import { CancelledError, IdleTimeoutError, InterruptedError, RequestTimeoutError } from './stop-errors.js';
import type { ExchangeOptions, Exchanged, WireRequest } from './exchange-types.js';
import { CONN, type ConnAware, type ConnRecord, type VuConnections } from './vu-connections.js';

export type { ConnectStamps, ExchangeOptions, Exchanged, ResponseSink, WireRequest } from './exchange-types.js';

const now = () => performance.now();

/**
 * The one request state machine of llmload's HTTP endpoints (llmload/http,
 * llmload/openai, the LLM kit's plugins): sends one request through a VU's
 * connections with a raw undici dispatch handler, so each phase is stamped
 * where it happens: dispatched → connection (connect/TLS if new) → written →
 * headers → every read of the body (before the sink decodes it) → end. One
 * timer serves the whole-request `timeout` and the `idleTimeout` between
 * reads (reads only move `lastRead`); the signal interrupts. A request
 * written to a kept connection that the server had closed (a close or reset
 * before any response byte) is sent once more on a new connection, within
 * the same timeout (`retries`); a failure on a new connection or after
 * response bytes is never retried. Requests of a kind the origin is known to
 * close connections after (ConnectionHabits) go on a new connection, closed
 * after them. Never rejects: a failure is in `error`.
 */
export function exchange(conns: VuConnections, req: WireRequest, opts: ExchangeOptions): Promise<Exchanged> {
  return new Promise((resolve) => new Exchange(req, opts, resolve).start(conns));
}

/** One exchange's state; it is its own undici dispatch handler (undici calls its on* methods). */
class Exchange implements Dispatcher.DispatchHandler, ConnAware {
  [CONN]: ConnRecord | undefined = undefined; // set by VuConnections.dispatch
  private readonly ex: Exchanged;
  private readonly deadline: number;
  private readonly idle: number;
  private readonly kind: ResponseKind;
  private conns!: VuConnections;
  private received = 0;
  private w0 = 0;
  private r0 = 0;
  /** Bytes written by a first send that was retried (it read none). */
  private sentBefore = 0;
  private lastRead: number | undefined;
  private abortFn: ((err: Error) => void) | undefined;
  private done = false;
  private timer: NodeJS.Timeout | undefined;
  private cancelTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly req: WireRequest,
    private readonly opts: ExchangeOptions,
    private readonly resolve: (ex: Exchanged) => void,
  ) {
    const dispatched = now();
    this.deadline = dispatched + Math.max(0, req.timeout);
    this.idle = req.idleTimeout ?? 0;
    this.kind = (req.stream ?? acceptsEventStream(req.headers)) ? 'stream' : 'other';
    this.ex = {
      error: undefined,
      interrupted: false,
      status: 0,
      statusText: '',
      rawHeaders: [],
      dispatched,
      connected: undefined,
      sent: undefined,
      headers: undefined,
      end: dispatched,
      start: dispatched,
      conn: undefined,
      reused: false,
      retries: 0,
      fresh: undefined,
      bytesSent: 0,
      bytesReceived: 0,
    };
  }

  start(conns: VuConnections): void {
    const { opts } = this;
    this.conns = conns;
    if (opts.signal.aborted) return this.onAbort();
    watchAbort(opts.signal, this.onAbort);
    this.timer = setTimeout(this.check, Math.max(1, this.deadline - this.ex.dispatched));
    this.send(false);
  }

  /** Hands the request to the connections; `fresh`: on a new connection. */
  private send(fresh: boolean): void {
    const req = this.req;
    // An origin that closes connections after this kind of response: a connection of its own, closed after it.
    const closes = req.reuse && this.conns.habits.closesAfter(req.origin, this.kind);
    try {
      this.conns.dispatch(
        {
          origin: req.origin,
          path: req.path,
          method: req.method as Dispatcher.HttpMethod,
          headers: req.headers,
          body: req.body,
          reset: !req.reuse || closes,
        },
        this,
        fresh || closes,
      );
    } catch (err) {
      this.finish(err);
    }
  }

  onConnect(abort: (err?: Error) => void): void {
    if (this.done) return abort(new Error('request finished before it was sent'));
    // undici calls this as it starts writing the request to the socket.
    const t = now();
    const ex = this.ex;
    ex.connected = t;
    this.abortFn = abort;
    const conn = this[CONN];
    ex.conn = conn;
    // A fresh connection is claimed by its first request; any later one reuses it.
    if (conn?.fresh) {
      ex.fresh = { start: conn.connectStart!, tcp: conn.tcpEnd!, tls: conn.tlsEnd };
      conn.fresh = false;
    } else if (conn) {
      ex.reused = true;
      ex.start = t;
    }
    this.w0 = conn?.socket?.bytesWritten ?? 0;
    this.r0 = conn?.socket?.bytesRead ?? 0;
  }

  onRequestSent(): void {
    this.ex.sent = now();
    const after = this.opts.cancelAfter;
    if (after !== undefined && !this.done) {
      // (Restarted when a retried request is written again.)
      clearTimeout(this.cancelTimer);
      this.armCancel(this.ex.sent + after, after);
    }
  }

  /** Cancels at `at`: Node timers may fire up to a millisecond early, so an early one is re-armed. */
  private armCancel(at: number, after: number): void {
    this.cancelTimer = setTimeout(
      () => {
        const left = at - now();
        if (left > 0) this.armCancel(at, after);
        else this.stop(new CancelledError(after));
      },
      Math.max(0, Math.ceil(at - now())),
    );
  }

  onHeaders(status: number, raw: Buffer[], _resume: () => void, text: string): boolean {
    const t = this.opts.clock.now();
    const ex = this.ex;
    const conn = ex.conn;
    if (conn) {
      // The server kept the connection after its previous response: no habit of closing after that kind.
      if (ex.reused && conn.lastKind !== undefined) this.conns.habits.kept(conn.origin, conn.lastKind);
      conn.responding = true;
    }
    ex.headers = t;
    ex.status = status;
    ex.statusText = text;
    ex.rawHeaders = raw;
    this.opts.sink?.headers?.(status, raw, t);
    return true;
  }

  onData(chunk: Buffer): boolean {
    const t = this.opts.clock.now();
    this.received += chunk.length;
    if (this.lastRead === undefined && this.idle > 0) {
      // The body started: from now on silences count too.
      clearTimeout(this.timer);
      this.timer = setTimeout(this.check, this.idle);
    }
    this.lastRead = t;
    this.opts.sink?.data?.(chunk, t);
    return true;
  }

  onComplete(): void {
    const conn = this.ex.conn;
    if (conn) {
      conn.responding = false;
      conn.lastKind = this.kind;
      conn.lastEnd = now();
    }
    this.finish();
  }

  onError(err: Error): void {
    if (this.canRetry(err)) return this.retry();
    this.finish(err);
  }

  /**
   * The request died on a kept connection before any response byte, closed
   * or reset by the server: it never reached a live server, so sending it
   * again cannot double it. Once, and only while the timeout allows.
   */
  private canRetry(err: unknown): boolean {
    const ex = this.ex;
    if (this.done || ex.retries > 0 || !ex.reused || ex.headers !== undefined || this.received > 0) return false;
    if (this.opts.signal.aborted || now() >= this.deadline) return false;
    const sock = ex.conn?.socket;
    if (sock && sock.bytesRead > this.r0) return false;
    return isStaleClose(err);
  }

  /** Sends the request again on a new connection; the failed send's time stays in `dispatched` → `start`. */
  private retry(): void {
    const ex = this.ex;
    const sock = ex.conn?.socket;
    if (sock) this.sentBefore += Math.max(0, sock.bytesWritten - this.w0);
    ex.retries++;
    ex.connected = ex.sent = undefined;
    ex.conn = undefined;
    ex.reused = false;
    ex.fresh = undefined;
    this.abortFn = undefined;
    this[CONN] = undefined;
    // Out of undici's close handling (the error comes from inside it) before dispatching again.
    queueMicrotask(() => {
      if (this.done) return;
      ex.start = now();
      this.send(true);
    });
  }

  private finish(err?: unknown): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    clearTimeout(this.cancelTimer);
    unwatchAbort(this.opts.signal, this.onAbort);
    const ex = this.ex;
    ex.end = now();
    ex.error = err;
    const sock = ex.conn?.socket;
    if (sock) {
      ex.bytesSent = Math.max(0, sock.bytesWritten - this.w0) + this.sentBefore;
      ex.bytesReceived = Math.max(0, sock.bytesRead - this.r0);
    } else {
      ex.bytesSent = this.sentBefore;
      ex.bytesReceived = this.received;
    }
    this.resolve(ex);
  }

  private stop(err: Error): void {
    if (this.done) return;
    this.abortFn?.(err);
    this.finish(err);
  }

  private readonly check = (): void => {
    const t = now();
    if (t >= this.deadline) return this.stop(new RequestTimeoutError(Math.max(0, this.req.timeout)));
    let next = this.deadline;
    if (this.lastRead !== undefined && this.idle > 0) {
      if (t - this.lastRead >= this.idle) return this.stop(new IdleTimeoutError(this.idle));
      next = Math.min(next, this.lastRead + this.idle);
    }
    this.timer = setTimeout(this.check, Math.max(1, next - t));
  };

  private readonly onAbort = (): void => {
    this.ex.interrupted = true;
    this.stop(new InterruptedError());
  };
}

/** The request's `Accept` header names text/event-stream (an SSE client's request). */
function acceptsEventStream(headers: Record<string, string>): boolean {
  for (const k in headers) {
    if (k.length === 6 && k.toLowerCase() === 'accept') return headers[k]!.toLowerCase().includes('text/event-stream');
  }
  return false;
}

/** The value of a raw header (first match, case-insensitive), as undici passes them to onHeaders. */
export function rawHeader(raw: readonly Buffer[], lowerName: string): string | undefined {
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = raw[i]!;
    if (k.length === lowerName.length && k.toString('latin1').toLowerCase() === lowerName) return raw[i + 1]!.toString('latin1');
  }
  return undefined;
}
