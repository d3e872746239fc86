import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpEndpoint } from '../../plugins/endpoints/http/index.js';
import { endpointsOf } from '../support/endpoints.js';
import { openaiEndpoint } from '../../plugins/endpoints/openai/index.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { networkSettings, type ResolvedNetworkOptions } from '../../runtime/options/network.js';
import { systemTagSet } from '../../runtime/options/system-tags.js';
import type { Vu } from '../../runtime/vu/types.js';
import { fixturesDir, harness, info, type Harness } from '../fixtures/scripts/_harness.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * k6's network options (issue 11) in real VUs: the real endpoints, undici and
 * a local server that counts its connections and stamps each request's
 * arrival (performance.now(), the same clock as the test's).
 */
interface CountingServer {
  url: string;
  port: number;
  connections: number;
  arrivals: number[];
  close(): Promise<void>;
}

async function startCounting(): Promise<CountingServer> {
  const s = { connections: 0, arrivals: [] as number[] };
  const server = http.createServer((req, res) => {
    s.arrivals.push(performance.now());
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  server.on('connection', () => s.connections++);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get connections() {
      return s.connections;
    },
    get arrivals() {
      return s.arrivals;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

let srv: CountingServer;
let llm: SseServer;
let h: Harness | undefined;
const infoLines: string[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-net-'));
let seq = 0;
beforeAll(async () => {
  srv = await startCounting();
  llm = await startSseServer();
});
afterAll(async () => {
  await srv.close();
  await llm.close();
});
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
  infoLines.length = 0;
});

const NONE: ResolvedNetworkOptions = { blockHostnames: [], blacklistIPs: [], rps: 0, noVUConnectionReuse: false, httpDebug: '' };

interface Setup {
  network?: Partial<ResolvedNetworkOptions>;
  /** k6's http options (hosts…). */
  extra?: Record<string, unknown>;
  systemTags?: string[];
}

/**
 * A factory whose default function runs `body`, with `http` (llmload/http)
 * and `client` (llmload/openai, against the scripted LLM server) in scope,
 * both endpoints configured as the runtime does. `out(x)` logs x.
 */
async function factoryWith(body: string, setup: Setup = {}): Promise<Harness> {
  h?.factory.dispose();
  const network = networkSettings({ ...NONE, ...setup.network });
  const systemTags = systemTagSet(
    setup.systemTags ?? [
      'status',
      'method',
      'url',
      'name',
      'group',
      'check',
      'error',
      'error_code',
      'scenario',
      'expected_response',
      'model',
      'endpoint',
      'stream',
      'finish_reason',
      'error_type',
      'proto',
      'tls_version',
    ],
  );
  const endpoints = new Map();
  const file = path.join(dir, `net${seq++}.ts`);
  writeFileSync(
    file,
    `import http from 'llmload/http';\nimport openai from 'llmload/openai';\nimport { check, group } from 'llmload';\n` +
      `const client = openai.client({ baseUrl: '${llm.url}', apiKey: 'k', model: 'm' });\n` +
      `const out = (x: unknown) => console.log('@' + JSON.stringify(x));\nexport default async function () {\n${body}\n}\n`,
  );
  h = await harness({ file: path.relative(fixturesDir, file) }, { endpoints });
  h.host.systemTags = systemTags;
  for (const [name, ep] of endpointsOf([httpEndpoint, openaiEndpoint], {
    extra: setup.extra ?? {},
    network,
    systemTags,
    cwd: dir,
    info: (m) => infoLines.push(m),
  }))
    endpoints.set(name, ep);
  return h;
}

async function run(vu: Vu, iter = 0): Promise<any[]> {
  const before = h!.logs.length;
  const r = await vu.iterate(info(iter), undefined);
  if (r.status !== 'ok') throw new Error(`iteration: ${JSON.stringify(r)}`);
  return h!.logs
    .slice(before)
    .filter((l) => l.message.startsWith('@'))
    .map((l) => JSON.parse(l.message.slice(1)));
}
const samples = (metric: string): Sample[] => h!.samples.filter((s) => s.metric === metric);
const pick = (r: string) => `{ status: ${r}.status, error: ${r}.error, error_code: ${r}.error_code }`;

describe('blockHostnames', () => {
  it('a blocked name fails with 1111 before any connection; *.suffix patterns; hosts cannot route around it', async () => {
    const before = { c: srv.connections, a: srv.arrivals.length };
    const f = await factoryWith(
      `const a = await http.get('http://localhost:${srv.port}/');
       const b = await http.get('http://api.blocked.test:${srv.port}/');
       const c = await http.get('http://API.Blocked.TEST:${srv.port}/');
       const d = await http.get('http://fine.test:${srv.port}/');
       out([${pick('a')}, ${pick('b')}, ${pick('c')}, d.status]);`,
      { network: { blockHostnames: ['localhost', '*.blocked.test'] }, extra: { hosts: { '*.test': '127.0.0.1' } } },
    );
    const [[a, b, c, d]] = await run(await f.factory.createVu(1));
    const blocked = { status: 0, error: 'hostname is blocked', error_code: 1111 };
    expect([a, b, c]).toEqual([blocked, blocked, blocked]);
    expect(d).toBe(200);
    // Only fine.test reached the server.
    expect(srv.connections - before.c).toBe(1);
    expect(srv.arrivals.length - before.a).toBe(1);
    expect(samples('http_reqs').map((s) => s.tags.error_code)).toEqual(['1111', '1111', '1111', undefined]);
  });

  it('a redirect to a blocked host: the first hop is made, the blocked one fails', async () => {
    const before = srv.arrivals.length;
    // The counting server always answers 200: redirect through a tiny server of its own.
    const hop = http.createServer((_req, res) => res.writeHead(302, { Location: `http://x.blocked.test:${srv.port}/` }).end());
    await new Promise<void>((r) => hop.listen(0, '127.0.0.1', r));
    const port = (hop.address() as AddressInfo).port;
    const f2 = await factoryWith(
      `const r = await http.get('http://127.0.0.1:${port}/start');
       out(${pick('r')});`,
      { network: { blockHostnames: ['*.blocked.test'] }, extra: { hosts: { '*.test': '127.0.0.1' } } },
    );
    const [r] = await run(await f2.factory.createVu(1));
    hop.close();
    expect(r).toEqual({ status: 0, error: 'hostname is blocked', error_code: 1111 });
    expect(samples('http_reqs').map((s) => [s.tags.status, s.tags.error_code])).toEqual([
      ['302', undefined],
      ['0', '1111'],
    ]);
    expect(srv.arrivals.length).toBe(before);
  });

  it('llmload/openai: a connect_error "hostname is blocked", nothing sent', async () => {
    const before = llm.requests.length;
    const f = await factoryWith(
      `const c = openai.client({ baseUrl: 'http://localhost:${new URL(llm.url).port}', apiKey: 'k', model: 'm' });
       const r = await c.chat({ messages: [] });
       out([r.ok, r.status, r.error]);`,
      { network: { blockHostnames: ['LOCALHOST'] } },
    );
    const [r] = await run(await f.factory.createVu(1));
    expect(r).toEqual([false, 0, { type: 'connect_error', message: 'hostname is blocked', status: 0 }]);
    expect(llm.requests.length).toBe(before);
    expect(samples('llm_req_failed')[0]!.tags.error_type).toBe('connect_error');
  });
});

describe('blacklistIPs', () => {
  it('literal IPs, names resolving into a range and hosts overrides fail with 1110; other ranges let them through', async () => {
    const before = srv.arrivals.length;
    const body = `const a = await http.get('http://127.0.0.1:${srv.port}/');
       const b = await http.get('http://localhost:${srv.port}/');
       const c = await http.get('http://api.test:${srv.port}/');
       out([${pick('a')}, ${pick('b')}, ${pick('c')}]);`;
    const f = await factoryWith(body, { network: { blacklistIPs: ['127.0.0.0/8', '::1/128'] }, extra: { hosts: { 'api.test': '127.0.0.1' } } });
    const [[a, b, c]] = await run(await f.factory.createVu(1));
    const refused = { status: 0, error: 'ip is blacklisted', error_code: 1110 };
    expect([a, b, c]).toEqual([refused, refused, refused]);
    expect(srv.arrivals.length).toBe(before);

    const open = await factoryWith(body, { network: { blacklistIPs: ['10.0.0.0/8', 'fd00::/8'] }, extra: { hosts: { 'api.test': '127.0.0.1' } } });
    const [[x, y, z]] = await run(await open.factory.createVu(1));
    expect([x.status, y.status, z.status]).toEqual([200, 200, 200]);
  });

  it('llmload/openai: a connect_error "ip is blacklisted"', async () => {
    const before = llm.requests.length;
    const f = await factoryWith(`const r = await client.chat({ messages: [] }); out(r.error);`, { network: { blacklistIPs: ['127.0.0.1/32'] } });
    expect(await run(await f.factory.createVu(1))).toEqual([{ type: 'connect_error', message: 'ip is blacklisted', status: 0 }]);
    expect(llm.requests.length).toBe(before);
  });
});

describe('rps', () => {
  it('20/s over ~1 s with 10 VUs on both endpoints: ~20 requests, latencies without the wait', async () => {
    const f = await factoryWith(
      `if (__VU % 2) await http.get('${srv.url}/');
       else await client.chat({ messages: [], max_tokens: 1 });`,
      { network: { rps: 20 } },
    );
    const vus = await Promise.all(Array.from({ length: 10 }, (_, i) => f.factory.createVu(i + 1)));
    const http0 = srv.arrivals.length;
    const llm0 = llm.finished.length;
    const t0 = performance.now();
    const wall0 = Date.now();
    const iterations: number[] = [];
    await Promise.all(
      vus.map(async (vu) => {
        for (let i = 0; performance.now() - t0 < 1000; i++) {
          const s = performance.now();
          await run(vu, i);
          iterations.push(performance.now() - s);
        }
      }),
    );
    // Requests that started within the first second (the last ones waited past it).
    const httpIn = srv.arrivals.slice(http0).filter((t) => t - t0 < 1000).length;
    const llmIn = llm.finished.slice(llm0).filter((t) => t - wall0 < 1000).length;
    expect(httpIn + llmIn).toBeGreaterThanOrEqual(18);
    expect(httpIn + llmIn).toBeLessThanOrEqual(22);
    expect(httpIn).toBeGreaterThan(5);
    expect(llmIn).toBeGreaterThan(5);
    // 10 VUs share 20 slots a second: an iteration waits ~0.5 s, a request takes a few ms.
    iterations.sort((a, b) => a - b);
    expect(iterations[Math.floor(iterations.length / 2)]!).toBeGreaterThan(300);
    const durations = samples('http_req_duration').map((s) => s.value);
    const e2e = samples('llm_e2e').map((s) => s.value);
    expect(Math.max(...durations)).toBeLessThan(150);
    expect(Math.max(...e2e)).toBeLessThan(150);
    expect(samples('http_req_blocked').every((s) => s.value < 150)).toBe(true);
  });

  it('a request waiting for its slot is cut off by interrupt() and records nothing', async () => {
    const f = await factoryWith(`await http.get('${srv.url}/'); await http.get('${srv.url}/');`, { network: { rps: 0.2 } });
    const vu = await f.factory.createVu(1);
    const pending = vu.iterate(info(0), undefined);
    await new Promise((r) => setTimeout(r, 200));
    vu.interrupt();
    expect(await pending).toEqual({ status: 'interrupted' });
    expect(samples('http_reqs')).toHaveLength(1);
  });
});

describe('noVUConnectionReuse', () => {
  it('llmload/http: one new connection per iteration (keep-alive within it)', async () => {
    for (const [flag, want] of [
      [true, 3],
      [false, 1],
    ] as const) {
      const before = srv.connections;
      const f = await factoryWith(`await http.get('${srv.url}/'); await http.get('${srv.url}/');`, { network: { noVUConnectionReuse: flag } });
      const vu = await f.factory.createVu(1);
      for (let i = 0; i < 3; i++) await run(vu, i);
      expect(srv.connections - before, `noVUConnectionReuse: ${flag}`).toBe(want);
    }
  });

  it('llmload/openai: one new connection per iteration', async () => {
    for (const [flag, want] of [
      [true, 3],
      [false, 1],
    ] as const) {
      const before = llm.connections;
      const f = await factoryWith(`await client.chat({ messages: [] }); await client.chat({ messages: [] });`, { network: { noVUConnectionReuse: flag } });
      const vu = await f.factory.createVu(1);
      for (let i = 0; i < 3; i++) await run(vu, i);
      expect(llm.connections - before, `noVUConnectionReuse: ${flag}`).toBe(want);
    }
  });
});

describe('httpDebug', () => {
  it("'full' logs each hop's request and response with bodies, paired by request_id", async () => {
    const f = await factoryWith(`await http.post('${srv.url}/echo?x=1', 'hello', { headers: { Authorization: 'Bearer t0k' } });`, {
      network: { httpDebug: 'full' },
    });
    await run(await f.factory.createVu(1));
    expect(infoLines).toHaveLength(2);
    const [req, res] = infoLines as [string, string];
    expect(req).toMatch(new RegExp(`^Request:\\nPOST /echo\\?x=1 HTTP/1\\.1\\nHost: 127\\.0\\.0\\.1:${srv.port}\\n`));
    expect(req).toContain('\nAuthorization: Bearer t0k\n');
    expect(req).toContain('\n\nhello\n');
    expect(res).toMatch(/^Response:\nHTTP\/1\.1 200 OK\n/);
    expect(res).toContain('\n\n{"ok":true}\n');
    const id = /request_id=(\S+)/.exec(req)![1];
    expect(res).toContain(`request_id=${id}`);
    expect(req).toMatch(/ scenario=default source=http-debug vu=1$/);
  });

  it("'headers' leaves the bodies out; llmload/openai requests are not logged", async () => {
    const f = await factoryWith(`await http.post('${srv.url}/', 'hello'); await client.chat({ messages: [] });`, { network: { httpDebug: 'headers' } });
    await run(await f.factory.createVu(1));
    expect(infoLines).toHaveLength(2);
    expect(infoLines.join('')).not.toContain('hello');
    expect(infoLines.join('')).not.toContain('"ok"');
  });
});

describe('systemTags in VUs', () => {
  it('only the chosen tags; vu and iter on every sample of the VU and iteration; ip of http requests', async () => {
    const f = await factoryWith(
      `const r = await group('g', () => http.get('${srv.url}/'));
       check(r, { 'is 200': (x) => x.status === 200 });
       await client.chat({ messages: [] });`,
      { systemTags: ['status', 'vu', 'iter', 'ip'] },
    );
    const vu = await f.factory.createVu(7);
    await run(vu, 0);
    await run(vu, 1);
    const reqs = samples('http_reqs');
    // The harness's iteration tags stand for the scheduler's (run, scenario): the scheduler filters `scenario`.
    expect(reqs.map((s) => s.tags)).toEqual([
      { run: 'r1', scenario: 'default', status: '200', vu: '7', iter: '0', ip: '127.0.0.1' },
      { run: 'r1', scenario: 'default', status: '200', vu: '7', iter: '1', ip: '127.0.0.1' },
    ]);
    expect(samples('checks').map((s) => s.tags)).toEqual([
      { run: 'r1', scenario: 'default', vu: '7', iter: '0' },
      { run: 'r1', scenario: 'default', vu: '7', iter: '1' },
    ]);
    expect(samples('llm_reqs').map((s) => s.tags)).toEqual([
      { run: 'r1', scenario: 'default', vu: '7', iter: '0', status: '200' },
      { run: 'r1', scenario: 'default', vu: '7', iter: '1', status: '200' },
    ]);
    expect(samples('group_duration')[0]!.tags).toEqual({ run: 'r1', scenario: 'default', vu: '7', iter: '0' });
  });

  it('the default set: the usual tags, no vu, iter or ip', async () => {
    const f = await factoryWith(`const r = await http.get('${srv.url}/'); check(r, { ok: () => true });`, {
      systemTags: [
        'proto',
        'subproto',
        'status',
        'method',
        'url',
        'name',
        'group',
        'check',
        'error',
        'error_code',
        'tls_version',
        'scenario',
        'service',
        'expected_response',
        'model',
        'endpoint',
        'stream',
        'finish_reason',
        'error_type',
      ],
    });
    await run(await f.factory.createVu(1));
    expect(samples('http_reqs')[0]!.tags).toEqual({
      run: 'r1',
      scenario: 'default',
      group: '',
      name: `${srv.url}/`,
      url: `${srv.url}/`,
      method: 'GET',
      status: '200',
      proto: 'HTTP/1.1',
      expected_response: 'true',
    });
    expect(samples('checks')[0]!.tags).toEqual({ run: 'r1', scenario: 'default', group: '', check: 'ok' });
  });
});
