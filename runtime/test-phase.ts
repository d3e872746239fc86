/**
 * The part of a run between the checks and the summary: setup(), the VUs, the
 * warm-up, telemetry, the scheduler driving every scenario (with samples
 * flowing to the outputs and thresholds evaluated as it goes), teardown().
 */
import { Cleanup } from './cleanup.js';
import type { RunConsole } from './console.js';
import { createLoadHealthMonitor, type LoadHealthMonitor } from './health/monitor.js';
import type { TelemetrySource } from './plugin-api/telemetry.js';
import type { Prepared } from './prepare.js';
import { createProgress, type Progress } from './progress.js';
import { LiveLlmStats } from './progress-llm.js';
import type { RunOutputs } from './run-outputs.js';
import { delay, monoNow, wallTime } from './scheduler/clock.js';
import type { ErrorLog } from './scheduler/error-log.js';
import { plannedInitialVus, startScheduler } from './scheduler/scheduler.js';
import { createVuAllocator, type VuAllocator } from './scheduler/vu-allocator.js';
import type { Thresholds } from './thresholds/thresholds.js';
import { warmVus } from './warmup.js';
import { preconnectVus } from './preconnect-vus.js';

/** Why the test stopped early, if it did; decides the exit code. */
export type StopReason =
  | { kind: 'signal'; signal: string }
  | { kind: 'abort'; reason: string }
  | { kind: 'thresholds'; which: string }
  /** A distributed run lost an agent, or an agent its coordinator (exit 110). */
  | { kind: 'agentLost'; why: string };

export interface TestPhaseInput {
  prepared: Prepared;
  con: RunConsole;
  outputs: RunOutputs;
  thresholds: Thresholds | undefined;
  errors: ErrorLog;
  /** `--no-warmup` (false) skips the runtime warm-up. */
  warmup: boolean | undefined;
  quiet: boolean;
  /** Aborted by stop(): no new iterations, running ones interrupted. */
  hardStop: AbortSignal;
  stop(reason: StopReason): void;
  /** The first stop reason, if any. */
  stopped(): StopReason | undefined;
  /** Also told about the scheduler's progress (run()'s onProgress). */
  progress: readonly Progress[];
  /**
   * A distributed agent's part of the test: setup() ran once on the
   * coordinator, whose ready barrier returns its data and the instant all
   * agents start at, once this agent's VUs are ready; teardown() is the
   * coordinator's too.
   */
  remote?: { ready(): Promise<{ setupData: string | undefined; startAt: number }> };
}

/**
 * Runs the test; resolves with its duration and the load generator's health.
 * Whatever way it ends, the VUs, timers, telemetry and progress it started
 * are stopped when it returns or throws.
 */
