import net from 'node:net';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHead, startWarmupServer, type WarmupServer } from '../../runtime/warmup-server.js';

let server: WarmupServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Issue 14: the warm-up's canned server answers its two requests, over keep-alive, as an HTTP server would. */
describe('warm-up server', () => {
  it('answers GETs and streamed chat POSTs, one after another on one kept connection', async () => {
    server = await startWarmupServer();
    const client = new Client(server.url.slice(0, -1), { pipelining: 1 });
    let connects = 0;
    client.on('connect', () => connects++);
    try {
      for (let i = 0; i < 3; i++) {
        const get = await client.request({ method: 'GET', path: '/' });
        expect(get.statusCode).toBe(200);
        expect(await get.body.text()).toBe('ok');
        const body = JSON.stringify({ model: 'warmup', messages: [{ role: 'user', content: 'x'.repeat(70_000) }], stream: true });
        const chat = await client.request({ method: 'POST', path: '/v1/chat/completions', body, headers: { 'content-type': 'application/json' } });
        expect(chat.statusCode).toBe(200);
        expect(chat.headers['content-type']).toMatch(/^text\/event-stream/);
        const events = (await chat.body.text()).split('\n\n').filter(Boolean);
        expect(events).toHaveLength(20); // role, 16 tokens, finish, usage, [DONE]
        expect(JSON.parse(events[0]!.slice(6)).choices[0].delta.role).toBe('assistant');
        expect(JSON.parse(events[18]!.slice(6)).usage.completion_tokens).toBe(16);
        expect(events[19]).toBe('data: [DONE]');
      }
      // One connection served them all.
      expect(connects).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('takes a head and body split across reads', async () => {
    server = await startWarmupServer();
    const { port } = new URL(server.url);
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect(Number(port), '127.0.0.1');
      let got = '';
      s.on('data', (d) => {
        got += d.toString('latin1');
        if (got.endsWith('ok') && got.split('HTTP/1.1').length === 3) {
          s.destroy();
          resolve(got);
        }
      });
      s.on('error', reject);
      const parts = ['POST /x HTTP/1.1\r\nHost: a\r\nContent-', 'Length: 5\r\n\r\nab', 'c', 'deGET / HTTP/1.1\r\n', '\r\n'];
      const send = (i: number) => i < parts.length && s.write(parts[i]!, () => setTimeout(() => send(i + 1), 5));
      send(0);
    });
    expect(reply.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });

  it('drops a connection that sends a request the warm-up never makes', async () => {
    expect(parseHead('POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 12')).toEqual({ chat: true, length: 12 });
    expect(parseHead('GET / HTTP/1.1\r\nhost: x')).toEqual({ chat: false, length: 0 });
    expect(parseHead('POST / HTTP/1.1\r\nTransfer-Encoding: chunked')).toBeUndefined();
    server = await startWarmupServer();
    const { port } = new URL(server.url);
    const closed = await new Promise<boolean>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.write('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n'));
      s.on('close', () => resolve(true));
      s.on('error', () => undefined);
    });
    expect(closed).toBe(true);
  });
});
