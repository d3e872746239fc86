import { exchange, rawHeader } from '../http-client/exchange.js';
import type { ReadClock } from '../http-client/read-clock.js';
import type { VuConnections } from '../http-client/vu-connections.js';
import type { LlmInterpreter } from './protocol.js';
import type { LlmRequest } from './request.js';
import { ResponseReader, type ReadResult } from './response-reader.js';
import { transportError } from './transport-error.js';

/** One finished exchange: the read response and its clock readings (monotonic ms). */
export interface LlmExchange {
  read: ReadResult;
  /**
   * When the request went on the wire, the start of TTFT and E2E: on a
   * reused connection, when undici starts writing it to the socket; on a new
   * connection, when it was handed to the connection, so the connect counts
   * (as in AIPerf and vLLM). See Exchanged.start.
   */
  start: number;
  headers: number | undefined;
  end: number;
  /** 1 when the request was sent again on a new connection (a kept one had been closed by the server): see Exchanged.retries. */
  retries: number;
}

const now = () => performance.now();

/**
 * Sends one LLM request on the VU's connections with the request state
 * machine and reads the response as it arrives: every read of the body is
 * stamped (ReadClock) before the reader decodes or parses it. `timeout`
 * covers the whole exchange; `idleTimeout` the silences between reads once
 * the body started.
 */
export async function sendLlm(
  conns: VuConnections,
  req: LlmRequest,
  interp: LlmInterpreter,
  reuse: boolean,
  signal: AbortSignal,
  clock: ReadClock,
): Promise<LlmExchange> {
  const reader = new ResponseReader(interp);
  let origin: string;
  let path: string;
  try {
    const u = new URL(req.url);
    origin = u.origin;
    path = u.pathname + u.search;
  } catch (err) {
    const t = now();
    return { read: reader.end(t, transportError(err, { reused: false, responded: false })), start: t, headers: undefined, end: t, retries: 0 };
  }
  const sink = {
    headers: (status: number, raw: Buffer[]) => reader.headers(status, rawHeader(raw, 'content-type') ?? ''),
    data: (chunk: Buffer, t: number) => reader.data(chunk, t),
  };
  const method = req.method ?? (req.body === undefined ? 'GET' : 'POST');
  const ex = await exchange(
    conns,
    { method, origin, path, headers: req.headers, body: req.body ?? null, timeout: req.timeout, idleTimeout: req.idleTimeout, reuse, stream: req.stream },
    { signal, clock, sink, cancelAfter: req.kind === 'lookup' ? undefined : req.cancelAfter },
  );
  const cut =
    ex.error === undefined ? undefined : transportError(ex.error, { reused: ex.reused, responded: ex.headers !== undefined, retried: ex.retries > 0 });
  return { read: reader.end(ex.end, cut), start: ex.start, headers: ex.headers, end: ex.end, retries: ex.retries };
}
