/**
 * The whole data flow of `llmload run`, in order:
 *
 *   script → bundle → VUs (init) → options → setup() → scheduler drives the
 *   executors' schedules → VUs run iterations, modules do I/O in the host →
 *   samples (+ telemetry samples) → metrics engine → thresholds (every 2 s and at the end) →
 *   outputs (batches every 100 ms) → teardown() → summary / handleSummary →
 *   exit code.
 */
import type { RunFlags } from './cli/flags.js';
import { createConsole } from './console.js';
import { finishTest } from './end-of-test.js';
import { ExitCode, isLlmloadError, LlmloadError } from './errors.js';
import { startOutputs } from './run-outputs.js';
import { BUILTIN_PLUGINS } from './plugin-host/builtin.js';
import { PluginRegistry } from './plugin-host/registry.js';
import { RecordBus } from './record-channel.js';
import { prepare } from './prepare.js';
import { createProgress } from './progress.js';
import { monoNow } from './scheduler/clock.js';
import { createErrorLog } from './scheduler/error-log.js';
import { plannedInitialVus, startScheduler } from './scheduler/scheduler.js';
import { createVuAllocator } from './scheduler/vu-allocator.js';
import { onStopSignals } from './signals.js';
import { createThresholds } from './thresholds/thresholds.js';
import type { TelemetrySource } from './plugin-api/telemetry.js';
import { warmUp } from './warmup.js';
import { createLoadHealthMonitor } from './health/monitor.js';
import { SATURATED_MESSAGE } from './health/section.js';

/** Why the test stopped early, if it did; decides the exit code. */
type StopReason = { kind: 'signal'; signal: string } | { kind: 'abort'; reason: string } | { kind: 'thresholds'; which: string };

/** Called by run() at fixed points. */
export interface RunHooks {
  /** The script and its options validated; the test is about to start (`--mock` starts its server here). */
  beforeStart?(): Promise<void>;
}

