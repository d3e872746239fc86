import { describe, expect, test } from 'vitest';
import { influx } from '../../plugins/outputs/influxdb/client-lib.js';
import { Shipper, type InfluxWriter, type ShipperEvents } from '../../plugins/outputs/influxdb/shipper.js';
import { classifyWriteError } from '../../plugins/outputs/influxdb/write-errors.js';

// The class the output checks against (the package is loaded lazily, as CommonJS).
const { HttpError } = influx();
const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => `m value=${from + i}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8086'), { code: 'ECONNREFUSED' });

/** A writer that fails while `down` is set, and records what it wrote. */
function fakeWriter() {
  const state = {
    down: false as boolean | (() => Error),
    written: [] as string[],
    attempts: 0,
    writer: {
      async write(batch: string[]) {
        state.attempts++;
        await sleep(1);
        if (state.down) throw typeof state.down === 'function' ? state.down() : refused();
        state.written.push(...batch);
      },
    } as InfluxWriter,
  };
  return state;
}

function recorder() {
  const log: string[] = [];
  const events: ShipperEvents = {
    outage: (r, n) => log.push(`outage ${r} ${n}`),
    recovered: (_ms, n) => log.push(`recovered ${n}`),
    rejected: (r) => log.push(`rejected ${r}`),
    overflow: (b) => log.push(`overflow ${b}`),
  };
  return { log, events };
}

const fast = { api: 'v1' as const, minDelayMs: 5, maxDelayMs: 20 };

describe('InfluxDB shipper', () => {
  test('writes in batches, oldest first', async () => {
    const w = fakeWriter();
    const s = new Shipper(w.writer, { ...fast, batchSize: 3, bound: 100 }, recorder().events);
    s.add(lines(0, 7));
    s.kick();
    await s.close(1000);
    expect(w.written).toEqual(lines(0, 7));
    expect(s.stats).toMatchObject({ written: 7, requests: 3, dropped: { overflow: 0, rejected: 0, unflushed: 0 } });
  });

  test('an outage buffers and retries; everything arrives, in order, when the database is back', async () => {
    const w = fakeWriter();
    const { log, events } = recorder();
    const s = new Shipper(w.writer, { ...fast, batchSize: 4, bound: 1000 }, events);
    w.down = true;
    for (let i = 0; i < 10; i++) {
      s.add(lines(i * 5, 5));
      s.kick();
      await sleep(3);
    }
    expect(w.written).toEqual([]);
    expect(w.attempts).toBeGreaterThan(1);
    w.down = false;
    await s.close(2000);
    expect(w.written).toEqual(lines(0, 50));
    expect(s.stats.dropped).toEqual({ overflow: 0, rejected: 0, unflushed: 0 });
    expect(log[0]).toBe('outage connect ECONNREFUSED 127.0.0.1:8086 5');
    expect(log.filter((l) => l.startsWith('outage'))).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('recovered'))).toHaveLength(1);
  });

  test('5xx and 429 are retried (Retry-After honoured); the batch is not lost', async () => {
    const w = fakeWriter();
    let n = 0;
    w.down = () =>
      n++ === 0 ? new HttpError(503, 'Service Unavailable', '{"error":"busy"}', null, 'application/json') : new HttpError(429, 'Too Many Requests', '', '0');
    const s = new Shipper(w.writer, { ...fast, batchSize: 10, bound: 100 }, recorder().events);
    s.add(lines(0, 3));
    s.kick();
    await sleep(40);
    w.down = false;
    await s.close(1000);
    expect(w.written).toEqual(lines(0, 3));
    expect(classifyWriteError(new HttpError(429, 'x', '', '7'), 'v2')).toMatchObject({ retry: true, retryAfterMs: 7000 });
  });

  test('beyond the bound new points are dropped and counted; the buffered ones still arrive', async () => {
    const w = fakeWriter();
    const { log, events } = recorder();
    w.down = true;
    const s = new Shipper(w.writer, { ...fast, batchSize: 10, bound: 25 }, events);
    s.add(lines(0, 20));
    s.add(lines(20, 20));
    expect(s.buffered).toBe(25);
    expect(s.stats.dropped.overflow).toBe(15);
    w.down = false;
    s.kick();
    await s.close(1000);
    expect(w.written).toEqual(lines(0, 25));
    expect(log).toContain('overflow 25');
  });

  test('4xx: the batch is dropped and counted, the refusal reported once per kind, later batches still go', async () => {
    const w = fakeWriter();
    const { log, events } = recorder();
    w.down = () => new HttpError(401, 'Unauthorized', '{"error":"authorization failed"}', null, 'application/json');
    const s = new Shipper(w.writer, { ...fast, batchSize: 2, bound: 100 }, events);
    s.add(lines(0, 5));
    s.kick();
    await sleep(30);
    w.down = false;
    s.add(lines(5, 1));
    await s.close(1000);
    expect(w.written).toEqual(lines(5, 1));
    expect(s.stats.dropped.rejected).toBe(5);
    expect(log).toEqual([
      'rejected HTTP 401 Unauthorized: authorization failed (check the user and password in the URL or LLMLOAD_INFLUXDB_USERNAME/PASSWORD)',
    ]);
  });

  test('a partial write counts only the points InfluxDB dropped', async () => {
    const w = fakeWriter();
    w.down = () =>
      new HttpError(
        400,
        'Bad Request',
        '{"error":"partial write: field type conflict: input field \\"value\\" on measurement \\"m\\" is type integer, already exists as type float dropped=2"}',
        null,
        'application/json',
      );
    const s = new Shipper(w.writer, { ...fast, batchSize: 10, bound: 100 }, recorder().events);
    s.add(lines(0, 10));
    await s.close(1000);
    expect(s.stats).toMatchObject({ written: 8, dropped: { rejected: 2 } });
  });

  test('close() gives up after the flush timeout: the rest is counted as unflushed', async () => {
    const w = fakeWriter();
    w.down = true;
    const s = new Shipper(w.writer, { ...fast, batchSize: 10, bound: 100 }, recorder().events);
    s.add(lines(0, 30));
    const t0 = Date.now();
    await s.close(100);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(s.stats.dropped.unflushed).toBe(30);
    expect(s.stats.written).toBe(0);
    s.add(lines(0, 2)); // after close: counted, never sent
    expect(s.stats.dropped.unflushed).toBe(32);
  });

  test('a hung write is aborted at the flush timeout', async () => {
    let aborted = false;
    const writer: InfluxWriter = {
      write: (_l, signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          }),
        ),
    };
    const s = new Shipper(writer, { ...fast, batchSize: 10, bound: 100 }, recorder().events);
    s.add(lines(0, 3));
    await s.close(50);
    expect(aborted).toBe(true);
    expect(s.stats.dropped.unflushed).toBe(3);
  });

  test('classification: network errors retry, TLS errors and 404s do not', () => {
    expect(classifyWriteError(refused(), 'v1')).toMatchObject({ retry: true });
    expect(classifyWriteError(Object.assign(new Error(''), { code: 'ECONNRESET' }), 'v1')).toEqual({ retry: true, reason: 'ECONNRESET' });
    const tls = classifyWriteError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'v2');
    expect(tls).toMatchObject({ retry: false });
    expect(tls.reason).toContain('LLMLOAD_INFLUXDB_INSECURE=true');
    const nf = classifyWriteError(new HttpError(404, 'Not Found', '{"code":"not found","message":"bucket \\"x\\" not found"}', null, 'application/json'), 'v2');
    expect(nf).toMatchObject({ retry: false });
    expect(nf.reason).toBe('HTTP 404 Not Found: bucket "x" not found (check LLMLOAD_INFLUXDB_ORGANIZATION and LLMLOAD_INFLUXDB_BUCKET)');
  });
});
