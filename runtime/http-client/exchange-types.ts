import type { ReadClock } from './read-clock.js';
import type { ConnRecord } from './vu-connections.js';

/** One request on the wire (a redirect chain sends several). */
export interface WireRequest {
  method: string;
  /** `http://host:port`. */
  origin: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | string | null;
  /** ms: the whole exchange, from dispatch to the body's last byte. */
  timeout: number;
  /** ms: the longest silence between two reads once the body started; 0 or absent: off. */
  idleTimeout?: number;
  /** false: the connection is closed after this request (k6's noConnectionReuse). */
  reuse: boolean;
  /**
   * The request asks for a streamed response (SSE, NDJSON): what the
   * connection habits of servers are learned and applied by. Undefined: an
   * `Accept: text/event-stream` header says so.
   */
  stream?: boolean;
}

/**
 * Receives the response as it arrives. `t` is the arrival of the socket read
 * it came in (ReadClock: taken before any parsing; reads coalesced by undici
 * share it).
 */
export interface ResponseSink {
  headers?(status: number, rawHeaders: Buffer[], t: number): void;
  data?(chunk: Buffer, t: number): void;
}

/** The connect and TLS times of a new connection, claimed by its first request (k6 attributes them so). */
export interface ConnectStamps {
  start: number;
  tcp: number;
  tls?: number;
}

/** A finished exchange: what arrived and when (monotonic ms, performance.now()). */
export interface Exchanged {
  /** Undefined when the response completed; else what stopped it (a network error, or a stop-errors.ts error). */
  error: unknown;
  /** Cut off by the signal (the end of the test). */
  interrupted: boolean;
  /** 0 when no response headers arrived. */
  status: number;
  statusText: string;
  /** Raw header name/value pairs, as undici gives them ([] without a response). */
  rawHeaders: Buffer[];
  /** The request was handed to the VU's connections. */
  dispatched: number;
  /** undici started writing it to a connection's socket (its onConnect). */
  connected: number | undefined;
  /** The request was written. */
  sent: number | undefined;
  /** The status line and headers arrived (their read's stamp). */
  headers: number | undefined;
  end: number;
  /**
   * When the request went on the wire: on a reused connection, `connected`
   * (µs before the write; a stamp taken after it could be delayed by the
   * server's process preempting ours); on a new connection, `dispatched`, so
   * the connect counts (as in AIPerf and vLLM).
   */
  start: number;
  /** The connection it was written to; undefined when it got none. */
  conn: ConnRecord | undefined;
  /** That connection had carried an earlier request. */
  reused: boolean;
  /**
   * 1 when the request was sent again on a new connection: the kept one it
   * was first written to turned out closed by the server before any response
   * byte (the request never reached a live server). Its `start` and the
   * connection fields are the second send's; `dispatched` is still the first.
   */
  retries: number;
  /** Connect/TLS stamps of the new connection this request claimed. */
  fresh: ConnectStamps | undefined;
  /** Bytes on the wire, from the socket's counters (one request at a time per socket; both sends of a retried one). */
  bytesSent: number;
  bytesReceived: number;
}

export interface ExchangeOptions {
  /** Aborted by the end of the test: the request stops as `interrupted`. */
  signal: AbortSignal;
  /** Stamps the response's reads (one per endpoint: see ReadClock). */
  clock: ReadClock;
  /**
   * ms after the request was written (AIPerf's cancellation delay, from
   * "request fully sent"): the exchange closes it with a CancelledError unless
   * the response completed first. Undefined: never.
   */
  cancelAfter?: number;
  sink?: ResponseSink;
}
