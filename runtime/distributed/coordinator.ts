/**
 * `llmload coordinator`: the one place a distributed test is decided. It
 * prepares the script like a run (options, thresholds, outputs, telemetry),
 * serves its archive, waits for every agent to register and initialise, runs
 * setup() once, starts all agents at one instant, merges their pushes into
 * its own metrics engine (exact: counters add, HDR histograms add), evaluates
 * the thresholds on the merged data as a local run does, stops every agent on
 * abort, Ctrl-C, abortOnFail or a lost agent, and ends with teardown(), the
 * summary, the exports and the exit code of a local run.
 */
import type { Cleanup } from '../cleanup.js';
import { finishTest } from '../end-of-test.js';
import { invalidOption } from '../errors.js';
import { exitCodeFor, guardedRun, beginTest, reportToCi, startRun, type RunOutcome, type RunRequest, type RunState, type StartedRun } from '../run.js';
import { delay, monoNow, wallTime } from '../scheduler/clock.js';
import { lookupMetric } from '../metric-lookup.js';
import type { CoordinatorServer } from './coordinator-server.js';
import { serveAgents } from './coordinator-agents.js';
import { PushTally } from './push-tally.js';
import { startedTelemetry, type StopReason } from '../test-phase.js';
import type { RunOutputs } from '../run-outputs.js';
import type { PlannedScenario } from '../scheduler/scheduler.js';
import type { ScriptBundle } from '../bundle/bundle.js';

/** Where the coordinator listens and how many agents it waits for. */
export interface CoordinatorSettings {
  agents: number;
  host: string;
  port: number;
  /** Go on without an agent that stopped pushing (its part is missing from the results). */
  tolerateAgentLoss: boolean;
  /** ms to wait for every agent to register and be ready before giving up (exit 110). */
  agentsTimeoutMs: number;
  /** The agents are this process's own threads (`llmload run --threads`): the coordinator starts them and says nothing about agents. */
  local?: LocalAgents;
}

/** What local agents report to: the run's outputs and plan, and a loss that stops the test. */
export interface LocalRun {
  outputs: RunOutputs;
  /** The run's script bundle: the agents run it as it is. */
  bundle: ScriptBundle;
  planned: readonly PlannedScenario[];
  /** Agent `index` is gone (crashed): the test stops with exit 110, `why` says so. */
  lost(index: number, why: string): void;
}

/** Agents the coordinator starts itself (worker threads), whose samples reach its outputs. */
export interface LocalAgents {
  /** Throws the error naming what the run asks that these agents cannot do. */
  check(req: RunRequest): void;
  /** Starts every agent against `url`; their samples go to the run's outputs as they are taken, their progress to its followers. */
  start(url: string, run: LocalRun): void;
  /** Resolves once every agent has handed over its last samples, or is gone. */
  drained(): Promise<void>;
  /** Stops whatever still runs (cleanup). */
  stop(): Promise<void>;
}

/** Agents start this long after the ready barrier opens: time for every answer to arrive. */
const START_LEAD_MS = 500;

export function runCoordinator(req: RunRequest, settings: CoordinatorSettings): Promise<RunOutcome> {
  return guardedRun(req, (run, cleanup) => coordinate(req, settings, run, cleanup));
}

