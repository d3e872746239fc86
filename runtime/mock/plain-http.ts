/**
 * Plain HTTP routes of the mock, so that k6-style HTTP scripts (scripts/http-smoke.ts,
 * ramp.ts, arrival-rate.ts) have something to call under `run --mock`:
 *
 *   GET  /               a small HTML page (200) listing the routes
 *   ANY  /status/{code}  answers with that status (200–599) and a text body `status {code}`
 *   ANY  /echo           200 JSON `{ method, path, query, headers, body }` of the request (body ≤ 1 MiB, else 413)
 *
 * They answer at once, outside the engine: no queue slot, no timer, no record in
 * /mock/requests and nothing on /metrics, so HTTP traffic next to LLM traffic
 * leaves the LLM records and queue untouched and costs the shared event loop
 * one short synchronous handler per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson } from './respond.js';

/** Small: an echo is for checking what a script sent, not for uploads. */
const MAX_ECHO_BODY = 1024 * 1024;

const INDEX_HTML = `<!doctype html>
<html><head><title>llmload mock</title></head>
<body><h1>llmload mock</h1>
<p>An OpenAI-compatible mock LLM server. Routes: POST /v1/chat/completions, /v1/completions, /v1/embeddings;
GET /v1/models, /health, /metrics, /dcgm/metrics, /mock/requests; any method on /status/{code} and /echo.</p>
</body></html>
`;

/**
 * Answers `req` if `path` (its URL without the query) is a plain HTTP route and
 * returns true; returns false, leaving the request untouched, otherwise.
 */
export function servePlainHttp(req: IncomingMessage, res: ServerResponse, path: string): boolean {
  if (path === '/') {
    req.resume();
    if (req.method !== 'GET' && req.method !== 'HEAD') sendError(res, 405, `method ${req.method} not allowed on /`);
    else sendText(res, 200, INDEX_HTML, 'text/html; charset=utf-8');
    return true;
  }
  const status = /^\/status\/(\d{3})$/.exec(path);
  if (status) {
    req.resume();
    const code = Number(status[1]);
    // 1xx are interim responses, not something a script can get as a final one.
    if (code < 200 || code > 599) sendError(res, 400, `status must be 200–599, got ${code}`);
    else sendText(res, code, `status ${code}\n`, 'text/plain; charset=utf-8');
    return true;
  }
  if (path === '/echo') {
    echo(req, res, path);
    return true;
  }
  return false;
}

function sendText(res: ServerResponse, status: number, text: string, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(text);
}

function echo(req: IncomingMessage, res: ServerResponse, path: string): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_ECHO_BODY) {
      sendError(res, 413, `request body over ${MAX_ECHO_BODY} bytes`);
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (size > MAX_ECHO_BODY) return;
    const q = req.url?.indexOf('?') ?? -1;
    sendJson(res, 200, {
      method: req.method,
      path,
      query: Object.fromEntries(new URLSearchParams(q < 0 ? '' : req.url!.slice(q + 1))),
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
  });
}
