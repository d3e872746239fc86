import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../runtime/metrics/types.js';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';

let server: http.Server;
let base = '';
let connections = 0;
const received: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const u = new URL(req.url!, 'http://x');
      const delay = Number(u.searchParams.get('delay') ?? 0);
      setTimeout(() => {
        if (u.pathname === '/missing') {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('nope');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
        res.end(JSON.stringify({ ok: true, method: req.method, path: u.pathname }));
      }, delay);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
  received.length = 0;
});

/** A script whose default function runs `body` and logs what it returns as JSON. */
async function vuWith(body: string) {
  h = await harness({
    source: `import http from 'llmload/http';\nimport { group } from 'llmload';\nexport default async function () {\n${body}\n}`,
  });
  return h.factory.createVu(1);
}
const logged = () => h!.logs.map((l) => JSON.parse(l.message) as Record<string, unknown>);
const byMetric = (samples: Sample[], metric: string) => samples.filter((s) => s.metric === metric);
const HTTP_METRICS = [
  'http_reqs',
  'http_req_duration',
  'http_req_blocked',
  'http_req_connecting',
  'http_req_tls_handshaking',
  'http_req_sending',
  'http_req_waiting',
  'http_req_receiving',
  'http_req_failed',
  'data_sent',
  'data_received',
];
/** A VU's first hop also records a measured 0 of http_req_retries (after http_reqs). */
const FIRST_HOP_METRICS = [HTTP_METRICS[0]!, 'http_req_retries', ...HTTP_METRICS.slice(1)];

