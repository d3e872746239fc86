/**
 * Errors by which a kept-alive connection shows that the server had closed
 * it: undici's "other side closed" (the server's FIN), a reset (the server
 * closed with the request unread) and a broken pipe (the write hit the closed
 * socket). Timeouts, TLS or parse errors, or undici's own closes are not.
 */
const STALE_CODES = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/** The error is the server's close of the connection (see STALE_CODES), directly or as the cause. */
export function isStaleClose(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return STALE_CODES.has(String(e?.code ?? '')) || STALE_CODES.has(String(e?.cause?.code ?? ''));
}
