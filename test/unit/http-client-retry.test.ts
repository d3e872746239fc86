import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { httpEndpoint } from '../../plugins/endpoints/http/index.js';
import { CLOSE_WINDOW_MS, ConnectionHabits, LEARN_AFTER } from '../../runtime/http-client/connection-habits.js';
import { exchange, type Exchanged } from '../../runtime/http-client/exchange.js';
import { phaseTimings } from '../../runtime/http-client/phase-timings.js';
import { ReadClock } from '../../runtime/http-client/read-clock.js';
import { isStaleClose } from '../../runtime/http-client/stale-close.js';
import { VuConnections } from '../../runtime/http-client/vu-connections.js';
import { endpointsOf } from '../support/endpoints.js';
import { startClosingServer, type ClosingServer } from '../support/closing-server.js';
import { harness, info } from '../fixtures/scripts/_harness.js';

let server: ClosingServer;
let conns: VuConnections;
beforeAll(async () => {
  server = await startClosingServer();
});
afterAll(() => server.close());
afterEach(async () => {
  await conns?.destroy();
  server.mode = 'keep';
});

const clock = new ReadClock();
const BODY = JSON.stringify({ prompt: 'x'.repeat(200) });

function send(path: string, opts: { stream?: boolean; timeout?: number; reuse?: boolean } = {}): Promise<Exchanged> {
  return exchange(
    conns,
    {
      method: 'POST',
      origin: server.url,
      path,
      headers: { 'content-type': 'application/json' },
      body: BODY,
      timeout: opts.timeout ?? 5000,
      reuse: opts.reuse ?? true,
      stream: opts.stream,
    },
    { signal: new AbortController().signal, clock },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a request on a kept connection the server had closed is sent again, once', () => {
  it.each(['drop-reused', 'reset-reused'] as const)('%s: the second send, on a new connection, succeeds', async (mode) => {
    conns = new VuConnections();
    const before = server.requests.length;
    const c0 = server.connections;
    const a = await send('/json');
    expect(a).toMatchObject({ error: undefined, status: 200, retries: 0, reused: false });
    server.mode = mode;
    const b = await send('/json');
    expect(b.error).toBeUndefined();
    expect(b.status).toBe(200);
    expect(b.retries).toBe(1);
    // The successful send was on a new connection: its connect counts, its start is the second send's.
    expect(b.reused).toBe(false);
    expect(b.fresh).toBeDefined();
    expect(b.start).toBeGreaterThan(b.dispatched);
    expect(b.start).toBeLessThanOrEqual(b.fresh!.start);
    expect(b.headers!).toBeGreaterThan(b.start);
    // Both sends' bytes are on the wire.
    expect(b.bytesSent).toBeGreaterThan(2 * BODY.length);
    // k6's phases: the failed send's time is in `blocked` (waiting for a usable connection).
    const t = phaseTimings(b);
    expect(t.blocked).toBeGreaterThanOrEqual(0);
    expect(t.blocked + t.connecting + t.sending + t.waiting + t.receiving).toBeCloseTo(b.end - b.dispatched, 6);
    // The server saw the lost request and its second send, the latter first on a new connection.
    expect(server.requests.slice(before).map((r) => r.nth)).toEqual([1, 2, 1]);
    expect(server.connections - c0).toBe(2);
  });

  it('a request that fails on a new connection is not sent again', async () => {
    conns = new VuConnections();
    server.mode = 'drop-all';
    const before = server.requests.length;
    const a = await send('/json');
    expect(a.error).toBeDefined();
    expect(isStaleClose(a.error)).toBe(true);
    expect(a.retries).toBe(0);
    expect(server.requests.length - before).toBe(1);
  });

  it('a second send that fails too is a failure (the retry hides nothing)', async () => {
    conns = new VuConnections();
    const before = server.requests.length;
    expect((await send('/json')).error).toBeUndefined();
    server.mode = 'drop-all';
    const b = await send('/json');
    expect(b.error).toBeDefined();
    expect(b.retries).toBe(1);
    expect(b.status).toBe(0);
    expect(server.requests.length - before).toBe(3);
  });

  it('a response cut off after its first bytes is not sent again', async () => {
    conns = new VuConnections();
    const before = server.requests.length;
    expect((await send('/sse')).error).toBeUndefined();
    server.mode = 'cut-reused';
    const b = await send('/sse');
    expect(b.error).toBeDefined();
    expect(b.status).toBe(200);
    expect(b.retries).toBe(0);
    expect(server.requests.length - before).toBe(2);
  });

  it('no second send once the timeout is spent', async () => {
    conns = new VuConnections();
    expect((await send('/json')).error).toBeUndefined();
    server.mode = 'drop-reused';
    const b = await send('/json', { timeout: 0 });
    expect(b.retries).toBe(0);
    expect(b.error).toBeDefined();
  });
});

