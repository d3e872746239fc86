import { MetricsEngine } from './metrics/engine.js';
import type { MetricRegistry } from './metrics/metric-registry.js';
import type { SampleGate } from './metrics/sample-gate.js';
import type { Prepared } from './prepare.js';
import type { PlannedScenario } from './scheduler/scheduler.js';
import { segmentTuple, type SegmentOptions } from './segments/segment-options.js';
import type { Vu } from './vu/types.js';
import { startWarmupServer } from './warmup-server.js';

/**
 * Requests per VU and module, on at most WARMUP_VUS VUs: 3,000 per module
 * before arrival-paced scenarios (a cold start there cascades into dropped
 * arrivals), 300 when every scenario is a closed loop, which needs only a
 * warm first wave (bench/README.md has the numbers behind both).
 */
const WARMUP_PER_VU = 100;
const WARMUP_PER_VU_CLOSED = 10;
const WARMUP_VUS = 30;
/** The fewest warm-up VUs of an instance that runs an execution segment (a thread of `--threads`, an agent). */
const WARMUP_MIN_VUS = 10;

/**
 * The runtime warm-up. A fresh process runs its JIT-compiled request path
 * cold, so the first seconds of a test ran it several times slower: at high
 * arrival rates the event loop fell behind and arrivals were dropped, and a
 * closed-loop scenario's first wave of VUs showed in its TTFT tail
 * (bench/README.md has the numbers). So before the test starts, a few VUs run
 * the warm-ups their modules registered — the same module code, host ops,
 * undici and sample emission as a script's requests — against a loopback
 * server of our own (runtime/warmup-server.ts), never the script's targets,
 * with the samples diverted to a scratch engine. No iteration counter moves.
 */
export async function warmUp(
  vus: readonly Vu[],
  kinds: readonly string[],
  gate: SampleGate,
  registry: MetricRegistry,
  count: number,
  perVu: number,
): Promise<void> {
  const server = await startWarmupServer();
  gate.divert(new MetricsEngine(registry, { batch: false }));
  try {
    await Promise.all(
      vus.slice(0, count).map(async (vu) => {
        for (const kind of kinds) {
          for (let i = 0; i < perVu; i++) {
            // A VU that cannot warm up (e.g. its isolate died) is left alone.
            if (!(await vu.warmUp(kind, server.url))) return;
          }
        }
      }),
    );
  } finally {
    gate.restore();
    await server.close();
  }
}

/**
 * The runtime warm-up of `vus` before a test (or a sweep) starts, unless
 * `--no-warmup`; best effort: a warm-up that cannot run (no loopback?) must
 * not stop the test, it is a warning.
 */
export async function warmVus(
  vus: Vu[],
  prepared: Pick<Prepared, 'warmups' | 'gate' | 'registry' | 'options' | 'planned'>,
  warmup: boolean | undefined,
  warn: (message: string) => void,
  perVu = warmupPerVu(prepared.planned),
): Promise<void> {
  if (warmup === false || prepared.warmups.length === 0) return;
  await warmUp(vus, prepared.warmups, prepared.gate, prepared.registry, warmupVus(prepared.options), perVu).catch((err: unknown) =>
    warn(`runtime warm-up skipped: ${err instanceof Error ? err.message : String(err)}`),
  );
}

/**
 * How many VUs warm up: WARMUP_VUS, or an execution segment's share of them
 * (at least WARMUP_MIN_VUS). An instance that runs part of the test serves
 * that part of its rate, and `--threads N` would otherwise warm up N times.
 */
export function warmupVus(options: SegmentOptions): number {
  const tuple = segmentTuple(options);
  return tuple ? Math.max(WARMUP_MIN_VUS, tuple.scale(WARMUP_VUS)) : WARMUP_VUS;
}

/** Warm-up requests per VU: the full count when any scenario is arrival-paced (or none is known yet: pass `[]`), else the closed loops'. */
export function warmupPerVu(planned: readonly Pick<PlannedScenario, 'schedule'>[]): number {
  const closed = planned.length > 0 && planned.every((p) => p.schedule.kind !== 'arrivals');
  return closed ? WARMUP_PER_VU_CLOSED : WARMUP_PER_VU;
}
