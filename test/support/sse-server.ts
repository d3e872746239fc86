import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { wallTime } from '../../runtime/scheduler/clock.js';

/**
 * A scripted OpenAI-compatible server for the openai endpoint tests: the
 * request body's `script` field (passed through by the client like any extra
 * field) picks how it misbehaves, so one server covers every robustness case
 * over real HTTP. Streams honour `max_tokens` (default 4), `ttft_ms` and
 * `itl_ms`; each token is the text "tN ".
 *
 *   ok (default) · json (non-streamed) · status (HTTP `code` + JSON error) ·
 *   error-mid-stream · close-mid-stream (FIN) · reset-mid-stream (RST) ·
 *   no-done (no finish reason, no [DONE]) · stall (one token, then silence) ·
 *   hang (never answers) · stale (keep-alive advertised, but a second request
 *   on the same connection is closed unanswered) · drop (every request is reset
 *   unanswered, on a new connection too) · echo-auth (a 401 echoing the key) ·
 *   huge-chunk (one content chunk of `chunk_chars` characters, default 1 MiB of
 *   "y", or random lower-case letters with `chunk_text: "random"`; then a
 *   finish reason and [DONE], never usage)
 */
export interface SseServer {
  url: string;
  /** Every request: its body and headers. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }>;
  connections: number;
  /** performance.timeOrigin + now() when each connection was accepted, and when each request's body had arrived. */
  connectedAt: number[];
  receivedAt: number[];
  /** Date.now() when each response's last byte was handed to the socket, in that order. */
  finished: number[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSseServer(): Promise<SseServer> {
  const state: Omit<SseServer, 'url' | 'close'> = { requests: [], connections: 0, connectedAt: [], receivedAt: [], finished: [] };
  const at = () => wallTime();
  const served = new WeakMap<Socket, number>();
  const server = http.createServer((req, res) => {
    res.on('finish', () => state.finished.push(Date.now()));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      state.receivedAt.push(at());
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      state.requests.push({ path: req.url ?? '', headers: req.headers, body });
      const nth = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, nth);
      void respond(req, res, body, nth).catch(() => res.destroy());
    });
  });
  server.on('connection', () => {
    state.connections++;
    state.connectedAt.push(at());
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get connections() {
      return state.connections;
    },
    get connectedAt() {
      return state.connectedAt;
    },
    get receivedAt() {
      return state.receivedAt;
    },
    get finished() {
      return state.finished;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>, nth: number): Promise<void> {
  const script = typeof body.script === 'string' ? body.script : 'ok';
  const n = typeof body.max_tokens === 'number' ? body.max_tokens : 4;
  const ttft = Number(body.ttft_ms ?? 0);
  const itl = Number(body.itl_ms ?? 0);
  if (req.url?.endsWith('/models')) return json(res, 200, { object: 'list', data: [{ id: 'm1' }, { id: 'm2' }] });
  if (req.url?.endsWith('/embeddings'))
    return json(res, 200, { object: 'list', data: [{ index: 0, embedding: [0.5, -0.5] }], usage: { prompt_tokens: 2, total_tokens: 2 } });
  switch (script) {
    case 'status':
      return json(res, Number(body.code ?? 500), { error: { message: `scripted ${String(body.code ?? 500)}`, type: 'scripted' } });
    case 'echo-auth':
      return json(res, 401, { error: { message: `Incorrect API key provided: ${req.headers.authorization ?? ''}` } });
    case 'hang':
      return;
    case 'stale':
      if (nth > 1) return void req.socket.destroy();
      break;
    case 'drop':
      return void req.socket.resetAndDestroy();
    case 'huge-chunk':
      return hugeChunk(res, Number(body.chunk_chars ?? 1 << 20), body.chunk_text === 'random');
    case 'json':
      return json(res, 200, {
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content: tokens(n) }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 3, completion_tokens: n, total_tokens: 3 + n },
      });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (obj: object) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  const delta = (d: object, finish: string | null = null) =>
    send({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: d, finish_reason: finish }] });
  delta({ role: 'assistant', content: '' });
  await sleep(ttft);
  for (let i = 0; i < n; i++) {
    if (i > 0) await sleep(itl);
    delta({ content: `t${i} ` });
    if (i === 0 && script === 'stall') return;
    if (i === 1) {
      if (script === 'error-mid-stream') return end(res, () => send({ error: { message: 'scripted failure', type: 'InternalServerError' } }));
      if (script === 'close-mid-stream') return void res.socket?.end();
      if (script === 'reset-mid-stream') return void res.socket?.resetAndDestroy();
    }
  }
  if (script === 'no-done') return void res.end();
  delta({}, 'length');
  const so = body.stream_options as { include_usage?: boolean } | undefined;
  if (so?.include_usage) send({ object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 3, completion_tokens: n, total_tokens: 3 + n } });
  end(res);
}

/** Degenerate output from a server that sends no usage: the client must count it itself. */
function hugeChunk(res: http.ServerResponse, chars: number, random: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.write(chunk({ role: 'assistant', content: '' }));
  res.write(chunk({ content: random ? randomLetters(chars) : 'y'.repeat(chars) }));
  res.write(chunk({}, 'stop'));
  end(res);
}

/** Letters from a fixed-seed generator: every run counts the same text, none of it repeats. */
function randomLetters(n: number): string {
  const out = Buffer.allocUnsafe(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = 97 + ((x >>> 0) % 26);
  }
  return out.toString('latin1');
}

function end(res: http.ServerResponse, before?: () => void): void {
  before?.();
  res.end('data: [DONE]\n\n');
}

function json(res: http.ServerResponse, status: number, obj: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
}

const tokens = (n: number) => Array.from({ length: n }, (_, i) => `t${i} `).join('');
