import type { InfluxDB, WriteApi } from '@influxdata/influxdb-client';
import { influx as influxLib } from './client-lib.js';
import type { InfluxConfig } from './config.js';
import type { InfluxWriter } from './shipper.js';
import { describeHttpError } from './write-errors.js';

/** Per-request socket timeout: a hung server must not hold a batch forever. */
const REQUEST_TIMEOUT_MS = 10_000;
/** Bodies above this are gzipped (off the main thread, by zlib's pool)… */
const GZIP_THRESHOLD = 1000;

/** …unless InfluxDB runs on this machine, where compressing only takes CPU from the load. */
function gzipThreshold(cfg: InfluxConfig): number | undefined {
  const host = new URL(cfg.baseUrl).hostname;
  return host === 'localhost' || host === '[::1]' || /^127\./.test(host) ? undefined : GZIP_THRESHOLD;
}

/** A writer plus what start() needs: a reachability check and (v1) the database. */
export interface InfluxTarget extends InfluxWriter {
  /** Resolves when the server answers at all (any HTTP status); rejects with a network error or timeout. */
  ping(timeoutMs: number): Promise<void>;
  /** v1: `CREATE DATABASE` (idempotent). Resolves with a problem to report, if any. */
  prepare(): Promise<string | undefined>;
  /** Stops pending work (v2: the client's own buffers). */
  dispose(): void;
}

function client(cfg: InfluxConfig, token?: string): InfluxDB {
  return new (influxLib().InfluxDB)({
    url: cfg.baseUrl,
    token,
    timeout: REQUEST_TIMEOUT_MS,
    transportOptions: cfg.insecure ? { rejectUnauthorized: false } : {},
  });
}

async function ping(influx: InfluxDB, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  try {
    await influx.transport.request('/ping', '', { method: 'GET', headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    if (!(err instanceof influxLib().HttpError)) throw err; // any answer means reachable
  }
}

/**
 * InfluxDB 1.x: `POST /write?db=&precision=` with basic auth, through the
 * client library's transport (TLS options, gzip, error parsing). The database
 * is created before the first write (and again if a restarted server lost it).
 */
export function v1Target(cfg: InfluxConfig): InfluxTarget {
  const influx = client(cfg);
  const auth: Record<string, string> =
    cfg.username !== undefined ? { authorization: 'Basic ' + Buffer.from(`${cfg.username}:${cfg.password ?? ''}`).toString('base64') } : {};
  const gzip = gzipThreshold(cfg);
  const writePath = `/write?db=${encodeURIComponent(cfg.database)}&precision=${cfg.precision}`;
  let created = false;

  const createDatabase = async (): Promise<string | undefined> => {
    const body = new URLSearchParams({ q: `CREATE DATABASE ${influxLib().escape.quoted(cfg.database)}` }).toString();
    try {
      const res = (await influx.transport.request('/query', body, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...auth },
      })) as { results?: Array<{ error?: string }> } | undefined;
      created = true;
      const error = res?.results?.[0]?.error;
      return error ? `could not create database "${cfg.database}": ${error}` : undefined;
    } catch (err) {
      if (!(err instanceof influxLib().HttpError)) throw err;
      // No right to create it is fine when it exists; a failing write reports the rest.
      created = true;
      return `could not create database "${cfg.database}": ${describeHttpError(err)}`;
    }
  };

  const send = (lines: string[], signal: AbortSignal) =>
    influx.transport.request(writePath, lines.join('\n'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8', ...auth },
      gzipThreshold: gzip,
      signal,
    });

  return {
    ping: (timeoutMs) => ping(influx, auth, timeoutMs),
    prepare: createDatabase,
    async write(lines, signal) {
      if (!created) await createDatabase();
      try {
        await send(lines, signal);
      } catch (err) {
        const missing = err instanceof influxLib().HttpError && err.statusCode === 404 && /database not found/.test(err.body ?? '');
        if (!missing) throw err;
        await createDatabase();
        await send(lines, signal);
      }
    },
    dispose() {},
  };
}

/**
 * `/api/v2/write` (InfluxDB 2.x, 3.x, 1.8+, VictoriaMetrics) through the
 * client's WriteApi. The WriteApi is used as a plain sender (no retries, no
 * timer): its own retry buffer drops lines after a retry deadline and
 * retries batches independently, while the shipper keeps one ordered,
 * bounded buffer that survives any outage. On InfluxDB 1.8 the token is
 * `user:password`.
 */
export function v2Target(cfg: InfluxConfig): InfluxTarget {
  const token = cfg.token ?? (cfg.username !== undefined ? `${cfg.username}:${cfg.password ?? ''}` : undefined);
  const influx = client(cfg, token);
  let api: WriteApi | undefined;
  const writeApi = () =>
    (api ??= influx.getWriteApi(cfg.org ?? '', cfg.bucket ?? '', cfg.precision, {
      // One more than a shipper batch, so the WriteApi never flushes on its own (and swallows the error).
      batchSize: cfg.batchSize + 1,
      maxBatchBytes: Number.POSITIVE_INFINITY,
      flushInterval: 0,
      maxRetries: 0,
      gzipThreshold: gzipThreshold(cfg),
      // Hand every failure to the shipper instead of the client's logger and retry buffer.
      writeFailed: (error: Error) => Promise.reject(error),
    }));
  return {
    ping: (timeoutMs) => ping(influx, {}, timeoutMs), // the client adds the token header itself
    prepare: async () => undefined,
    write(lines, signal) {
      const w = writeApi();
      w.writeRecords(lines);
      const flushed = w.flush();
      // The WriteApi takes no abort signal: stop waiting for it instead.
      return new Promise<void>((resolve, reject) => {
        const onAbort = () => reject(signal.reason ?? new Error('aborted'));
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        flushed.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
    dispose() {
      api?.dispose();
    },
  };
}
