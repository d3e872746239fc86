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
import { buildArchive } from './archive.js';
import { startCoordinatorServer, type CoordinatorServer } from './coordinator-server.js';
import { agentFlagsOf, equalSegments, PushTally } from './push-tally.js';
import { INIT_SILENCE_MS, MISSED_PUSHES, PUSH_INTERVAL_MS } from './protocol.js';
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
  const { engine, registry, options } = prepared;
  const n = settings.agents;
  const threadsNote = settings.local ? [`threads: ${n} (thread i runs execution segment i/${n}:(i+1)/${n} of every scenario)`] : [];
  const { hardStop, stop, errors } = await beginTest(req, run, cleanup, started, threadsNote);
  const tally = new PushTally({ engine, llm: prepared.llm.stats, agents: settings.agents, stop, stopped: () => run.stopped, warn: con.warn });
  const server = await startCoordinatorServer({
    agents: settings.agents,
    host: settings.host,
    port: settings.port,
    archive: buildArchive(prepared.bundle, prepared.factory.filesRead()),
    reply: (index) => ({
      ...equalSegments(index, settings.agents),
      testid: run.testid,
      flags: agentFlagsOf(flags),
      submetrics: engine
        .tracked()
        .filter((m) => m.parent !== undefined)
        .map((m) => m.key),
    }),
    onPush: (agent, push) => tally.push(agent, push),
    log: settings.local ? () => {} : (m) => con.info(m),
  });
  cleanup.add(() => server.close());
  cleanup.add(watchAgents(server, tally, settings.tolerateAgentLoss));
  const { local } = settings;
  if (local) {
    cleanup.add(() => local.stop());
    const lost = (index: number, why: string) =>
      tally.drop(
        server.agents().find((a) => a.index === index),
        why,
      );
    local.start(server.url, { outputs: started.outputs, bundle: prepared.bundle, planned: prepared.planned, lost });
  } else {
    con.info(`coordinator listening on ${server.url}: waiting for ${settings.agents} agent${settings.agents === 1 ? '' : 's'}`);
  }

  const deadline = setTimeout(() => {
    const ready = server.agents().filter((a) => a.ready && !a.lost).length;
    stop({ kind: 'agentLost', why: `only ${ready} of ${settings.agents} agents were ready after ${settings.agentsTimeoutMs / 1000} s (--agents-timeout)` });
  }, settings.agentsTimeoutMs);
  await Promise.race([server.allReady, aborted(hardStop.signal)]);
  clearTimeout(deadline);
  let testRunDurationMs = 0;
  if (!run.stopped) {
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
    await tally.finished(hardStop.signal);
    await local?.drained();
    stopWatch();
    await telemetry.stop();
    testRunDurationMs = Math.max(tally.longestAgentMs(), 0) || monoNow() - startMono;
    if (!options.noTeardown && prepared.exports.includes('teardown') && (run as RunState).stopped?.kind !== 'abort') {
      await prepared.factory.runLifecycle('teardown', setupData, options.teardownTimeout);
    }
  } else {
    server.release({ startAt: 0, abort: 'the coordinator stopped before the test started' });
  }
  if (tally.saturatedAgents().length > 0) {
    const which = `${settings.local ? 'thread' : 'agent'} ${tally.saturatedAgents().join(', ')}`;
    con.warn(`LOAD GENERATOR SATURATED on ${which}: their latencies include their own delay`);
  }
  const contributors = [...prepared.contributors, ...started.outputs.contributors, tally.healthContributor(local ? 'thread' : 'agent')];
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

/** From registration on, an agent silent for MISSED_PUSHES push intervals is lost; returns the watch's stop. */
function watchAgents(server: CoordinatorServer, tally: PushTally, tolerate: boolean): () => void {
  const timer = setInterval(() => {
    for (const a of server.agents()) {
      const silent = monoNow() - a.lastSeen;
      if (a.done || a.lost || silent <= (a.ready ? MISSED_PUSHES * PUSH_INTERVAL_MS : INIT_SILENCE_MS)) continue;
      const why = a.ready ? `missed ${MISSED_PUSHES} pushes` : `was silent for ${Math.round(silent / 1000)} s while initialising`;
      tally.lose(a, `agent ${a.index} (${a.instance}) ${why}`, tolerate);
      server.recheck();
    }
  }, PUSH_INTERVAL_MS / 4);
  return () => clearInterval(timer);
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));
}
