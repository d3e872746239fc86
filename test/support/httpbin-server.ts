import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import zlib from 'node:zlib';

/**
 * A small httpbin-like server for the llmload/http tests (node:http on
 * 127.0.0.1, a free port; https too when given a key and certificate):
 *
 * /get, /post, /put, /patch, /delete, /anything[/…] echo { method, url, path, args, headers, data, form, files, json }
 * /headers → { headers }; /status/:code; /delay/:ms; /bytes/:n (deterministic bytes);
 * /redirect/:n, /relative-redirect/:n (relative Location), /absolute-redirect/:n, then /get;
 * /redirect-to?url=&status_code= (any method); /cookies → { cookies };
 * /cookies/set?k=v and /cookies/delete?k → Set-Cookie, then 302 to /cookies;
 * /response-headers?k=v → those headers; /gzip, /deflate (zlib), /brotli → compressed JSON;
 * /basic-auth/:user/:pass → 200 or 401. Over https the echo also has `clientCert` (the client certificate's CN).
 */
export interface HttpbinServer {
  /** http://127.0.0.1:port */
  url: string;
  /** https://localhost:port, when TLS options were given. */
  httpsUrl?: string;
  /** Every request received, in order. */
  log: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }>;
  /** Requests being answered now, and the most at any time (concurrency the client really produced). */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

type Echo = Record<string, unknown>;

function parseForm(body: Buffer): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Multipart parts: fields go to `form`, files to `files` ({ filename, contentType, data (latin1), size }). */
function parseMultipart(body: Buffer, contentType: string): { form: Record<string, string>; files: Record<string, Echo>; raw: string[] } {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const form: Record<string, string> = {};
  const files: Record<string, Echo> = {};
  const raw: string[] = [];
  if (!boundary) return { form, files, raw };
  const parts = body
    .toString('latin1')
    .split(`--${boundary[1] ?? boundary[2]}`)
    .slice(1, -1);
  for (const p of parts) {
    const part = p.replace(/^\r\n/, '').replace(/\r\n$/, '');
    const split = part.indexOf('\r\n\r\n');
    const head = part.slice(0, split);
    const data = part.slice(split + 4);
    raw.push(head);
    const name = /name="((?:[^"\\]|\\.)*)"/.exec(head)?.[1] ?? '';
    const filename = /filename="((?:[^"\\]|\\.)*)"/.exec(head)?.[1];
    const type = /Content-Type: (.*)/i.exec(head)?.[1];
    if (filename !== undefined) files[name] = { filename, contentType: type, data, size: Buffer.byteLength(data, 'latin1') };
    else form[name] = Buffer.from(data, 'latin1').toString('utf8');
  }
  return { form, files, raw };
}

