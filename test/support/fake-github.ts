import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A comment as the fake keeps it. */
export interface FakeComment {
  id: number;
  body: string;
}

/** The slice of GitHub's REST API that llmload's PR comment uses, on loopback, with what it was asked. */
export interface FakeGithub {
  url: string;
  comments: FakeComment[];
  requests: Array<{ method: string; path: string; auth?: string }>;
  close(): Promise<void>;
}

/**
 * GET/POST /repos/:owner/:repo/issues/:n/comments (paged with per_page and
 * page, as GitHub does) and PATCH /repos/:owner/:repo/issues/comments/:id, for
 * one repository and pull request. Any other path is a 404.
 */
export async function startFakeGithub(repo: string, pr: number, token: string, initial: string[] = []): Promise<FakeGithub> {
  let next = 1000;
  const comments: FakeComment[] = initial.map((body) => ({ id: next++, body }));
  const requests: FakeGithub['requests'] = [];
  const list = `/repos/${repo}/issues/${pr}/comments`;
  const one = new RegExp(`^/repos/${repo}/issues/comments/(\\d+)$`);
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      requests.push({ method: req.method ?? '', path: url.pathname + url.search, auth: req.headers.authorization });
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return send(401, { message: 'Bad credentials' });
      if (url.pathname === list && req.method === 'GET') {
        const per = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        return send(200, comments.slice((page - 1) * per, page * per));
      }
      if (url.pathname === list && req.method === 'POST') {
        const c = { id: next++, body: (JSON.parse(raw) as { body: string }).body };
        comments.push(c);
        return send(201, { ...c, html_url: `https://github.example/${repo}/pull/${pr}#issuecomment-${c.id}` });
      }
      const m = one.exec(url.pathname);
      if (m && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(m[1]));
        if (!c) return send(404, { message: 'Not Found' });
        c.body = (JSON.parse(raw) as { body: string }).body;
        return send(200, c);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, comments, requests, close: () => new Promise((r) => server.close(() => r())) };
}
