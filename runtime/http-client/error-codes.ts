import { IdleTimeoutError, InterruptedError, RequestTimeoutError } from './stop-errors.js';

/**
 * k6's error codes (lib/netext/httpext/error_codes.go) for failures of a
 * request, from Node/undici errors and the exchange's own stops (stop-errors.ts).
 * HTTP ≥ 400 responses get 1000 + status.
 */
export const ErrorCodes = {
  GENERIC: 1000,
  INVALID_URL: 1020,
  REQUEST_TIMEOUT: 1050,
  DNS: 1100,
  DNS_NO_SUCH_HOST: 1101,
  BLACKLISTED_IP: 1110,
  BLOCKED_HOSTNAME: 1111,
  TCP: 1200,
  TCP_BROKEN_PIPE: 1201,
  TCP_DIAL: 1210,
  TCP_DIAL_TIMEOUT: 1211,
  TCP_DIAL_REFUSED: 1212,
  TCP_DIAL_UNKNOWN: 1213,
  TCP_RESET_BY_PEER: 1220,
  TLS: 1300,
  X509_UNKNOWN_AUTHORITY: 1310,
  X509_HOSTNAME: 1311,
  RESPONSE_DECOMPRESSION: 1701,
} as const;

/** A response body that does not decode (k6: error_code 1701). */
export class DecompressionError extends Error {
  constructor(cause: unknown) {
    super(`error decompressing response body (${(cause as Error).message ?? String(cause)})`);
    this.name = 'DecompressionError';
  }
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

/** Maps an error to k6's code and a short k6-style message. */
export function classifyError(err: unknown): { code: number; message: string } {
  if (err instanceof RequestTimeoutError || err instanceof IdleTimeoutError) return { code: ErrorCodes.REQUEST_TIMEOUT, message: 'request timeout' };
  // k6 has no code of its own for it; the short message is llmload's.
  if (err instanceof InterruptedError) return { code: ErrorCodes.GENERIC, message: 'interrupted' };
  if (err instanceof DecompressionError) return { code: ErrorCodes.RESPONSE_DECOMPRESSION, message: err.message };
  const e = (err ?? {}) as { code?: string; message?: string; cause?: unknown; syscall?: string };
  const code = e.code ?? '';
  const msg = e.message ?? String(err);
  switch (code) {
    // runtime/net/connect-guard.ts: k6's blacklistIPs and blockHostnames refusals, with k6's short messages.
    case 'LLMLOAD_IP_BLACKLISTED':
      return { code: ErrorCodes.BLACKLISTED_IP, message: 'ip is blacklisted' };
    case 'LLMLOAD_HOSTNAME_BLOCKED':
      return { code: ErrorCodes.BLOCKED_HOSTNAME, message: 'hostname is blocked' };
    case 'ECONNREFUSED':
      return { code: ErrorCodes.TCP_DIAL_REFUSED, message: 'dial: connection refused' };
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return { code: ErrorCodes.TCP_DIAL_TIMEOUT, message: 'dial: i/o timeout' };
    case 'ECONNRESET':
      return { code: ErrorCodes.TCP_RESET_BY_PEER, message: `${e.syscall === 'write' ? 'write' : 'read'}: connection reset by peer` };
    case 'EPIPE':
      return { code: ErrorCodes.TCP_BROKEN_PIPE, message: 'write: broken pipe' };
    case 'ENOTFOUND':
      return { code: ErrorCodes.DNS_NO_SUCH_HOST, message: 'lookup: no such host' };
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return { code: ErrorCodes.DNS, message: `lookup: ${msg}` };
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return { code: ErrorCodes.TCP_DIAL_UNKNOWN, message: `dial: ${msg}` };
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return { code: ErrorCodes.GENERIC, message: `EOF (${msg})` };
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return { code: ErrorCodes.X509_HOSTNAME, message: "x509: certificate doesn't match hostname" };
    case 'ERR_INVALID_URL':
    case 'UND_ERR_INVALID_ARG':
      return { code: ErrorCodes.INVALID_URL, message: `invalid URL: ${msg}` };
  }
  if (UNKNOWN_AUTHORITY.has(code)) return { code: ErrorCodes.X509_UNKNOWN_AUTHORITY, message: 'x509: unknown authority' };
  if (code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS') || code === 'EPROTO' || code.startsWith('CERT_')) {
    return { code: ErrorCodes.TLS, message: `tls: ${msg}` };
  }
  if (e.cause && e.cause !== err) {
    const inner = classifyError(e.cause);
    if (inner.code !== ErrorCodes.GENERIC) return inner;
  }
  return { code: ErrorCodes.GENERIC, message: msg };
}
