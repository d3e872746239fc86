import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * How the server treats its connections (settable between requests):
 *   keep · close-after-stream (FIN right after every SSE response, as llama.cpp) ·
 *   drop-reused (a request after the first on a connection: the socket is closed
 *   unanswered, FIN) · reset-reused (the same with RST) · drop-all (every request
 *   reset unanswered, on new connections too) · cut-reused (a request after the first
 *   on a connection gets headers and one chunk, then a reset).
 */
export type ClosingMode = 'keep' | 'close-after-stream' | 'drop-reused' | 'reset-reused' | 'drop-all' | 'cut-reused';

/** A keep-alive HTTP server that closes connections on cue, for the request state machine's retry tests. */
export interface ClosingServer {
  url: string;
  mode: ClosingMode;
  /** Every request as it arrived: path, its number on its connection (1 = first), its Connection header. */
  readonly requests: Array<{ path: string; nth: number; connection: string | undefined }>;
  /** Connections accepted. */
  readonly connections: number;
  /** Closes every open connection at once (a server restarting). */
  closeConnections(): void;
  close(): Promise<void>;
}

/** `GET|POST /sse`: a short SSE stream; anything else: a small JSON body. Both advertise keep-alive. */
export async function startClosingServer(mode: ClosingMode = 'keep'): Promise<ClosingServer> {
  const nth = new WeakMap<Socket, number>();
  const requests: ClosingServer['requests'] = [];
  let connections = 0;
  const state = { mode };
  const server = http.createServer((req, res) => {
    const n = (nth.get(req.socket) ?? 0) + 1;
    nth.set(req.socket, n);
    requests.push({ path: req.url ?? '', nth: n, connection: req.headers.connection });
    req.resume();
    req.on('end', () => serve(state.mode, req, res, n));
  });
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return state.mode;
    },
    set mode(m: ClosingMode) {
      state.mode = m;
    },
    requests,
    get connections() {
      return connections;
    },
    closeConnections: () => server.closeAllConnections(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serve(mode: ClosingMode, req: http.IncomingMessage, res: http.ServerResponse, n: number): void {
  const socket = req.socket;
  if (mode === 'drop-all') return void socket.resetAndDestroy();
  if (n > 1 && mode === 'drop-reused') return void socket.destroy();
  if (n > 1 && mode === 'reset-reused') return void socket.resetAndDestroy();
  if (req.url?.startsWith('/sse')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write('data: {"n":1}\n\n');
    if (n > 1 && mode === 'cut-reused') return void setTimeout(() => socket.resetAndDestroy(), 5);
    if (mode === 'close-after-stream') res.on('finish', () => socket.end());
    res.end('data: [DONE]\n\n');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
}
