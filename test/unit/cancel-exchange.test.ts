// The request state machine's cancellation (cancelAfter) against real local servers: it closes the
// connection at that time after the request was sent, the server sees the close, a response that completed
// first is not cancelled, and an HTTP error stays a failure.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResponseAccumulator } from '../../plugins/endpoints/openai/accumulator.js';
import { ReadClock } from '../../runtime/http-client/read-clock.js';
import { VuConnections } from '../../runtime/http-client/vu-connections.js';
import type { LlmRequest } from '../../runtime/llm/request.js';
import { sendLlm } from '../../runtime/llm/send.js';

const chunk = (text: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text } }] })}\n\n`;
/** When each route's client went away before the response ended (performance.now()), by path. */
const closed = new Map<string, number>();
let received = new Map<string, number>();
let srv: Server;
let base: string;

function route(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '';
  received.set(path, performance.now());
  res.on('close', () => {
    if (!res.writableFinished) closed.set(path, performance.now());
  });
  if (path === '/slow-stream') {
    // A token every 20 ms for 2 s.
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let n = 0;
    const t = setInterval(() => {
      if (res.destroyed) return clearInterval(t);
      if (++n === 100) {
        clearInterval(t);
        res.end(`${chunk('end')}data: [DONE]\n\n`);
      } else res.write(chunk(`t${n} `));
    }, 20);
  } else if (path === '/fast') {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(`${chunk('hi')}data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`);
  } else if (path === '/error-slow-body') {
    // The status line at once, the error body slowly.
    res.writeHead(500, { 'content-type': 'application/json' });
    res.write('{"error":{"message":"over');
    setTimeout(() => res.end('loaded"}}'), 300);
  } else if (path === '/silent') {
    // Headers never come.
  }
}

beforeAll(async () => {
  srv = createServer(route);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
});
afterAll(async () => {
  srv.closeAllConnections();
  await new Promise((r) => srv.close(r));
});

const request = (path: string, cancelAfter: number | undefined): LlmRequest => ({
  endpoint: 'chat',
  url: base + path,
  headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
  body: '{"messages":[]}',
  stream: true,
  model: 'm',
  timeout: 10_000,
  idleTimeout: 0,
  cancelAfter,
});
const send = (path: string, cancelAfter: number | undefined, conns = new VuConnections()) =>
  sendLlm(conns, request(path, cancelAfter), new ResponseAccumulator(), true, new AbortController().signal, new ReadClock());

describe('cancelAfter in the request state machine', () => {
  it('closes a stream that is still arriving, at that time after the request was sent; the server sees the close', async () => {
    received = new Map();
    const ex = await send('/slow-stream', 150);
    expect(ex.read.error).toEqual({ type: 'cancelled', message: 'cancelled by the client 150 ms after the request was sent' });
    expect(ex.read.status).toBe(200);
    expect(ex.end - ex.start).toBeGreaterThanOrEqual(150);
    expect(ex.end - ex.start).toBeLessThan(150 + 100);
    // Some tokens arrived, the stream did not end.
    expect(ex.read.contentTimes.length).toBeGreaterThan(2);
    expect(ex.read.contentTimes.length).toBeLessThan(20);
    await new Promise((r) => setTimeout(r, 50));
    const gone = closed.get('/slow-stream');
    expect(gone).toBeDefined();
    expect(gone! - received.get('/slow-stream')!).toBeGreaterThanOrEqual(140);
  });

  it('before any response byte (a server still in prefill): cancelled, status 0', async () => {
    const ex = await send('/silent', 50);
    expect(ex.read.error?.type).toBe('cancelled');
    expect(ex.read.status).toBe(0);
    expect(ex.headers).toBeUndefined();
  });

  it('a response that completes first is not cancelled; the connection is kept for the next request', async () => {
    const conns = new VuConnections();
    const first = await send('/fast', 300, conns);
    expect(first.read.error).toBeUndefined();
    expect(first.read.interp.text).toBe('hi');
    const t0 = performance.now();
    const second = await send('/fast', 300, conns);
    expect(second.read.error).toBeUndefined();
    // (The first one's timer did not outlive it: nothing here waited 300 ms.)
    expect(performance.now() - t0).toBeLessThan(250);
    await conns.destroy();
  });

  it('an HTTP error whose body is still arriving stays a failure (http_status), not a cancellation', async () => {
    const ex = await send('/error-slow-body', 100);
    expect(ex.read.status).toBe(500);
    expect(ex.read.error?.type).toBe('http_status');
  });
});