describe('connection habits: a server that closes after streams is learned, per origin and kind', () => {
  it(`after ${LEARN_AFTER} closes following streams, streamed requests get a connection of their own; other requests keep reusing`, async () => {
    const notes: string[] = [];
    const habits = new ConnectionHabits((origin, kind) => notes.push(`${kind} ${origin}`));
    conns = new VuConnections(undefined, undefined, habits);
    server.mode = 'close-after-stream';
    const before = server.requests.length;
    const results: Exchanged[] = [];
    for (let i = 0; i < 12; i++) results.push(await send('/sse', { stream: true }));
    expect(results.every((r) => r.error === undefined && r.status === 200)).toBe(true);
    expect(habits.closesAfter(server.url, 'stream')).toBe(true);
    expect(notes).toEqual([`stream ${server.url}`]);
    // Learned: the last requests asked for their own connection (Connection: close) and were never retried.
    const seen = server.requests.slice(before);
    expect(seen.slice(-4).map((r) => [r.nth, r.connection])).toEqual(Array(4).fill([1, 'close']));
    expect(results.slice(-4).map((r) => r.retries)).toEqual([0, 0, 0, 0]);
    // Until then, every request after the first was either on a new connection or sent again once.
    expect(results.reduce((n, r) => n + r.retries, 0)).toBeLessThanOrEqual(LEARN_AFTER);

    // Plain responses to the same origin keep their connection.
    const j0 = server.requests.length;
    for (let i = 0; i < 3; i++) expect((await send('/json', { stream: false })).error).toBeUndefined();
    expect(server.requests.slice(j0).map((r) => r.nth)).toEqual([1, 2, 3]);
    expect(habits.closesAfter(server.url, 'other')).toBe(false);
  });

  it('a request without a stream flag is a stream when it accepts text/event-stream', async () => {
    const habits = new ConnectionHabits();
    conns = new VuConnections(undefined, undefined, habits);
    server.mode = 'close-after-stream';
    for (let i = 0; i < 8; i++) {
      const r = await exchange(
        conns,
        { method: 'GET', origin: server.url, path: '/sse', headers: { Accept: 'text/event-stream' }, body: null, timeout: 5000, reuse: true },
        { signal: new AbortController().signal, clock },
      );
      expect(r.error).toBeUndefined();
    }
    expect(habits.closesAfter(server.url, 'stream')).toBe(true);
    expect(habits.closesAfter(server.url, 'other')).toBe(false);
  });

  it('a server that keeps connections is not taken for one that closes them when it closes them all at once', async () => {
    const habits = new ConnectionHabits();
    const vus = [0, 1, 2, 3, 4].map(() => new VuConnections(undefined, undefined, habits));
    await Promise.all(
      vus.map(async (c) => {
        for (let i = 0; i < 3; i++) {
          const r = await exchange(
            c,
            { method: 'POST', origin: server.url, path: '/sse', headers: {}, body: BODY, timeout: 5000, reuse: true, stream: true },
            { signal: new AbortController().signal, clock },
          );
          expect(r.error).toBeUndefined();
        }
      }),
    );
    server.closeConnections(); // five closes within the window, after ten kept connections
    await sleep(50);
    expect(habits.closesAfter(server.url, 'stream')).toBe(false);
    await Promise.all(vus.map((c) => c.destroy()));
  });

  it('counts: closes must reach LEARN_AFTER and outnumber kept connections', () => {
    const notes: string[] = [];
    const h = new ConnectionHabits((o, k) => notes.push(`${k} ${o}`));
    for (let i = 1; i < LEARN_AFTER; i++) h.closed('http://a', 'stream');
    expect(h.closesAfter('http://a', 'stream')).toBe(false);
    h.closed('http://a', 'stream');
    expect(h.closesAfter('http://a', 'stream')).toBe(true);
    expect(h.closesAfter('http://a', 'other')).toBe(false);
    expect(h.closesAfter('http://b', 'stream')).toBe(false);
    h.closed('http://a', 'stream');
    expect(notes).toEqual(['stream http://a']);

    for (let i = 0; i < 5; i++) h.kept('http://b', 'other');
    for (let i = 0; i < 5; i++) h.closed('http://b', 'other');
    expect(h.closesAfter('http://b', 'other')).toBe(false);
    h.closed('http://b', 'other');
    expect(h.closesAfter('http://b', 'other')).toBe(true);
    expect(CLOSE_WINDOW_MS).toBeGreaterThan(0);
  });

  it('stale-close errors: FIN, reset and broken pipe, directly or as the cause; nothing else', () => {
    expect(isStaleClose(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }))).toBe(true);
    expect(isStaleClose(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isStaleClose(new Error('fetch failed', { cause: Object.assign(new Error('EPIPE'), { code: 'EPIPE' }) }))).toBe(true);
    expect(isStaleClose(Object.assign(new Error('x'), { code: 'UND_ERR_INFO' }))).toBe(false);
    expect(isStaleClose(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isStaleClose(undefined)).toBe(false);
  });
});

describe('llmload/http: the same second send, counted in http_req_retries', () => {
  it('a GET on a kept connection the server had closed succeeds; http_req_retries starts at a measured 0', async () => {
    const warnings: string[] = [];
    const endpoints = endpointsOf([httpEndpoint], { warn: (m) => warnings.push(m) });
    const h = await harness(
      {
        source: `import http from 'llmload/http';
export default async function () {
  const a = await http.get('${server.url}/json');
  const b = await http.get('${server.url}/json');
  console.log(JSON.stringify([a.status, b.status, b.error]));
}`,
      },
      { endpoints },
    );
    try {
      const vu = await h.factory.createVu(1);
      expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
      const of = (m: string) => h.samples.filter((s) => s.metric === m).map((s) => s.value);
      expect(of('http_req_retries')).toEqual([0]);

      // Now the server drops every request on a kept connection.
      server.mode = 'drop-reused';
      expect(await vu.iterate(info(1), undefined)).toEqual({ status: 'ok' });
      expect(JSON.parse(h.logs.at(-1)!.message)).toEqual([200, 200, '']);
      // Iteration 1: its first GET found the kept connection closed (sent again), its second too.
      expect(of('http_req_retries')).toEqual([0, 1, 1]);
      expect(of('http_req_failed')).toEqual([0, 0, 0, 0]);
      expect(warnings).toEqual([]);
    } finally {
      h.factory.dispose();
    }
  });
});
