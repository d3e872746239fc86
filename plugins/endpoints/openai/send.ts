import type { Dispatcher } from 'undici';
import { CONN, type ConnAware, type VuConnections } from '../http/vu-connections.js';
import type { ReadClock } from './read-clock.js';
import { ResponseReader, type ReadResult } from './response-reader.js';
import { LlmInterruptedError, LlmTimeoutError, transportError } from './transport-error.js';
import type { LlmRequestWire } from './types.js';

/** One finished exchange: the read response and its clock readings (monotonic ms). */
export interface LlmExchange {
  read: ReadResult;
  /**
   * When the request was sent, the start of TTFT and E2E: on a reused
   * connection, when undici starts writing it to the socket (its onConnect,
   * µs before the write: a stamp taken after the write could be delayed by
   * the server's process preempting ours); on a new connection, when it was
   * handed to the connection, so the connect counts (as in AIPerf and vLLM).
   */
  start: number;
  headers: number | undefined;
  end: number;
}

const now = () => performance.now();

/**
 * Sends one request on the VU's connections and reads the response as it
 * arrives. Every read of the body is stamped (performance.now(), once per
 * socket read: `clock`) in undici's onData, before the reader decodes or
 * parses it. `timeout` covers
 * the whole exchange; `idleTimeout` the silences between reads once the
 * body started. One timer serves both: reads only move `lastRead`.
 */
export function send(conns: VuConnections, req: LlmRequestWire, reuse: boolean, signal: AbortSignal, clock: ReadClock): Promise<LlmExchange> {
  return new Promise((resolve) => {
    const reader = new ResponseReader();
    const dispatched = now();
    let start = dispatched;
    const deadline = dispatched + req.timeout;
    let headersAt: number | undefined;
    let lastRead: number | undefined;
    let reused = false;
    let abortFn: ((err: Error) => void) | undefined;
    let done = false;
    let timer: NodeJS.Timeout | undefined;

    const finish = (err?: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      const end = now();
      const cut = err === undefined ? undefined : transportError(err, { reused, responded: headersAt !== undefined });
      resolve({ read: reader.end(end, cut), start, headers: headersAt, end });
    };
    const stop = (err: Error) => {
      if (done) return;
      abortFn?.(err);
      finish(err);
    };
    const check = () => {
      const t = now();
      if (t >= deadline) return stop(new LlmTimeoutError('timeout', req.timeout));
      let next = deadline;
      if (lastRead !== undefined && req.idleTimeout > 0) {
        if (t - lastRead >= req.idleTimeout) return stop(new LlmTimeoutError('idle_timeout', req.idleTimeout));
        next = Math.min(next, lastRead + req.idleTimeout);
      }
      timer = setTimeout(check, Math.max(1, next - t));
    };
    // Cut off by the end of the test: a failed request of its own type, never a silent one.
    const onAbort = () => stop(new LlmInterruptedError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort);
    timer = setTimeout(check, Math.max(1, req.timeout));

    const handler: Dispatcher.DispatchHandler & ConnAware = {
      [CONN]: undefined, // set by VuConnections.dispatch; declared to keep the object's shape
      onConnect(abort: (err?: Error) => void) {
        if (done) return abort(new Error('request finished before it was sent'));
        abortFn = abort;
        const conn = handler[CONN];
        // A fresh connection is claimed by its first request; any later one reuses it.
        reused = conn !== undefined && !conn.fresh;
        if (conn) conn.fresh = false;
        // undici calls this as it starts writing the request to the socket.
        if (reused) start = now();
      },
      onHeaders(status: number, raw: Buffer[]) {
        headersAt = clock.now();
        let contentType = '';
        for (let i = 0; i + 1 < raw.length; i += 2) {
          if (raw[i]!.length === 12 && raw[i]!.toString('latin1').toLowerCase() === 'content-type') contentType = raw[i + 1]!.toString('latin1');
        }
        reader.headers(status, contentType);
        return true;
      },
      onData(chunk: Buffer) {
        const t = clock.now();
        if (lastRead === undefined && req.idleTimeout > 0) {
          // The body started: from now on silences count too.
          clearTimeout(timer);
          timer = setTimeout(check, req.idleTimeout);
        }
        lastRead = t;
        reader.data(chunk, t);
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
      const u = new URL(req.url);
      conns.dispatch(
        { origin: u.origin, path: u.pathname + u.search, method: req.body === undefined ? 'GET' : 'POST', headers: req.headers, body: req.body ?? null, reset: !reuse },
        handler,
      );
    } catch (err) {
      finish(err);
    }
  });
}
