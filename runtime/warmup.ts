import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MetricsEngine } from './metrics/engine.js';
import type { MetricRegistry } from './metrics/registry.js';
import type { SampleGate } from './metrics/sample-gate.js';
import type { Vu } from './vu/types.js';

/** Requests per VU, on at most WARMUP_VUS VUs: 3,000 in all (bench/README.md has the numbers behind them). */
const WARMUP_PER_VU = 100;
const WARMUP_VUS = 30;

/** What the warm-up did. */
export interface WarmupReport {
  requests: number;
  failed: number;
  ms: number;
}

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
export async function warmUp(vus: readonly Vu[], kinds: readonly string[], gate: SampleGate, registry: MetricRegistry): Promise<WarmupReport> {
  const t0 = performance.now();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const using = vus.slice(0, WARMUP_VUS);
  const each = WARMUP_PER_VU;
  let requests = 0;
  let failed = 0;
  gate.divert(new MetricsEngine(registry, { batch: false }));
  try {
    await Promise.all(
      using.map(async (vu) => {
        for (const kind of kinds) {
          for (let i = 0; i < each; i++) {
            requests++;
            if (!(await vu.warmUp(kind, url))) {
              failed++;
              return; // a VU that cannot warm up (e.g. its isolate died) is left alone
            }
          }
        }
      }),
    );
  } finally {
    gate.restore();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return { requests, failed, ms: performance.now() - t0 };
}
