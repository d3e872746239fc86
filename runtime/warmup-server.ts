import net from 'node:net';
import type { AddressInfo } from 'node:net';

const WARMUP_TOKENS = 16;
/** The most a request head may take before the connection is dropped (the warm-up's are a few hundred bytes). */
const MAX_HEAD = 64 * 1024;

/** One streamed chat-completion event, in the shape OpenAI-compatible servers write. */
const event = (delta: string, finish: string | null) =>
  `data: {"id":"chatcmpl-warmup","object":"chat.completion.chunk","model":"warmup","choices":[{"index":0,"delta":${delta},"finish_reason":${finish}}]}\n\n`;
const USAGE_EVENT = `data: {"id":"chatcmpl-warmup","object":"chat.completion.chunk","model":"warmup","choices":[],"usage":{"prompt_tokens":4,"completion_tokens":${WARMUP_TOKENS},"total_tokens":${4 + WARMUP_TOKENS}}}\n\n`;

const chunk = (text: string) => Buffer.from(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`, 'latin1');

/** The headers Node's and most servers send on a kept connection (undici reads `keep-alive` for its timeout). */
const KEEP = 'connection: keep-alive\r\nkeep-alive: timeout=5\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\n';

/** `llmload/http`'s answer: a plain 200. */
const PLAIN = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n${KEEP}content-length: 2\r\n\r\nok`, 'latin1');

/** `llmload/openai`'s: a role chunk, WARMUP_TOKENS content chunks, finish, usage and [DONE], each its own write. */
const CHAT: Buffer[] = [
  Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\n${KEEP}transfer-encoding: chunked\r\n\r\n`, 'latin1'),
  chunk(event('{"role":"assistant","content":""}', null)),
  ...Array.from({ length: WARMUP_TOKENS }, () => chunk(event('{"content":" warm"}', null))),
  chunk(`${event('{}', '"length"')}${USAGE_EVENT}data: [DONE]\n\n`),
  Buffer.from('0\r\n\r\n', 'latin1'),
];

/** A loopback server for the runtime warm-up (runtime/warmup.ts); `close` drops its connections. */
export interface WarmupServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The warm-up's server: canned answers written straight to the socket. It
 * answers only the warm-up's own requests (a GET, a POST with a
 * Content-Length body), one at a time per keep-alive connection, and
 * drops a connection that sends anything else. Node's HTTP server cost the
 * warm-up about as much as a third of its CPU (bench/README.md, "Start-up"),
 * in the same process as the test. Canned rather than the mock's writer, so
 * the engine never loads the mock.
 */
export async function startWarmupServer(): Promise<WarmupServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serve(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads request heads and skips their bodies; each complete request gets its answer. */
function serve(socket: net.Socket): void {
  let buf: Buffer = Buffer.alloc(0);
  let body = 0;
  let answer: Buffer[] | undefined;
  socket.on('data', (data: Buffer) => {
    buf = buf.length === 0 ? data : Buffer.concat([buf, data]);
    for (;;) {
      if (answer) {
        const take = Math.min(body, buf.length);
        buf = buf.subarray(take);
        body -= take;
        if (body > 0) return;
        for (const b of answer) socket.write(b);
        answer = undefined;
      }
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_HEAD) socket.destroy();
        return;
      }
      const head = buf.toString('latin1', 0, end);
      buf = buf.subarray(end + 4);
      const request = parseHead(head);
      if (!request) return void socket.destroy();
      body = request.length;
      answer = request.chat ? CHAT : [PLAIN];
    }
  });
}

/** What the answer depends on; undefined for a request the warm-up never makes (a chunked body). */
export function parseHead(head: string): { chat: boolean; length: number } | undefined {
  if (/\r\ntransfer-encoding:/i.test(head)) return undefined;
  const eol = head.indexOf('\r\n');
  const line = eol < 0 ? head : head.slice(0, eol);
  const [method = '', target = ''] = line.split(' ');
  const length = /\r\ncontent-length:[ \t]*(\d+)/i.exec(head);
  return { chat: method === 'POST' && target.endsWith('/chat/completions'), length: length ? Number(length[1]) : 0 };
}
