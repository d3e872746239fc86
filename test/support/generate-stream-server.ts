import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small server speaking Triton's generate extension (KServe v2), for the
 * kserve example plugin's tests:
 *
 *   POST /v2/models/<model>[/versions/<v>]/generate_stream   SSE, one `data:` event per token
 *   POST /v2/models/<model>[/versions/<v>]/generate          one JSON body
 *
 * Each event is Triton's `$generate_response`: `{ model_name, model_version,
 * text_output }`, the token "tN " as text. `parameters` drive it: `max_tokens`
 * (default 4), `ttft_ms`, `itl_ms`, `fail` (`error-mid-stream`: an
 * `{"error": …}` event after the 2nd token, Triton's way; `reset-mid-stream`:
 * an RST). As Triton's vLLM backend does, `return_finish_reason`,
 * `return_num_input_tokens` and `return_num_output_tokens` (top-level inputs)
 * add `finish_reason`, `num_input_tokens` (the words of `text_input`) and
 * `num_output_tokens` (1 per token event). The model `missing` is a 400
 * `{"error": …}`, as Triton answers an unknown model.
 */
export interface GenerateServer {
  url: string;
  /** Every request: its path, headers and body. */
  requests: Array<{ path: string; headers: http.IncomingHttpHeaders; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

const ROUTE = /^\/v2\/models\/([^/]+)(?:\/versions\/[^/]+)?\/(generate|generate_stream)$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGenerateServer(): Promise<GenerateServer> {
  const requests: GenerateServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      void respond(req, res, body).catch(() => res.destroy());
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(req: http.IncomingMessage, res: http.ServerResponse, body: Record<string, unknown>): Promise<void> {
  const route = ROUTE.exec(req.url ?? '');
  if (req.method !== 'POST' || !route) return json(res, 404, { error: 'Not Found' });
  const model = decodeURIComponent(route[1]!);
  if (model === 'missing') return json(res, 400, { error: `Request for unknown model: '${model}' is not found` });
  const params = (body.parameters ?? {}) as Record<string, unknown>;
  const n = Number(params.max_tokens ?? 4);
  const words = typeof body.text_input === 'string' ? body.text_input.split(/\s+/).filter(Boolean).length : 0;
  const extra = (i: number): Record<string, unknown> => ({
    ...(body.return_num_input_tokens === true && { num_input_tokens: words }),
    ...(body.return_num_output_tokens === true && { num_output_tokens: 1 }),
    ...(body.return_finish_reason === true && { finish_reason: i === n - 1 ? 'length' : '' }),
  });
  const response = (text: string, i: number) => ({ model_name: model, model_version: '1', text_output: text, ...extra(i) });
  if (route[2] === 'generate') return json(res, 200, response(Array.from({ length: n }, (_, i) => `t${i} `).join(''), n - 1));

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  await sleep(Number(params.ttft_ms ?? 0));
  for (let i = 0; i < n; i++) {
    if (i > 0) await sleep(Number(params.itl_ms ?? 0));
    res.write(`data: ${JSON.stringify(response(`t${i} `, i))}\n\n`);
    if (i === 1 && params.fail === 'error-mid-stream') return void res.end(`data: ${JSON.stringify({ error: 'scripted failure in the backend' })}\n\n`);
    if (i === 1 && params.fail === 'reset-mid-stream') return void res.socket?.resetAndDestroy();
  }
  res.end();
}

function json(res: http.ServerResponse, status: number, obj: object): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
}
