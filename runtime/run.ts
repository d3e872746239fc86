/**
 * The whole data flow of a run, in order; `llmload run` and `run()` from
 * `llmload/api` both call runTest():
 *
 *   script → bundle → VUs (init) → options → the server ready (waitFor) and
 *   endpoints' before-test work (model: 'auto') → header → setup() → scheduler drives the
 *   executors' schedules → VUs run iterations, modules do I/O in the host →
 *   samples (+ telemetry samples) → metrics engine → thresholds (every 2 s and at the end) →
 *   outputs (batches every 100 ms) → teardown() → summary / handleSummary →
 *   exit code.
 *
 * A run writes only through its console, stops only through `stopSources`,
 * and releases everything it started before it resolves: it never exits the
 * process, installs no process-wide handler and never rejects.
 */
import type { RunFlags } from './cli/flags.js';
import { Cleanup } from './cleanup.js';
import type { RunConsole } from './console.js';
import { finishTest } from './end-of-test.js';
import { ExitCode, isLlmloadError, LlmloadError } from './errors.js';
import { SATURATED_MESSAGE } from './health/section.js';
import type { MockOptionsInput } from './mock/options.js';
import type { PluginRegistry } from './plugin-host/plugin-registry.js';
import { prepare } from './prepare.js';
import type { Progress } from './progress.js';
import { beforeTest } from './readiness/before-test.js';
import { RecordBus } from './record-channel.js';
import { reserveMock } from './run-mock.js';
import { startOutputs } from './run-outputs.js';
import { epochOrigin } from './scheduler/clock.js';
import { createErrorLog } from './scheduler/error-log.js';
import { generateTestId, testIdOf } from './test-id.js';
import { runTestPhase, type StopReason } from './test-phase.js';
import { createThresholds, type ThresholdsEvaluation } from './thresholds/thresholds.js';
import { lookupMetric, type MetricLookup } from './metric-lookup.js';
import { ciKind, reportToGithub } from './ci/github.js';
import { runInThreads } from './threads/run-threads.js';

export type { StopReason } from './test-phase.js';

/** What a run needs besides its flags; the CLI and run() fill it in differently. */
export interface RunRequest {
  flags: RunFlags;
  /** The built-ins; --plugin, options.plugins and `pluginObjects` add to it. */
  plugins: PluginRegistry;
  /** Plugin objects given to run() (`origin` names each in errors), checked and added first. */
  pluginObjects?: ReadonlyArray<{ plugin: unknown; origin: string }>;
  con: RunConsole;
  /** Starts the built-in mock for the run (`--mock`, run()'s `mock`); `where` names the settings in errors. */
  mock?: { input: MockOptionsInput; where: string };
  /**
   * Installs what may stop the test gracefully (the CLI's signals and parent
   * watch, run()'s AbortSignal) when it is about to start; `by` names the
   * cause. Returns a function that uninstalls it.
   */
  stopSources?(stop: (by: string) => void): () => void;
  /** Followers of the live scheduler state besides the progress line (run()'s onProgress). */
  progress?: readonly Progress[];
}

/** How a run ended. */
export interface RunOutcome {
  exitCode: number;
  /** The run's id (`testid` run tag, or generated). */
  testid: string;
  /** The error that ended the run early (invalid options, a script exception…); already an exit code. */
  failure?: LlmloadError;
  /** Why the test stopped before its end, if it did (a signal, exec.test.abort(), abortOnFail). */
  stopped?: StopReason;
  /** The final thresholds evaluation; absent when the run failed before it or defines none. */
  thresholds?: ThresholdsEvaluation;
  /** What handleSummary() receives; absent when the run failed before the summary. */
  summary?: Record<string, unknown>;
  /** Any statistic of a metric the run tracked, at the end of the test; absent with `summary`. */
  metric?: MetricLookup;
}

/** Runs a test; never rejects: a failure is in the outcome, with its exit code. */
export function runTest(req: RunRequest): Promise<RunOutcome> {
  // --threads N: the same test as an in-process coordinator and N worker threads that each run a segment of it.
  const threads = req.flags.threads ?? 1;
  if (threads !== 1) return runInThreads(req, threads);
  return guardedRun(req, (run, cleanup) => runWithin(req, run, cleanup));
}