export async function runTestPhase(input: TestPhaseInput): Promise<{ testRunDurationMs: number; health: LoadHealthMonitor }> {
  const cleanup = new Cleanup();
  try {
    return await testPhase(input, cleanup);
  } finally {
    await cleanup.release((err) => input.con.warn(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }
}

async function testPhase(input: TestPhaseInput, cleanup: Cleanup): Promise<{ testRunDurationMs: number; health: LoadHealthMonitor }> {
  const { prepared, con, stop } = input;
  const { options, planned, engine, factory } = prepared;
  // setup(): once, before any VU iterates; its JSON result goes to every VU.
  let setupData: string | undefined;
  if (!input.remote && !options.noSetup && prepared.exports.includes('setup')) {
    setupData = await factory.runLifecycle('setup', undefined, options.setupTimeout);
  }
  const allocator = await readyVus(input, cleanup);
  if (input.remote) {
    const begin = await input.remote.ready();
    setupData = begin.setupData;
    await delay(begin.startAt - wallTime(), input.hardStop);
  }

  // Telemetry samples on the same clock as the load, from just before it starts; in a distributed
  // run (and in --threads) the coordinator scrapes it once: an agent's scrapes would count its counters again.
  const telemetry = startedTelemetry(con);
  cleanup.add(telemetry.stop);
  if (!input.remote) for (const t of prepared.telemetry) await telemetry.start(t);
  const health = createLoadHealthMonitor({ sink: engine, tags: options.tags, warn: con.warn });
  cleanup.add(() => health.stop());
  health.start();
  const startMono = monoNow();
  // The progress line's LLM numbers come from the batches the outputs get (none with -q).
  const live = input.quiet ? undefined : new LiveLlmStats();
  engine.collectBatches(input.outputs.wantsSamples || live !== undefined);
  const stopTimers = startTimers(input, startMono, live);
  cleanup.add(stopTimers);

  const { state, done } = startScheduler({
    scenarios: planned,
    pool: allocator,
    sink: engine,
    runTags: options.tags,
    env: prepared.env,
    setupData,
    errors: input.errors,
    hardStop: input.hardStop,
    onTestAbort: (reason) => stop({ kind: 'abort', reason }),
    warn: con.warn,
    minIterationDuration: options.minIterationDuration,
  });
  const followers = [createProgress(con.stderr, { quiet: input.quiet, llm: live }), ...input.progress];
  for (const p of followers) {
    cleanup.add(() => p.stop());
    p.start(state);
  }
  await done;
  health.stop();
  // The last samples, so the progress line's final drawing counts every request.
  const last = prepared.engine.drainBatch();
  input.outputs.add(last);
  live?.add(last);
  for (const p of followers) p.stop();
  await telemetry.stop();
  stopTimers();
  const testRunDurationMs = monoNow() - startMono;

  // teardown() runs even after a graceful stop, as in k6 (not after abort()).
  if (!input.remote && !options.noTeardown && prepared.exports.includes('teardown') && input.stopped()?.kind !== 'abort') {
    await factory.runLifecycle('teardown', setupData, options.teardownTimeout);
  }
  allocator.disposeAll();
  return { testRunDurationMs, health };
}

/** The VUs the plan needs from the start, initialised and warmed up. */
async function readyVus(input: TestPhaseInput, cleanup: Cleanup): Promise<VuAllocator> {
  const { prepared, con } = input;
  const allocator = createVuAllocator((id) => prepared.factory.createVu(id));
  cleanup.add(() => allocator.disposeAll());
  const initialVus = await Promise.all(Array.from({ length: plannedInitialVus(prepared.planned) }, () => allocator.grow()));
  // Every scenario starts on a warm request path (runtime/warmup.ts): no samples, not the script's targets.
  await warmVus(initialVus, prepared, input.warmup, con.warn);
  // The warm start: each VU's connection to the script's LLM server opened before the clock starts.
  if (input.warmup !== false) await preconnectVus(initialVus, prepared.preconnect);
  for (const vu of initialVus) allocator.give(vu);
  return allocator;
}

/** Samples to the outputs every 100 ms, thresholds every 2 s (abortOnFail stops the test); returns their stop. */
function startTimers(input: TestPhaseInput, startMono: number, live: LiveLlmStats | undefined): () => void {
  const { outputs, thresholds, prepared } = input;
  const flushTimer = setInterval(() => {
    const batch = prepared.engine.drainBatch();
    outputs.add(batch);
    live?.add(batch);
  }, 100);
  const thresholdTimer = thresholds
    ? setInterval(() => {
        const r = thresholds.evaluate(monoNow() - startMono, { final: false });
        if (r.shouldAbort) input.stop({ kind: 'thresholds', which: r.shouldAbort });
      }, 2000)
    : undefined;
  return () => {
    clearInterval(flushTimer);
    clearInterval(thresholdTimer);
  };
}

/** The telemetry sources started so far; stop() takes each one's final sample, once. */
export function startedTelemetry(con: RunConsole): { start(t: TelemetrySource): Promise<void>; stop(): Promise<void> } {
  const started: TelemetrySource[] = [];
  return {
    async start(t) {
      await t.start();
      started.push(t);
    },
    // stop() takes a final sample, so energy counters cover the last request.
    async stop() {
      for (const t of started.splice(0)) {
        try {
          await t.stop();
        } catch (err) {
          con.warn(`telemetry ${t.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },
  };
}