export async function run(flags: RunFlags, plugins = new PluginRegistry(BUILTIN_PLUGINS), hooks: RunHooks = {}): Promise<number> {
  const con = createConsole(flags);
  const records = new RecordBus();
  const prepared = await prepare(flags, plugins, { ...con, records });
  const { options, planned, engine, registry, factory } = prepared;
  const thresholds = options.noThresholds ? undefined : createThresholds(options.thresholds, registry, engine);
  await hooks.beforeStart?.();
  const outputs = await startOutputs(flags.out ?? [], plugins, { metrics: registry, runTags: options.tags, con, records });
  con.header(prepared, outputs.descriptions);

  const hardStop = new AbortController();
  let stopReason: StopReason | undefined;
  const stop = (reason: StopReason) => {
    stopReason ??= reason;
    hardStop.abort();
  };
  const offSignals = onStopSignals((signal) => stop({ kind: 'signal', signal }), con.info);
  const errors = createErrorLog(con.error);
  const startedTelemetry: TelemetrySource[] = [];
  const stopTelemetry = async () => {
    // stop() takes a final sample, so energy counters cover the last request.
    for (const t of startedTelemetry.splice(0)) {
      try {
        await t.stop();
      } catch (err) {
        con.warn(`telemetry ${t.name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };

  try {
    // setup(): once, before any VU iterates; its JSON result goes to every VU.
    let setupData: string | undefined;
    if (!options.noSetup && prepared.exports.includes('setup')) {
      setupData = await factory.runLifecycle('setup', undefined, options.setupTimeout);
    }

    const allocator = createVuAllocator((id) => factory.createVu(id));
    const initial = plannedInitialVus(planned);
    const initialVus = await Promise.all(Array.from({ length: initial }, () => allocator.grow()));
    // Arrival-rate scenarios start on a warm request path (runtime/warmup.ts): no samples, not the script's targets.
    if (flags.warmup !== false && prepared.warmups.length > 0 && planned.some((p) => p.schedule.kind === 'arrivals')) {
      // Best effort: a warm-up that cannot run (no loopback?) must not stop the test.
      await warmUp(initialVus, prepared.warmups, prepared.gate, registry).catch((err: unknown) => con.warn(`runtime warm-up skipped: ${err instanceof Error ? err.message : String(err)}`));
    }
    for (const vu of initialVus) allocator.give(vu);

    // Telemetry samples on the same clock as the load, from just before it starts.
    for (const t of prepared.telemetry) {
      await t.start();
      startedTelemetry.push(t);
    }
    const health = createLoadHealthMonitor({ sink: engine, tags: options.tags, warn: con.warn });
    health.start();
    const startMono = monoNow();
    const flushTimer = setInterval(() => outputs.add(engine.drainBatch()), 100);
    const thresholdTimer = thresholds
      ? setInterval(() => {
          const r = thresholds.evaluate(monoNow() - startMono, { final: false });
          if (r.shouldAbort) stop({ kind: 'thresholds', which: r.shouldAbort });
        }, 2000)
      : undefined;

    const { state, done } = startScheduler({
      scenarios: planned,
      pool: allocator,
      sink: engine,
      runTags: options.tags,
      env: prepared.env,
      setupData,
      errors,
      hardStop: hardStop.signal,
      onTestAbort: (reason) => stop({ kind: 'abort', reason }),
      warn: con.warn,
      minIterationDuration: options.minIterationDuration,
    });
    const progress = createProgress(process.stderr, { quiet: flags.quiet });
    progress.start(state);
    await done;
    health.stop();
    progress.stop();
    await stopTelemetry();
    clearInterval(flushTimer);
    if (thresholdTimer) clearInterval(thresholdTimer);
    const testRunDurationMs = monoNow() - startMono;

    // teardown() runs even after a graceful stop, as in k6 (not after abort()).
    if (!options.noTeardown && prepared.exports.includes('teardown') && stopReason?.kind !== 'abort') {
      await factory.runLifecycle('teardown', setupData, options.teardownTimeout);
    }
    allocator.disposeAll();

    const contributors = [...prepared.contributors, ...outputs.contributors, health];
    const result = await finishTest({ prepared, flags, thresholds, outputs, errors, testRunDurationMs, con, contributors });
    if (health.verdict().saturated) con.warn(`${SATURATED_MESSAGE} (see LOAD GENERATOR in the summary)`);
    if (stopReason?.kind === 'signal') return ExitCode.EXTERNAL_ABORT;
    if (stopReason?.kind === 'abort') {
      con.error(`test aborted by the script: ${stopReason.reason}`);
      return ExitCode.SCRIPT_ABORTED;
    }
    if (stopReason?.kind === 'thresholds') {
      con.error(`thresholds on ${stopReason.which} were crossed and abortOnFail stopped the test`);
      return ExitCode.THRESHOLDS_CROSSED;
    }
    return result.thresholdsCrossed ? ExitCode.THRESHOLDS_CROSSED : ExitCode.OK;
  } catch (err) {
    // Whatever was measured before the failure still reaches the outputs.
    await stopTelemetry();
    outputs.add(engine.drainBatch());
    await outputs.stop(err);
    if (isLlmloadError(err)) throw err;
    throw new LlmloadError('ERR_INTERNAL', err instanceof Error ? (err.stack ?? err.message) : String(err));
  } finally {
    offSignals();
    factory.dispose();
    await con.close();
    await Promise.allSettled([...prepared.endpoints.values()].map(async (e) => e.close?.()));
  }
}

/** `llmload inspect`: everything `run` decides before starting, as JSON; runs nothing. */
export async function inspect(flags: RunFlags, plugins = new PluginRegistry(BUILTIN_PLUGINS)): Promise<number> {
  const con = createConsole({ ...flags, quiet: true, consoleOutput: undefined });
  const prepared = await prepare(flags, plugins, { ...con, records: new RecordBus() });
  try {
    const { options } = prepared;
    const view = {
      ...options,
      scenarios: Object.fromEntries(
        prepared.planned.map(({ scenario, executor }) => [
          scenario.name,
          { ...scenario, name: undefined, description: executor.describe(scenario.config), maxDuration: executor.maxDuration(scenario.config) },
        ]),
      ),
      initialVUs: plannedInitialVus(prepared.planned),
    };
    process.stdout.write(JSON.stringify(view, null, 2) + '\n');
    return ExitCode.OK;
  } finally {
    prepared.factory.dispose();
  }
}
