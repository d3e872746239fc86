import { classifyError, ErrorCodes } from '../http-client/error-codes.js';
import { CancelledError, IdleTimeoutError, InterruptedError, RequestTimeoutError } from '../http-client/stop-errors.js';
import type { ReadError } from './response-reader.js';

/** Where in the exchange a transport error struck. */
export interface ErrorPhase {
  /** The request went out on a connection an earlier request had used. */
  reused: boolean;
  /** Response bytes (headers) had arrived. */
  responded: boolean;
  /** It was the second send, on a new connection, after the server had closed the kept one (Exchanged.retries). */
  retried?: boolean;
}

const CONNECT = new Set<number>([
  ErrorCodes.BLACKLISTED_IP,
  ErrorCodes.BLOCKED_HOSTNAME,
  ErrorCodes.DNS,
  ErrorCodes.DNS_NO_SUCH_HOST,
  ErrorCodes.TCP_DIAL,
  ErrorCodes.TCP_DIAL_TIMEOUT,
  ErrorCodes.TCP_DIAL_REFUSED,
  ErrorCodes.TCP_DIAL_UNKNOWN,
  ErrorCodes.TLS,
  ErrorCodes.X509_UNKNOWN_AUTHORITY,
  ErrorCodes.X509_HOSTNAME,
  ErrorCodes.INVALID_URL,
]);

/**
 * A transport failure → an `error_type`. The exchange's own stops are
 * `timeout`, `idle_timeout`, `interrupted` and `cancelled` (not a failure). The connection closing or
 * resetting before any response byte on a reused keep-alive connection is
 * `stale_connection` (the server had closed it: llama.cpp does after a
 * stream); after the headers, a close (FIN) cuts the stream short
 * (`incomplete_stream`) and a reset (RST) is `connection_reset`.
 */
export function transportError(err: unknown, phase: ErrorPhase): ReadError {
  const e = classify(err, phase);
  if (phase.retried && e.type !== 'interrupted') e.message += ' (on the second send, on a new connection: the server had closed the kept one)';
  return e;
}

function classify(err: unknown, phase: ErrorPhase): ReadError {
  if (err instanceof RequestTimeoutError) return { type: 'timeout', message: err.message };
  if (err instanceof IdleTimeoutError) return { type: 'idle_timeout', message: err.message };
  if (err instanceof InterruptedError) return { type: 'interrupted', message: err.message };
  if (err instanceof CancelledError) return { type: 'cancelled', message: err.message };
  const { code, message } = classifyError(err);
  if (CONNECT.has(code)) return { type: 'connect_error', message };
  if (!phase.responded && phase.reused) {
    return { type: 'stale_connection', message: `the server closed a reused keep-alive connection (${message})` };
  }
  if (phase.responded && code !== ErrorCodes.TCP_RESET_BY_PEER) return { type: 'incomplete_stream', message: `the response was cut short (${message})` };
  return { type: 'connection_reset', message };
}
