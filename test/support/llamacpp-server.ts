import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for llama.cpp's `llama-server --metrics` in server-telemetry
 * tests: it streams chat completions (with usage when asked) and serves
 * `/metrics` in llama.cpp's format from a golden capture whose counters
 * follow the requests it really served, as llama-server's do (they move when
 * a request finishes): `llamacpp:tokens_predicted_total` and
 * `llamacpp:prompt_tokens_total` start at the capture's values and grow by
 * each finished request's usage; `llamacpp:requests_processing` is the number
 * of streams in flight. Each request's prompt counts as its words plus 10
 * chat-template tokens; it generates `max_tokens` (default 8) tokens, `itl_ms`
 * (default 10) apart.
 *
 * Other routes: `extra` maps a path to a fixed body (e.g. a /metrics with no
 * family llmload knows).
 */
export interface LlamacppServer {
  url: string;
  /** Requests answered per path (scrapes of /metrics included). */
  served(path: string): number;
  /** Totals of the chat requests finished so far. */
  tokens: { prompt: number; generated: number };
  close(): Promise<void>;
}

export async function startLlamacppServer(capture: string, extra: Record<string, string> = {}): Promise<LlamacppServer> {
  const counts = new Map<string, number>();
  const tokens = { prompt: 0, generated: 0 };
  let processing = 0;
  const base = (name: string) => Number(new RegExp(`^llamacpp:${name} (\\S+)$`, 'm').exec(capture)?.[1]);
  const basePrompt = base('prompt_tokens_total');
  const baseGenerated = base('tokens_predicted_total');

  const metrics = () =>
    capture
      .replace(/^llamacpp:prompt_tokens_total .*$/m, `llamacpp:prompt_tokens_total ${basePrompt + tokens.prompt}`)
      .replace(/^llamacpp:tokens_predicted_total .*$/m, `llamacpp:tokens_predicted_total ${baseGenerated + tokens.generated}`)
      .replace(/^llamacpp:requests_processing .*$/m, `llamacpp:requests_processing ${processing}`);

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    counts.set(path, (counts.get(path) ?? 0) + 1);
    if (req.method === 'GET' && (path === '/metrics' || extra[path] !== undefined)) {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      return void res.end(path === '/metrics' ? metrics() : extra[path]);
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ error: { code: 404, message: 'File Not Found', type: 'not_found_error' } }));
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      processing++;
      void stream(res, JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>).then(
        (usage) => {
          processing--;
          tokens.prompt += usage.prompt;
          tokens.generated += usage.generated;
        },
        () => processing--,
      );
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served: (p) => counts.get(p) ?? 0,
    tokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stream(res: http.ServerResponse, body: Record<string, unknown>): Promise<{ prompt: number; generated: number }> {
  const messages = (body.messages ?? []) as Array<{ content?: unknown }>;
  const words = messages.reduce(
    (n, m) =>
      n +
      String(m.content ?? '')
        .split(/\s+/)
        .filter(Boolean).length,
    0,
  );
  const usage = { prompt: words + 10, generated: typeof body.max_tokens === 'number' ? body.max_tokens : 8 };
  const itl = Number(body.itl_ms ?? 10);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const send = (obj: object) => res.write(`data: ${JSON.stringify(obj)}\n\n`);
  const chunk = (delta: object, finish: string | null = null) =>
    send({ object: 'chat.completion.chunk', model: 'tiny', choices: [{ index: 0, delta, finish_reason: finish }] });
  for (let i = 0; i < usage.generated; i++) {
    if (i > 0) await sleep(itl);
    chunk(i === 0 ? { role: 'assistant', content: `t${i}` } : { content: ` t${i}` });
  }
  chunk({}, 'length');
  if ((body.stream_options as { include_usage?: boolean } | undefined)?.include_usage) {
    send({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: usage.prompt, completion_tokens: usage.generated, total_tokens: usage.prompt + usage.generated },
    });
  }
  res.end('data: [DONE]\n\n');
  return usage;
}