function echo(req: http.IncomingMessage, u: URL, body: Buffer): Echo {
  const ct = req.headers['content-type'] ?? '';
  const mp = ct.startsWith('multipart/form-data') ? parseMultipart(body, ct) : undefined;
  let json: unknown = null;
  try {
    json = ct.includes('json') ? JSON.parse(body.toString('utf8')) : null;
  } catch {
    json = null;
  }
  return {
    method: req.method,
    url: u.href,
    path: u.pathname,
    args: Object.fromEntries(u.searchParams),
    headers: req.headers,
    data: body.toString('utf8'),
    form: mp ? mp.form : ct.startsWith('application/x-www-form-urlencoded') ? parseForm(body) : {},
    files: mp?.files ?? {},
    partHeaders: mp?.raw ?? [],
    json,
    // https only: the CN of the client certificate the client presented, if any.
    clientCert: 'getPeerCertificate' in req.socket ? ((req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? null) : undefined,
  };
}

function cookiesOf(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (req.headers.cookie ?? '').split(/;\s*/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

function send(res: http.ServerResponse, status: number, value: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

function redirect(res: http.ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { location, 'content-type': 'text/plain' });
  res.end(`redirecting to ${location}`);
}

function route(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, origin: string): void {
  const u = new URL(req.url ?? '/', origin);
  const p = u.pathname;
  const seg = p.split('/').filter(Boolean);
  const n = Number(seg[1]);
  const methodRoute: Record<string, string> = { '/get': 'GET', '/post': 'POST', '/put': 'PUT', '/patch': 'PATCH', '/delete': 'DELETE' };
  if (methodRoute[p])
    return req.method === methodRoute[p] || (p === '/get' && req.method === 'HEAD')
      ? send(res, 200, echo(req, u, body))
      : send(res, 405, { error: 'method not allowed' });
  if (seg[0] === 'anything') return send(res, 200, echo(req, u, body));
  if (p === '/headers') return send(res, 200, { headers: req.headers });
  if (seg[0] === 'status') {
    res.writeHead(n, { 'content-type': 'text/plain' });
    return void res.end(n === 204 || n === 304 ? undefined : `status ${n}`);
  }
  if (seg[0] === 'delay') return void setTimeout(() => send(res, 200, echo(req, u, body)), n);
  if (seg[0] === 'bytes') {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    return void res.end(Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + 7) % 256)));
  }
  if (seg[0] === 'redirect' || seg[0] === 'relative-redirect') return redirect(res, n > 1 ? `/${seg[0]}/${n - 1}` : '/get');
  if (seg[0] === 'absolute-redirect') return redirect(res, n > 1 ? `${origin}/absolute-redirect/${n - 1}` : `${origin}/get`);
  if (p === '/redirect-to') return redirect(res, u.searchParams.get('url') ?? '/get', Number(u.searchParams.get('status_code') ?? 302));
  if (p === '/cookies') return send(res, 200, { cookies: cookiesOf(req) });
  if (p === '/cookies/set') {
    const set = [...u.searchParams].map(([k, v]) => `${k}=${v}; Path=/`);
    return redirect302WithCookies(res, set);
  }
  if (p === '/cookies/delete') {
    const set = [...u.searchParams.keys()].map((k) => `${k}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/`);
    return redirect302WithCookies(res, set);
  }
  if (p === '/response-headers') {
    for (const k of new Set(u.searchParams.keys())) res.setHeader(k, u.searchParams.getAll(k));
    return send(res, 200, Object.fromEntries(u.searchParams));
  }
  const codecs: Record<string, [string, (b: Buffer) => Buffer]> = {
    '/gzip': ['gzip', zlib.gzipSync],
    '/deflate': ['deflate', zlib.deflateSync],
    '/brotli': ['br', zlib.brotliCompressSync],
  };
  if (codecs[p]) {
    const [enc, f] = codecs[p]!;
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': enc });
    return void res.end(f(Buffer.from(JSON.stringify({ [p.slice(1)]: true, method: req.method, headers: req.headers }))));
  }
  if (seg[0] === 'basic-auth') {
    const want = `Basic ${Buffer.from(`${seg[1]}:${seg[2]}`).toString('base64')}`;
    if (req.headers.authorization === want) return send(res, 200, { authenticated: true, user: seg[1] });
    return send(res, 401, { authenticated: false }, { 'www-authenticate': 'Basic realm="Fake Realm"' });
  }
  send(res, 404, { error: `no route ${p}` });
}

function redirect302WithCookies(res: http.ServerResponse, setCookie: string[]): void {
  res.writeHead(302, { location: '/cookies', 'set-cookie': setCookie, 'content-type': 'text/plain' });
  res.end();
}

interface Concurrency {
  now: number;
  max: number;
}

function handler(log: HttpbinServer['log'], origin: () => string, c: Concurrency): http.RequestListener {
  return (req, res) => {
    c.now++;
    c.max = Math.max(c.max, c.now);
    res.once('close', () => c.now--);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      log.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      route(req, res, body, origin());
    });
  };
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Starts the server; `tls` adds an https listener (e.g. `{ key, cert, ca, requestCert }`). */
export async function startHttpbin(tls?: https.ServerOptions): Promise<HttpbinServer> {
  const log: HttpbinServer['log'] = [];
  const c: Concurrency = { now: 0, max: 0 };
  let url = '';
  let httpsUrl = '';
  const plain = http.createServer(handler(log, () => url, c));
  url = `http://127.0.0.1:${await listen(plain)}`;
  const secure = tls
    ? https.createServer(
        tls,
        handler(log, () => httpsUrl, c),
      )
    : undefined;
  if (secure) httpsUrl = `https://localhost:${await listen(secure)}`;
  const servers = [plain, ...(secure ? [secure] : [])];
  return {
    url,
    httpsUrl: secure ? httpsUrl : undefined,
    log,
    get inFlight() {
      return c.now;
    },
    get maxInFlight() {
      return c.max;
    },
    close: () =>
      Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.closeAllConnections();
              s.close(() => resolve());
            }),
        ),
      ).then(() => undefined),
  };
}
