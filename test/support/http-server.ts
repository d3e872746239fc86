import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real local HTTP server for end-to-end tests: `/` → "ok", `/json` → JSON,
 * `/slow?ms=N` → answers after N ms, `/status/N` → status N. Counts requests.
 */
export interface TestServer {
  url: string;
  requests: number;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    state.requests++;
    const u = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (u.pathname === '/slow') {
        const ms = Number(u.searchParams.get('ms') ?? 100);
        setTimeout(() => res.end('slow'), ms);
        return;
      }
      const m = /^\/status\/(\d+)$/.exec(u.pathname);
      if (m) {
        res.statusCode = Number(m[1]);
        res.end(`status ${m[1]}`);
        return;
      }
      if (u.pathname === '/json' || u.pathname === '/echo') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, method: req.method, body: Buffer.concat(chunks).toString('utf8') }));
        return;
      }
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
