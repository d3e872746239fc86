import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';

let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function mock(closeConnections: unknown): Promise<MockServer> {
  const s = await startMockServer({ seed: 3, ttft: 1, itl: 0.5, 'output-tokens': 3, 'close-connections': closeConnections });
  servers.push(s);
  return s;
}

/** One raw keep-alive connection: writes requests and reads whole responses, so the server's closes are seen as they happen. */
class RawConn {
  private buf = '';
  /** Bytes received and not yet returned as a response. */
  get pending(): string {
    return this.buf;
  }
  private waiter: (() => void) | undefined;
  readonly closed: Promise<'end' | 'reset'>;
  readonly socket: net.Socket;

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.setEncoding('latin1');
    this.socket.on('data', (d: string) => {
      this.buf += d;
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => {
      this.socket.on('error', () => resolve('reset'));
      this.socket.on('end', () => resolve('end'));
    });
  }

  /** Sends a chat request; resolves with the status line and headers once the whole response is in. */
  async chat(stream: boolean): Promise<string> {
    this.socket.write(chatRequest(stream));
    for (;;) {
      const head = this.buf.indexOf('\r\n\r\n');
      if (head >= 0) {
        const headers = this.buf.slice(0, head);
        const bodyEnd = responseEnd(this.buf, head);
        if (bodyEnd !== undefined) {
          this.buf = this.buf.slice(bodyEnd);
          return headers;
        }
      }
      await new Promise<void>((resolve, reject) => {
        this.waiter = resolve;
        void this.closed.then(() => reject(new Error('connection closed before the response')));
      });
    }
  }
}

/** Where the response whose headers end at `head` ends in `buf` (Content-Length or the last chunk), or undefined: not all in yet. */
function responseEnd(buf: string, head: number): number | undefined {
  const len = /content-length: (\d+)/i.exec(buf.slice(0, head));
  if (len) return buf.length >= head + 4 + Number(len[1]) ? head + 4 + Number(len[1]) : undefined;
  const last = buf.indexOf('\r\n0\r\n\r\n', head);
  return last >= 0 ? last + 7 : undefined;
}

function chatRequest(stream: boolean): string {
  const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, stream });
  return `POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<'open'>((r) => setTimeout(() => r('open'), ms))]);

describe('mock close-connections', () => {
  it('streams (llama.cpp): advertises Keep-Alive timeout=5, max=100; keeps the connection after plain responses, closes it after a stream', async () => {
    const m = await mock('streams');
    const c = new RawConn(m.port);
    const h1 = await c.chat(false);
    expect(h1).toMatch(/\r\nConnection: keep-alive\r\n/i);
    expect(h1).toMatch(/\r\nKeep-Alive: timeout=5, max=100\r\n/i);
    expect(await c.chat(false)).toMatch(/^HTTP\/1\.1 200/); // the same connection served a second request
    const h3 = await c.chat(true);
    expect(h3).toMatch(/\r\nKeep-Alive: timeout=5, max=100\r\n/i); // it still says keep-alive…
    expect(await within(c.closed, 1000)).toBe('end'); // …and closes
    expect(m.records()).toHaveLength(3);
  });

  it('streams: a request written on the connection after a stream is never served: the connection closes without an answer', async () => {
    const m = await mock('streams');
    const c = new RawConn(m.port);
    await c.chat(true);
    // Written at once: it arrives before the close (then the server resets the connection) or just after its FIN.
    c.socket.write(chatRequest(false));
    expect(await within(c.closed, 1000)).not.toBe('open');
    if (!c.socket.closed) await new Promise((r) => c.socket.once('close', r));
    expect(c.pending).toBe('');
    expect(m.records()).toHaveLength(1);
  });

  it('true: closes after every response; false: keeps the connection after streams too', async () => {
    const all = await mock(true);
    const a = new RawConn(all.port);
    await a.chat(false);
    expect(await within(a.closed, 1000)).toBe('end');

    const none = await mock(false);
    const b = new RawConn(none.port);
    await b.chat(true);
    await b.chat(true);
    expect(await within(b.closed, 200)).toBe('open');
    b.socket.destroy();
  });
});