/** Runs `body` as a run: a failure becomes the outcome with its exit code, and what it started is released. */
export async function guardedRun(req: RunRequest, body: (run: RunState, cleanup: Cleanup) => Promise<RunOutcome>): Promise<RunOutcome> {
  const cleanup = new Cleanup();
  const run: RunState = { testid: generateTestId() };
  cleanup.add(() => req.con.close());
  try {
    return await body(run, cleanup);
  } catch (err) {
    const failure = isLlmloadError(err) ? err : new LlmloadError('ERR_INTERNAL', err instanceof Error ? (err.stack ?? err.message) : String(err));
    return { exitCode: failure.exitCode, testid: run.testid, failure, stopped: run.stopped };
  } finally {
    await cleanup.release((err) => req.con.warn(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }
}

/** What a run learns as it goes (also the sweep's, runtime/sweep/run-sweep.ts). */
export interface RunState {
  testid: string;
  stopped?: StopReason;
}

async function runWithin(req: RunRequest, run: RunState, cleanup: Cleanup): Promise<RunOutcome> {
  const { con } = req;
  const { flags, prepared, thresholds, outputs } = await startRun(req, run, cleanup);
  const { engine, registry } = prepared;
  const { hardStop, stop, errors } = await beginTest(req, run, cleanup, { flags, prepared, outputs });
  try {
    const { testRunDurationMs, health } = await runTestPhase({
      prepared,
      con,
      outputs,
      thresholds,
      errors,
      warmup: flags.warmup,
      quiet: flags.quiet,
      hardStop: hardStop.signal,
      stop,
      stopped: () => run.stopped,
      progress: req.progress ?? [],
    });
    const contributors = [...prepared.contributors, ...outputs.contributors, health];
    const finished = await finishTest({ prepared, flags, thresholds, outputs, errors, testRunDurationMs, con, contributors, testid: run.testid });
    if (health.verdict().saturated) con.warn(`${SATURATED_MESSAGE} (see LOAD GENERATOR in the summary)`);
    const exitCode = exitCodeFor(run.stopped, finished.thresholdsCrossed, con);
    await reportToCi(flags, con, { exitCode, testid: run.testid, finished });
    return {
      exitCode,
      testid: run.testid,
      stopped: run.stopped,
      thresholds: finished.thresholds,
      summary: finished.summary,
      metric: lookupMetric(engine, registry, testRunDurationMs),
    };
  } catch (err) {
    // Whatever was measured before the failure still reaches the outputs.
    outputs.add(engine.drainBatch());
    await outputs.stop(err);
    throw err;
  }
}

/**
 * The test is about to start: what may stop it is installed (signals, the
 * AbortSignal), the server is ready and endpoints did their before-test work
 * (waitFor, model: 'auto'), and the header is printed. Returns the hard stop
 * (aborted by any stop), the stop function and the run's error log.
 */
export async function beginTest(
  req: RunRequest,
  run: RunState,
  cleanup: Cleanup,
  started: Pick<StartedRun, 'flags' | 'prepared' | 'outputs'>,
  /** Header lines (`label: text`) the caller adds, before the before-test notes. */
  headerNotes: readonly string[] = [],
) {
  const { con } = req;
  const { flags, prepared, outputs } = started;
  const hardStop = new AbortController();
  const stop = (reason: StopReason) => {
    run.stopped ??= reason;
    hardStop.abort();
  };
  const offStops = req.stopSources?.((signal) => stop({ kind: 'signal', signal }));
  if (offStops) cleanup.add(offStops);
  // A server still loading its model (waitFor), and discovery (model: 'auto'): before the header, setup() and the warm-up.
  const notes = await beforeTest(prepared, { stderr: con.stderr, quiet: flags.quiet, signal: hardStop.signal, processEnv: con.processEnv });
  con.header(prepared, outputs.descriptions, [...headerNotes, ...notes]);
  return { hardStop, stop, errors: createErrorLog(con.error) };
}

/**
 * Everything before the test: plugins, the mock's address, the script and its
 * options (prepare), thresholds, the mock itself, the outputs.
 */
export async function startRun(req: RunRequest, run: RunState, cleanup: Cleanup) {
  const { con, plugins } = req;
  epochOrigin(); // the wall clock's calibration spins briefly: now, not during the test
  for (const p of req.pluginObjects ?? []) plugins.add(p.plugin, p.origin);
  let flags = req.flags;
  const mock = req.mock && (await reserveMock(req.mock.input, req.mock.where));
  if (mock) flags = { ...flags, env: [...(flags.env ?? []), `LLMLOAD_BASE_URL=${mock.url}`] };
  const records = new RecordBus();
  const prepared = await prepare(flags, plugins, { ...con, records });
  cleanup.add(() => Promise.allSettled([...prepared.endpoints.values()].map(async (e) => e.close?.())));
  cleanup.add(() => prepared.llm.close());
  cleanup.add(() => prepared.factory.dispose());
  const { options, engine, registry } = prepared;
  run.testid = testIdOf(options.tags, run.testid);
  const thresholds = options.noThresholds ? undefined : createThresholds(options.thresholds, registry, engine);
  if (mock) {
    cleanup.add(() => mock.close());
    const line = await mock.start();
    if (!flags.quiet) con.note(line);
  }
  const outputs = await startOutputs(flags.out ?? [], plugins, { metrics: registry, runTags: options.tags, testid: run.testid, con, records });
  cleanup.add(() => outputs.stop());
  return { flags, prepared, thresholds, outputs };
}

/** What startRun() made. */
export type StartedRun = Awaited<ReturnType<typeof startRun>>;

/** In GitHub Actions (`--ci github`, or GITHUB_ACTIONS=true): the run's annotations and step summary. */
export async function reportToCi(
  flags: RunFlags,
  con: RunConsole,
  run: { exitCode: number; testid: string; finished: Awaited<ReturnType<typeof finishTest>> },
): Promise<void> {
  if (ciKind(flags.ci, con.processEnv) !== 'github') return;
  const { summary, sections, locate, baseline, thresholds } = run.finished;
  const report = { exitCode: run.exitCode, testid: run.testid, summary, sections, locate, messages: con.messages, comparison: baseline?.comparison };
  await reportToGithub({ ...report, thresholds: thresholds?.results ?? [] }, con.stdout, con.processEnv);
}

/** The exit code of a test that ran to its end or was stopped; says why it stopped. */
export function exitCodeFor(stopped: StopReason | undefined, thresholdsCrossed: boolean, con: RunConsole): number {
  if (stopped?.kind === 'signal') return ExitCode.EXTERNAL_ABORT;
  if (stopped?.kind === 'abort') {
    con.error(`test aborted by the script: ${stopped.reason}`);
    return ExitCode.SCRIPT_ABORTED;
  }
  if (stopped?.kind === 'agentLost') {
    con.error(`the test stopped: ${stopped.why}`);
    return ExitCode.AGENT_LOST;
  }
  if (stopped?.kind === 'thresholds') {
    con.error(`thresholds on ${stopped.which} were crossed and abortOnFail stopped the test`);
    return ExitCode.THRESHOLDS_CROSSED;
  }
  return thresholdsCrossed ? ExitCode.THRESHOLDS_CROSSED : ExitCode.OK;
}
