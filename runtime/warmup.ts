import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsEngine } from './metrics/engine.js';
import { ChunkWriter, DONE_EVENT, usage } from './mock/openai-format.js';
import type { MetricRegistry } from './metrics/registry.js';
import type { SampleGate } from './metrics/sample-gate.js';
import type { Vu } from './vu/types.js';

/** Requests per VU and module, on at most WARMUP_VUS VUs: 3,000 per module (bench/README.md has the numbers behind them). */
const WARMUP_PER_VU = 100;
const WARMUP_VUS = 30;

/**
 * The runtime warm-up. A fresh process runs its JIT-compiled request path
 * cold: at 2,000 arrivals/s, the first ~2 s of a test ran it several times
 * slower than later, the event loop fell behind, responses waited, more VUs
 * were drawn in and arrivals were dropped (p99 iteration_schedule_lag 45 ms
 * over 30 s, all of it from the start). So before arrival-rate scenarios
 * start, a few VUs run the warm-ups their modules registered — the same
 * module code, host ops, undici and sample emission as a script's requests —
 * against a loopback server of our own, never the script's targets, with
 * the samples diverted to a scratch engine. No iteration counter moves.
 */
export async function warmUp(vus: readonly Vu[], kinds: readonly string[], gate: SampleGate, registry: MetricRegistry): Promise<void> {
  const server = http.createServer(respond);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  gate.divert(new MetricsEngine(registry, { batch: false }));
  try {
    await Promise.all(
      vus.slice(0, WARMUP_VUS).map(async (vu) => {
        for (const kind of kinds) {
          for (let i = 0; i < WARMUP_PER_VU; i++) {
            // A VU that cannot warm up (e.g. its isolate died) is left alone.
            if (!(await vu.warmUp(kind, url))) return;
          }
        }
      }),
    );
  } finally {
    gate.restore();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const WARMUP_TOKENS = 16;

/**
 * The warm-up server: `llmload/http` gets a plain 200, `llmload/openai` a
 * streamed chat completion (role chunk, WARMUP_TOKENS content chunks in
 * separate writes, finish, usage, [DONE]) so its SSE and timing path runs.
 */
function respond(req: http.IncomingMessage, res: http.ServerResponse): void {
  req.resume();
  req.on('end', () => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return void res.end('ok');
    const fmt = new ChunkWriter('chat', 'chatcmpl-warmup', Math.floor(Date.now() / 1000), 'warmup');
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
    res.write(fmt.role());
    for (let i = 0; i < WARMUP_TOKENS; i++) res.write(fmt.content(' warm'));
    res.end(fmt.finish('length') + fmt.usage(usage(4, WARMUP_TOKENS, 0)) + DONE_EVENT);
  });
}