async function coordinate(req: RunRequest, settings: CoordinatorSettings, run: RunState, cleanup: Cleanup): Promise<RunOutcome> {
  const { con } = req;
  if (settings.local) settings.local.check(req);
  else if (req.flags.source !== undefined || req.flags.script === '-') throw invalidOption('coordinator', 'needs a script file (agents run its archive)');
  const started = await startRun(req, run, cleanup);
  const { flags, prepared, thresholds } = started;
  const { engine, registry } = prepared;
  const n = settings.agents;
  const threadsNote = settings.local ? [`threads: ${n} (thread i runs execution segment i/${n}:(i+1)/${n} of every scenario)`] : [];
  const { hardStop, stop, errors } = await beginTest(req, run, cleanup, started, threadsNote);
  const tally = new PushTally({ engine, llm: prepared.llm.stats, agents: settings.agents, stop, stopped: () => run.stopped, warn: con.warn });
  const server = await serveAgents(settings, { req, run, cleanup, started, tally });
  const deadline = setTimeout(() => {
    const ready = server.agents().filter((a) => a.ready && !a.lost).length;
    stop({ kind: 'agentLost', why: `only ${ready} of ${settings.agents} agents were ready after ${settings.agentsTimeoutMs / 1000} s (--agents-timeout)` });
  }, settings.agentsTimeoutMs);
  await Promise.race([server.allReady, aborted(hardStop.signal)]);
  clearTimeout(deadline);
  let testRunDurationMs = 0;
  if (!run.stopped)
    testRunDurationMs = await runReleased(req, run, cleanup, started, { server, tally, stop, local: settings.local, hardStop: hardStop.signal });
  else server.release({ startAt: 0, abort: 'the coordinator stopped before the test started' });
  if (tally.saturatedAgents().length > 0) {
    const which = `${settings.local ? 'thread' : 'agent'} ${tally.saturatedAgents().join(', ')}`;
    con.warn(`LOAD GENERATOR SATURATED on ${which}: their latencies include their own delay`);
  }
  const contributors = [...prepared.contributors, ...started.outputs.contributors, tally.healthContributor(settings.local ? 'thread' : 'agent')];
  const finished = await finishTest({
    prepared,
    flags,
    thresholds,
    outputs: started.outputs,
    errors,
    testRunDurationMs,
    con,
    contributors,
    testid: run.testid,
  });
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
}

/** Once every agent is ready: setup() once, telemetry, one start instant for all, then until every agent is done; teardown(). Returns the test's length (ms). */
async function runReleased(
  req: RunRequest,
  run: RunState,
  cleanup: Cleanup,
  started: StartedRun,
  agents: { server: CoordinatorServer; tally: PushTally; stop: (reason: StopReason) => void; local: LocalAgents | undefined; hardStop: AbortSignal },
): Promise<number> {
  const { con } = req;
  const { prepared } = started;
  const { options } = prepared;
  const { server, tally, stop, local, hardStop } = agents;
  // setup() once, here; its data goes to every agent with the start instant.
  const setupData =
    !options.noSetup && prepared.exports.includes('setup') ? await prepared.factory.runLifecycle('setup', undefined, options.setupTimeout) : undefined;
  // Telemetry is scraped once, here, on the test's clock.
  const telemetry = startedTelemetry(con);
  cleanup.add(telemetry.stop);
  for (const t of prepared.telemetry) await telemetry.start(t);
  const startAt = wallTime() + START_LEAD_MS;
  server.release({ setupData, startAt });
  if (!local) con.info(`every agent is ready: the test starts at ${new Date(startAt).toISOString()}`);
  await delay(startAt - wallTime());
  const startMono = monoNow();
  const stopWatch = watchThresholds(started, startMono, stop);
  cleanup.add(stopWatch);
  await tally.finished(hardStop);
  await local?.drained();
  stopWatch();
  await telemetry.stop();
  const testRunDurationMs = Math.max(tally.longestAgentMs(), 0) || monoNow() - startMono;
  if (!options.noTeardown && prepared.exports.includes('teardown') && (run as RunState).stopped?.kind !== 'abort') {
    await prepared.factory.runLifecycle('teardown', setupData, options.teardownTimeout);
  }
  return testRunDurationMs;
}

/** Thresholds on the merged data every 2 s, as a local run (abortOnFail stops every agent); returns their stop. */
function watchThresholds(started: StartedRun, startMono: number, stop: (reason: StopReason) => void): () => void {
  const { thresholds } = started;
  if (!thresholds) return () => {};
  const timer = setInterval(() => {
    const r = thresholds.evaluate(monoNow() - startMono, { final: false });
    if (r.shouldAbort) stop({ kind: 'thresholds', which: r.shouldAbort });
  }, 2000);
  return () => clearInterval(timer);
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