describe('llmload/http', () => {
  it('GET: status, body, json(), canonical headers, consistent timings', async () => {
    const vu = await vuWith(`
      const r = await http.get('${base}/a?delay=40', { headers: { 'X-Test': 1 } });
      const r2 = await http.get('${base}/b');
      console.log(JSON.stringify({ status: r.status, text: r.status_text, body: r.body, json: r.json(), ct: r.headers['Content-Type'],
        multi: r.headers['X-Multi'], t: r.timings, t2: r2.timings, err: r.error, code: r.error_code, url: r.url, proto: r.proto, req: r.request }));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const [o] = logged();
    expect(o).toMatchObject({
      status: 200,
      text: '200 OK',
      body: '{"ok":true,"method":"GET","path":"/a"}',
      json: { ok: true, method: 'GET', path: '/a' },
      ct: 'application/json',
      multi: 'a, b',
      err: '',
      code: 0,
      url: `${base}/a?delay=40`,
      proto: 'HTTP/1.1',
      req: { method: 'GET', url: `${base}/a?delay=40`, headers: { 'User-Agent': ['llmload/0.1.0'], 'X-Test': ['1'] }, body: '', cookies: {} },
    });
    expect(received[0]!.headers['x-test']).toBe('1');
    const t = o!.t as Record<string, number>;
    for (const v of Object.values(t)) expect(v).toBeGreaterThanOrEqual(0);
    expect(t.duration).toBeCloseTo(t.sending! + t.waiting! + t.receiving!, 9);
    expect(t.waiting).toBeGreaterThanOrEqual(39); // the server held the response 40 ms
    expect(t.connecting).toBeGreaterThan(0); // first request opened the connection
    const t2 = o!.t2 as Record<string, number>;
    expect(t2.connecting).toBe(0); // second one reused it (per-VU keep-alive)
    expect(t2.tls_handshaking).toBe(0);
  });

  it('sequential requests reuse one connection; concurrent ones open their own', async () => {
    const vu = await vuWith(`
      for (let i = 0; i < 5; i++) await http.get('${base}/seq');
      const rs = await Promise.all([1, 2, 3].map(() => http.get('${base}/par?delay=30')));
      console.log(JSON.stringify(rs.map((r) => r.status)));`);
    const before = connections;
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual([200, 200, 200]);
    expect(connections - before).toBe(3);
    expect(byMetric(h!.samples, 'http_req_connecting').filter((x) => x.value > 0)).toHaveLength(3);
  });

  it('records the http_req_* samples with k6 tags', async () => {
    const vu = await vuWith(`
      await group('api', () => http.get('${base}/x', { tags: { name: 'named', extra: 'y' } }));
      await http.get('${base}/missing');`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const s = h!.samples.filter((x) => x.metric !== 'group_duration');
    expect(s.map((x) => x.metric)).toEqual([...FIRST_HOP_METRICS, ...HTTP_METRICS]);
    const ok = s[0]!.tags;
    expect({ ...ok }).toEqual({
      run: 'r1',
      scenario: 'default',
      group: '::api',
      method: 'GET',
      url: 'named', // k6 ≥ 0.41: a set name becomes the url tag too
      name: 'named',
      extra: 'y',
      status: '200',
      expected_response: 'true',
      proto: 'HTTP/1.1',
    });
    const bad = s[FIRST_HOP_METRICS.length]!.tags;
    expect({ ...bad }).toEqual({
      run: 'r1',
      scenario: 'default',
      group: '',
      method: 'GET',
      url: `${base}/missing`,
      name: `${base}/missing`,
      status: '404',
      expected_response: 'false',
      proto: 'HTTP/1.1',
      error_code: '1404',
    });
    expect(byMetric(s, 'http_req_failed').map((x) => x.value)).toEqual([0, 1]);
    expect(byMetric(s, 'http_reqs').map((x) => x.value)).toEqual([1, 1]);
    for (const x of [...byMetric(s, 'data_sent'), ...byMetric(s, 'data_received')]) expect(x.value).toBeGreaterThan(50);
  });

  it('POST: object bodies go out as forms (k6); strings as they are', async () => {
    const vu = await vuWith(`
      const a = await http.post('${base}/p', { model: 'm', n: 1 });
      const b = await http.put('${base}/p', 'raw text', { headers: { 'content-type': 'text/plain' } });
      const c = await http.del('${base}/p');
      console.log(JSON.stringify([a.json().method, b.json().method, c.json().method]));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual(['POST', 'PUT', 'DELETE']);
    expect(received.map((r) => [r.method, r.headers['content-type'], r.body])).toEqual([
      ['POST', 'application/x-www-form-urlencoded', 'model=m&n=1'],
      ['PUT', 'text/plain', 'raw text'],
      ['DELETE', undefined, ''],
    ]);
  });

  it("connection refused: status 0, error_code 1212, body '', failed samples", async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const vu = await vuWith(`
      const r = await http.get('http://127.0.0.1:${port}/');
      console.log(JSON.stringify({ status: r.status, error: r.error, code: r.error_code, body: r.body, d: r.timings.duration }));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual({ status: 0, error: 'dial: connection refused', code: 1212, body: '', d: 0 });
    const s = h!.samples;
    expect(s.map((x) => x.metric)).toEqual(FIRST_HOP_METRICS);
    expect(s[0]!.tags).toMatchObject({ status: '0', expected_response: 'false', error_code: '1212', error: 'dial: connection refused' });
    expect(s[0]!.tags.proto).toBeUndefined();
    expect(byMetric(s, 'http_req_failed')[0]!.value).toBe(1);
  });

  it('timeout: status 0, error_code 1050 after params.timeout', async () => {
    const vu = await vuWith(`
      const t0 = Date.now();
      const r = await http.get('${base}/slow?delay=2000', { timeout: '150ms' });
      console.log(JSON.stringify({ status: r.status, code: r.error_code, error: r.error, took: Date.now() - t0 }));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const o = logged()[0]!;
    expect(o).toMatchObject({ status: 0, code: 1050, error: 'request timeout' });
    expect(o.took).toBeGreaterThanOrEqual(145);
    expect(o.took).toBeLessThan(1000);
    expect(byMetric(h!.samples, 'http_req_failed')[0]!.tags.error_code).toBe('1050');
  });

  it('invalid URLs: error_code 1020, no samples', async () => {
    const vu = await vuWith(`
      const r = await http.get('ftp://example/');
      console.log(JSON.stringify({ status: r.status, code: r.error_code }));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual({ status: 0, code: 1020 });
    expect(h!.samples).toEqual([]);
  });

  it('interrupt() aborts a slow request: the iteration is interrupted and the request counts as failed, without timings', async () => {
    const vu = await vuWith(`await http.get('${base}/slow?delay=3000');`);
    const t0 = performance.now();
    const p = vu.iterate(info(0), undefined);
    setTimeout(() => vu.interrupt(), 100);
    expect(await p).toEqual({ status: 'interrupted' });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(h!.samples.map((s) => [s.metric, s.value, s.tags.status])).toEqual([
      ['http_reqs', 1, '0'],
      ['http_req_failed', 1, '0'],
    ]);
  });

  it('counts bytes on the wire exactly', async () => {
    const reply = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: keep-alive\r\n\r\nhello';
    let inBytes = 0;
    const raw = net.createServer((sock) => {
      sock.on('data', (d) => {
        inBytes += d.length;
        if (d.includes('\r\n\r\n')) sock.write(reply);
      });
    });
    await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
    try {
      const port = (raw.address() as AddressInfo).port;
      const vu = await vuWith(`const r = await http.get('http://127.0.0.1:${port}/bytes'); console.log(JSON.stringify(r.body));`);
      expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
      expect(logged()[0]).toBe('hello');
      expect(byMetric(h!.samples, 'data_received')[0]!.value).toBe(Buffer.byteLength(reply));
      expect(byMetric(h!.samples, 'data_sent')[0]!.value).toBe(inBytes);
    } finally {
      h?.factory.dispose();
      h = undefined;
      await new Promise<void>((r) => raw.close(() => r()));
    }
  });
});
