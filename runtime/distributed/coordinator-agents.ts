import type { Cleanup } from '../cleanup.js';
import type { RunRequest, RunState, StartedRun } from '../run.js';
import { monoNow } from '../scheduler/clock.js';
import { buildArchive } from './archive.js';
import type { CoordinatorSettings } from './coordinator.js';
import { startCoordinatorServer, type CoordinatorServer } from './coordinator-server.js';
import { INIT_SILENCE_MS, MISSED_PUSHES, PUSH_INTERVAL_MS } from './protocol.js';
import { agentFlagsOf, equalSegments, type PushTally } from './push-tally.js';

/** The run the agents join: its request and state, what it prepared, and where their pushes are tallied. */
export interface AgentsRun {
  req: RunRequest;
  run: RunState;
  cleanup: Cleanup;
  started: StartedRun;
  tally: PushTally;
}

/**
 * Starts the coordinator's server for the agents (the script's archive, each
 * agent's segment and flags, their pushes into the tally) and the watch that
 * loses a silent agent; starts local agents (threads) against it.
 */
export async function serveAgents(settings: CoordinatorSettings, a: AgentsRun): Promise<CoordinatorServer> {
  const { req, run, cleanup, started, tally } = a;
  const { con } = req;
  const { prepared } = started;
  const { engine } = prepared;
  const server = await startCoordinatorServer({
    agents: settings.agents,
    host: settings.host,
    port: settings.port,
    archive: buildArchive(prepared.bundle, prepared.factory.filesRead()),
    reply: (index) => ({
      ...equalSegments(index, settings.agents),
      testid: run.testid,
      flags: agentFlagsOf(started.flags),
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

  return server;
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
