import http from 'node:http';
import type { AddressInfo } from 'node:net';
import snappy from 'snappyjs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseRwConfig, type RwConfig } from '../../plugins/examples/prometheus-remote-write/config.js';
import { labelName, metricName, statSuffix } from '../../plugins/examples/prometheus-remote-write/names.js';
import { Sender, type SenderEvents } from '../../plugins/examples/prometheus-remote-write/sender.js';
import { SeriesStore, STALE_NAN, type Point } from '../../plugins/examples/prometheus-remote-write/series-store.js';
import { decodeWriteRequest, encodeWriteRequest } from '../../plugins/examples/prometheus-remote-write/write-request.js';
import type { MetricType } from '../../runtime/metrics/types.js';

/** A receiver that answers each request with the next status of `script` (then 204), keeping what it got. */
async function receiver(script: number[] = []) {
  const got: { headers: http.IncomingHttpHeaders; points: Point[] }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = script.shift() ?? 204;
      if (status < 300) got.push({ headers: req.headers, points: decodeWriteRequest(new Uint8Array(Buffer.concat(chunks))) });
      res.statusCode = status;
      res.end(status < 300 ? '' : `status ${status}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/write`;
  return { url, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

function config(over: Partial<RwConfig> = {}): RwConfig {
  return { ...parseRwConfig('prometheus-rw', 'http://127.0.0.1:1/api/v1/write', {}), ...over };
}

function events() {
  const log: string[] = [];
  const ev: SenderEvents = {
    outage: (r) => log.push(`outage ${r}`),
    recovered: () => log.push('recovered'),
    refused: (r) => log.push(`refused ${r}`),
    overflow: (b) => log.push(`overflow ${b}`),
  };
  return { log, ev };
}

const point = (name: string, value: number, timestamp: number): Point => ({ labels: [{ name: '__name__', value: name }], value, timestamp });

describe('remote-write request', () => {
  it('is a snappy-compressed protobuf WriteRequest that decodes to the same points (int64 ms timestamps)', () => {
    const points = [
      point('a_total', 3, 1_700_000_000_123),
      {
        labels: [
          { name: '__name__', value: 'b' },
          { name: 'x', value: 'é' },
        ],
        value: -1.5,
        timestamp: 1,
      },
    ];
    expect(decodeWriteRequest(encodeWriteRequest(points))).toEqual(points);
  });

  it("writes a NaN as Prometheus' stale marker, bit for bit (JS numbers cannot carry that NaN)", () => {
    const raw = Buffer.from(snappy.uncompress(encodeWriteRequest([point('a', STALE_NAN, 5), point('b', 0.5, 6)])));
    // Sample.value: field 1, 64-bit wire type, then 0x7ff0000000000002 little-endian.
    expect(raw.includes(Buffer.from([0x09, 0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]))).toBe(true);
    expect(decodeWriteRequest(encodeWriteRequest([point('b', 0.5, 6)]))[0]!.value).toBe(0.5);
  });
});

describe('Sender', () => {
  it('POSTs with the remote-write headers and credentials; retries 5xx/429 with the batch kept first; never retries 4xx', async () => {
    const rx = await receiver([503, 429, 204, 400]);
    closers.push(rx.close);
    const { log, ev } = events();
    const cfg = parseRwConfig('prometheus-rw', rx.url.replace('http://', 'http://u:p%40ss@'), { LLMLOAD_PROMETHEUS_RW_BATCH_SIZE: '2' });
    const s = new Sender(cfg, ev);
    s.add([point('a', 1, 1), point('a', 2, 2), point('a', 3, 3)]);
    await s.close(10_000);
    // 503 and 429: the first batch again, until written; 400: the second one refused for good.
    expect(rx.got.map((g) => g.points.map((p) => p.value))).toEqual([[1, 2]]);
    expect(s.stats).toMatchObject({ written: 2, requests: 4, failedRequests: 3, dropped: { refused: 1, overflow: 0, unflushed: 0 } });
    expect(log).toEqual(['outage HTTP 503: status 503', 'recovered', 'refused HTTP 400: status 400']);
    const h = rx.got[0]!.headers;
    expect(h).toMatchObject({ 'content-encoding': 'snappy', 'content-type': 'application/x-protobuf', 'x-prometheus-remote-write-version': '0.1.0' });
    expect(h.authorization).toBe(`Basic ${Buffer.from('u:p@ss').toString('base64')}`);
  });

  it('keeps at most BUFFER_POINTS, dropping the oldest; a receiver that never answers leaves the rest unsent at the flush timeout', async () => {
    const { log, ev } = events();
    const s = new Sender(config({ bufferPoints: 3 }), ev);
    s.add([point('a', 1, 1), point('a', 2, 2)]);
    s.add([point('a', 3, 3), point('a', 4, 4), point('a', 5, 5)]);
    expect(s.buffered).toBe(3);
    expect(s.stats.dropped.overflow).toBe(2);
    expect(log).toEqual(['overflow 3']);
    await s.close(300); // 127.0.0.1:1 refuses connections
    expect(s.stats.dropped).toEqual({ overflow: 2, refused: 0, unflushed: 3 });
    expect(s.stats.written).toBe(0);
    expect(log[1]).toMatch(/^outage /);
  });
});

describe('SeriesStore', () => {
  const types: Record<string, MetricType> = { reqs: 'counter', reqs_total: 'counter', vus: 'gauge', ok: 'rate', lat: 'trend' };
  const store = () => new SeriesStore({ namespace: 'llmload_', trendStats: ['p(99.9)', 'count', 'med'], staticLabels: { env: 'ci' }, typeOf: (m) => types[m] });
  const names = (ps: Point[]) => ps.map((p) => `${p.labels.find((l) => l.name === '__name__')!.value}=${p.value}`);

  it("maps k6's way: counters _total (not doubled), gauges as is, rates _rate, trends one series per stat; only changed series", () => {
    const s = store();
    const tags = { scenario: 'a' };
    for (const [metric, value] of [
      ['reqs', 1],
      ['reqs', 2],
      ['reqs_total', 5],
      ['vus', 3],
      ['vus', 2],
      ['ok', 1],
      ['ok', 0],
      ['ok', 1],
      ['ok', 1],
    ] as const)
      s.add({ metric, value, time: 1000.7, tags });
    // Below 2.048 the histogram is exact: p(99.9) of 0.001…1 interpolates between 0.999 and 1.
    for (let i = 1; i <= 1000; i++) s.add({ metric: 'lat', value: i / 1000, time: 1001, tags });
    const first = s.take();
    expect(names(first.slice(0, 4))).toEqual(['llmload_reqs_total=3', 'llmload_reqs_total=5', 'llmload_vus=2', 'llmload_ok_rate=0.75']);
    expect(names(first.slice(4)).map((n) => n.split('=')[0])).toEqual(['llmload_lat_p999', 'llmload_lat_count', 'llmload_lat_med']);
    expect(first[4]!.value).toBeCloseTo(0.999001, 12);
    expect(first[5]!.value).toBe(1000);
    expect(first[6]!.value).toBeCloseTo(0.5005, 12);
    expect(first.map((p) => p.timestamp)).toEqual([1000, 1000, 1000, 1000, 1001, 1001, 1001]);
    s.add({ metric: 'reqs', value: 4, time: 1000.2, tags });
    const [next, ...rest] = s.take();
    expect(rest).toEqual([]);
    // Running sum; and a later point never shares the previous one's timestamp.
    expect(next).toMatchObject({ value: 7, timestamp: 1001 });
  });

  it('sanitises names; tags become sorted labels (empty ones dropped, static ones win, `__` names kept off)', () => {
    const s = store();
    s.add({ metric: 'vus', value: 1, time: 5, tags: { 'group-name': 'x', env: 'tag', __secret: 'y', empty: '', '9lives': 'z' } });
    const [p] = s.take();
    expect(p!.labels).toEqual([
      { name: '_9lives', value: 'z' },
      { name: '__name__', value: 'llmload_vus' },
      { name: 'env', value: 'ci' },
      { name: 'group_name', value: 'x' },
      { name: 'tag__secret', value: 'y' },
    ]);
    expect([metricName('a.b-c'), metricName('1x'), labelName('a:b'), statSuffix('p(99.9)'), statSuffix('avg')]).toEqual(['a_b_c', '_1x', 'a_b', 'p999', 'avg']);
  });

  it('skips NaN and Infinity (counted); stale markers end every series after its last point', () => {
    const s = store();
    s.add({ metric: 'vus', value: NaN, time: 1, tags: {} });
    s.add({ metric: 'vus', value: Infinity, time: 1, tags: {} });
    s.add({ metric: 'vus', value: 1, time: 10, tags: {} });
    expect(s.notWritable).toBe(2);
    s.take();
    const stale = s.staleMarkers(5);
    expect(stale).toHaveLength(1);
    expect(stale[0]!.timestamp).toBe(11);
    expect(Number.isNaN(stale[0]!.value)).toBe(true);
  });
});

describe('parseRwConfig', () => {
  it('reads LLMLOAD_PROMETHEUS_RW_* over K6_PROMETHEUS_RW_*; the URL argument wins over SERVER_URL', () => {
    const c = parseRwConfig('prometheus-rw', '', {
      K6_PROMETHEUS_RW_SERVER_URL: 'http://k6:9090/api/v1/write',
      K6_PROMETHEUS_RW_PUSH_INTERVAL: '5s',
      LLMLOAD_PROMETHEUS_RW_PUSH_INTERVAL: '2s',
      K6_PROMETHEUS_RW_TREND_STATS: 'p(95), max',
      K6_PROMETHEUS_RW_HTTP_HEADERS: 'x-a:1,x-b:2',
      'K6_PROMETHEUS_RW_HEADERS_X-Tenant': 't1',
      K6_PROMETHEUS_RW_BEARER_TOKEN: 'tok',
      K6_PROMETHEUS_RW_LABELS: 'env=prod, job=ci',
    });
    expect(c).toMatchObject({
      url: 'http://k6:9090/api/v1/write',
      pushIntervalMs: 2000,
      trendStats: ['p(95)', 'max'],
      staticLabels: { env: 'prod', job: 'ci' },
    });
    expect(c.headers).toEqual({ authorization: 'Bearer tok', 'x-a': '1', 'x-b': '2', 'x-tenant': 't1' });
    expect(parseRwConfig('prometheus-rw', 'http://arg:1/w', { LLMLOAD_PROMETHEUS_RW_SERVER_URL: 'http://env:1/w' }).url).toBe('http://arg:1/w');
    expect(parseRwConfig('prometheus-rw', '', {})).toMatchObject({ url: 'http://localhost:9090/api/v1/write', pushIntervalMs: 1000, namespace: 'llmload_' });
  });

  it('refuses what it cannot honour, naming the variable, never echoing a password', () => {
    const bad =
      (env: Record<string, string>, arg = '') =>
      () =>
        parseRwConfig('prometheus-rw', arg, env);
    expect(bad({ LLMLOAD_PROMETHEUS_RW_PUSH_INTERVL: '1s' })).toThrow(
      'LLMLOAD_PROMETHEUS_RW_PUSH_INTERVL: unknown remote-write output option (did you mean LLMLOAD_PROMETHEUS_RW_PUSH_INTERVAL?)',
    );
    expect(bad({ K6_PROMETHEUS_RW_TREND_AS_NATIVE_HISTOGRAM: 'true' })).toThrow('native histograms are not supported');
    expect(bad({ K6_PROMETHEUS_RW_SIGV4_REGION: 'eu' })).toThrow('K6_PROMETHEUS_RW_SIGV4_REGION: is not supported by this output: AWS SigV4');
    expect(bad({ LLMLOAD_PROMETHEUS_RW_TREND_STATS: 'p95' })).toThrow('has an unknown stat "p95"');
    expect(bad({ LLMLOAD_PROMETHEUS_RW_NAMESPACE: 'my-app' })).toThrow('must be a metric-name prefix');
    expect(bad({ LLMLOAD_PROMETHEUS_RW_LABELS: 'novalue' })).toThrow('expected a comma-separated list of key=value');
    expect(bad({}, 'ftp://h/x')).toThrow('unsupported URL scheme "ftp:"');
    let msg = '';
    try {
      parseRwConfig('prometheus-rw', 'http://u:hunter2@ bad', {});
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toContain('--out prometheus-rw=…: expected a URL');
    expect(msg).not.toContain('hunter2');
  });
});
