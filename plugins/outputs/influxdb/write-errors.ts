import type { HttpError } from '@influxdata/influxdb-client';
import { influx } from './client-lib.js';
import type { InfluxApi } from './config.js';

/** What to do about a failed write. */
export type WriteFailure =
  | { retry: true; reason: string; retryAfterMs?: number }
  /** `dropped`: how many of the batch's points InfluxDB threw away (all unless a partial write says otherwise). */
  | { retry: false; reason: string; key: string; dropped?: number };

/** TLS verification failures: retrying does not help, the insecure option does. */
const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

/**
 * Network errors, timeouts, 5xx, 408 and 429 are worth retrying (the database
 * is down, restarting or overloaded); other 4xx mean the request itself is
 * wrong (credentials, database/bucket, body) and would fail forever.
 */
export function classifyWriteError(err: unknown, api: InfluxApi): WriteFailure {
  if (err instanceof influx().HttpError) {
    const status = err.statusCode;
    const detail = serverMessage(err);
    if (status >= 500 || status === 429 || status === 408) {
      const after = err.retryAfter();
      return { retry: true, reason: `HTTP ${status}${detail ? `: ${detail}` : ''}`, retryAfterMs: after > 0 ? after * 1000 : undefined };
    }
    const partial = /partial write.*dropped=(\d+)/.exec(detail);
    const reason = describeHttpError(err) + hint(status, detail, api);
    return { retry: false, reason, key: `http-${status}${partial ? '-partial' : ''}`, dropped: partial ? Number(partial[1]) : undefined };
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && TLS_CODES.has(code)) {
    return { retry: false, key: `tls-${code}`, reason: `TLS: ${errorText(err)} (set LLMLOAD_INFLUXDB_INSECURE=true to skip certificate verification)` };
  }
  return { retry: true, reason: errorText(err) };
}

/** A network error as one short line: `ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:8086`, or the code alone. */
export function errorText(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof code !== 'string') return message || 'unknown error';
  return message === '' ? code : message.includes(code) ? message : `${code}: ${message}`;
}

/** `HTTP 401 Unauthorized: authorization failed` */
export function describeHttpError(err: HttpError): string {
  const detail = serverMessage(err);
  return `HTTP ${err.statusCode} ${err.statusMessage ?? ''}`.trim() + (detail ? `: ${detail}` : '');
}

/** The error text InfluxDB sent back (JSON `error`/`message`, or the body), one line, bounded. */
function serverMessage(err: HttpError): string {
  let text = '';
  const json = err.json as { error?: unknown; message?: unknown } | undefined;
  if (json && typeof json.error === 'string') text = json.error;
  else if (json && typeof json.message === 'string') text = json.message;
  else if (err.body) text = err.body;
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? text.slice(0, 297) + '...' : text;
}

function hint(status: number, detail: string, api: InfluxApi): string {
  if (status === 401 || status === 403) {
    return api === 'v1'
      ? ' (check the user and password in the URL or LLMLOAD_INFLUXDB_USERNAME/PASSWORD)'
      : ' (check LLMLOAD_INFLUXDB_TOKEN and that it may write to the bucket)';
  }
  if (status === 404) {
    return api === 'v1'
      ? ''
      : /\b(bucket|organization|org)\b.*not found/i.test(detail)
        ? ' (check LLMLOAD_INFLUXDB_ORGANIZATION and LLMLOAD_INFLUXDB_BUCKET)'
        : ' (no /api/v2/write here: InfluxDB 1.x before 1.8 needs --out influxdb=URL/database)';
  }
  if (status === 413) return ' (lower LLMLOAD_INFLUXDB_BATCH_SIZE)';
  return '';
}
