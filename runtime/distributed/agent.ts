/**
 * `llmload agent`: one part of a distributed test. It fetches the
 * coordinator's archive, registers (getting its execution segment and the
 * run's flags), initialises its VUs, waits at the ready barrier for setup()'s
 * data and the common start instant, runs its segment, and pushes its metric
 * deltas every second. The verdict is the coordinator's.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunFlags } from '../cli/flags.js';
import { Cleanup } from '../cleanup.js';
import type { RunConsole } from '../console.js';
import { ExitCode, isLlmloadError, LlmloadError } from '../errors.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { beginTest, startRun, type RunState } from '../run.js';
import { monoNow, wallTime } from '../scheduler/clock.js';
import { runTestPhase } from '../test-phase.js';
import { LLMLOAD_VERSION } from '../version.js';
import { CoordinatorClient } from './agent-client.js';
import { localDigest, unpackArchive, type ScriptArchive } from './archive.js';
import { MISSED_PUSHES, PROTOCOL_VERSION, PUSH_INTERVAL_MS, type PushRequest, type RegisterReply } from './protocol.js';
import { DeltaPusher } from './pusher.js';
import { rawExportOf } from './raw-export.js';
import type { Sample } from '../metrics/types.js';
import type { Progress } from '../progress.js';

export interface AgentRequest {
  coordinator: string;
  /** --index, else JOB_COMPLETION_INDEX, else the coordinator's choice. */
  index?: number;
  /** A local copy of the script: its files must match the coordinator's archive. */
  script?: string;
  /** This agent's own outputs (tagged with `instance`). */
  out?: string[];
  /** `--summary-export-raw`: this agent's part, lossless (`llmload merge` of every agent's = the coordinator's numbers). */
  summaryExportRaw?: string;
  plugins: PluginRegistry;
  con: RunConsole;
  quiet: boolean;
  /** How long to keep trying to reach the coordinator at the start (ms). */
  waitMs: number;
  stopSources?(stop: (by: string) => void): () => void;
  /**
   * This agent is a thread of `llmload run --threads`: its VU ids are
   * test-wide (`__VU` is `exec.vu.idInTest`), and its samples, as they are
   * taken, go to `forward` (the run's outputs) when that is set, and its
   * scheduler's state to `progress`.
   */
  thread?: { forward?(batch: readonly Sample[]): void; progress?: Progress; flags: Pick<RunFlags, 'script' | 'config' | 'bundled'> };
}

/** Runs this agent's part; resolves with its exit code (0, 104, 110…), never rejects. */
export async function runAgent(req: AgentRequest): Promise<number> {
  const cleanup = new Cleanup();
  cleanup.add(() => req.con.close());
  try {
    return await agentRun(req, cleanup);
  } catch (err) {
    const e = isLlmloadError(err) ? err : new LlmloadError('ERR_INTERNAL', err instanceof Error ? (err.stack ?? err.message) : String(err));
    req.con.error(e.message);
    return e.exitCode;
  } finally {
    await cleanup.release((err) => req.con.warn(`cleanup: ${err instanceof Error ? err.message : String(err)}`));
  }
}

async function agentRun(req: AgentRequest, cleanup: Cleanup): Promise<number> {
  const { con } = req;
  const client = new CoordinatorClient(req.coordinator.replace(/\/+$/, ''));
  cleanup.add(() => client.close());
  // A thread of `run --threads` runs the run's own script file; an agent elsewhere, the coordinator's archive.
  const archive = req.thread ? undefined : await client.archive(req.waitMs);
  const digest = archive && req.script !== undefined ? localDigest(archive, path.resolve(con.cwd, req.script)) : undefined;
  if (digest !== undefined && digest !== archive?.digest) {
    throw new LlmloadError('ERR_INVALID_OPTION', `${req.script}: differs from the coordinator's script (or a file it reads): refusing to run another test`);
  }
  const instance = `${os.hostname()}:${process.pid}`;
  const reg = await client.register({ protocol: PROTOCOL_VERSION, version: LLMLOAD_VERSION, instance, index: req.index, digest });
  con.info(`agent ${reg.index} of ${reg.agents}: execution segment ${reg.segment}`);
  const script = archive ? await unpackToTemp(archive, cleanup) : req.thread!.flags.script;

  // Heartbeats from now on (VU init and the ready barrier can take a while); the first push with data after the start.
  let stopTest: ((why: string, lost: boolean) => void) | undefined;
  const link = new PushLink(
    client,
    (why) => stopTest?.(why, true),
    (why) => stopTest?.(why, false),
  );
  let pusher: DeltaPusher | undefined;
  let startMono: number | undefined;
  const since = () => (startMono === undefined ? 0 : monoNow() - startMono);
  const run: RunState = { testid: reg.testid };
  // This agent's own exec.test.abort() goes to the coordinator (not an abort the coordinator sent).
  const ownAbort = (): { aborted?: string } => {
    const s = run.stopped;
    return s?.kind === 'abort' && !link.coordinatorStopped ? { aborted: s.reason } : {};
  };
  const timer = setInterval(() => {
    if (!pusher || startMono === undefined) return link.send({ agent: reg.agent });
    link.send(pusher.next(since(), ownAbort()));
  }, PUSH_INTERVAL_MS);
  cleanup.add(() => clearInterval(timer));
  const flags = agentFlags(reg, script, req, instance);
  const { prepared, outputs } = await startRun({ flags, plugins: req.plugins, con, stopSources: req.stopSources }, run, cleanup);
  for (const key of reg.submetrics) prepared.engine.addSubmetric(key);
  const { hardStop, stop, errors } = await beginTest({ flags, plugins: req.plugins, con }, run, cleanup, { flags, prepared, outputs });

  stopTest = (why, lost) => stop(lost ? { kind: 'agentLost', why } : { kind: 'abort', reason: why });
  const deltas = new DeltaPusher(reg.agent, prepared.engine, prepared.llm.stats);
  pusher = deltas;
  const forward = req.thread?.forward;
  const tapped = { ...outputs, wantsSamples: true, add: (batch: readonly Sample[]) => (deltas.feed(batch), forward?.(batch), outputs.add(batch)) };
  const { testRunDurationMs, health } = await runTestPhase({
    prepared,
    con,
    outputs: tapped,
    thresholds: undefined,
    errors,
    warmup: flags.warmup,
    quiet: req.quiet,
    hardStop: hardStop.signal,
    stop,
    stopped: () => run.stopped,
    progress: req.thread?.progress ? [req.thread.progress] : [],
    remote: {
      ready: async () => {
        const r = await client.ready(reg.agent);
        if (r.abort) stop({ kind: 'abort', reason: r.abort });
        startMono = monoNow() + Math.max(0, r.startAt - wallTime());
        return { setupData: r.setupData, startAt: r.startAt };
      },
    },
  });
  clearInterval(timer);
  tapped.add(prepared.engine.drainBatch());
  await outputs.stop();
  if (req.summaryExportRaw) {
    // The test's thresholds, which the coordinator judges (an agent judges none): `llmload merge` judges them too.
    const options = { ...prepared.options, noThresholds: reg.flags.thresholds === false };
    const raw = rawExportOf({ ...prepared, options, llm: prepared.llm.stats, testRunDurationMs, endTime: wallTime() });
    await writeFile(path.resolve(con.cwd, req.summaryExportRaw), JSON.stringify(raw) + '\n');
  }
  const done = { testRunDurationMs, saturated: health.verdict().saturated, health: health.exportValues() };
  const last = deltas.next(testRunDurationMs, { done, ...ownAbort() });
  const delivered = await link.flush(last);
  if (!delivered || run.stopped?.kind === 'agentLost') {
    con.error(`agent ${reg.index}: lost the coordinator ${req.coordinator}; its results may be incomplete`);
    return ExitCode.AGENT_LOST;
  }
  if (errors.total > 0) con.warn(`agent ${reg.index}: ${errors.total} iterations ended with a script error (see the coordinator's summary)`);
  return ExitCode.OK;
}

/** The archive's files in a temporary directory (removed at cleanup); returns the script's path there. */
async function unpackToTemp(archive: ScriptArchive, cleanup: Cleanup): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'llmload-agent-'));
  cleanup.add(() => rm(dir, { recursive: true, force: true }));
  return unpackArchive(archive, dir);
}

/** The coordinator's run flags, this agent's script copy, segment, outputs and `instance` tag. */
function agentFlags(reg: RegisterReply, script: string, req: AgentRequest, instance: string): RunFlags {
  return {
    ...reg.flags,
    script,
    out: req.out,
    // A thread is part of one run: no `instance` of its own.
    tag: req.thread ? reg.flags.tag : [...(reg.flags.tag ?? []), `instance=${instance}`],
    executionSegment: reg.segment,
    executionSegmentSequence: reg.sequence,
    thresholds: false,
    setup: false,
    teardown: false,
    summary: false,
    quiet: req.quiet,
    color: false,
    verbose: false,
    includeSystemEnvVars: reg.flags.includeSystemEnvVars ?? true,
    vuIdsInTest: req.thread !== undefined,
    ...req.thread?.flags,
  } as RunFlags;
}

/**
 * Pushes in order, resending what failed (the coordinator ignores a sequence
 * number it already merged); after MISSED_PUSHES failures in a row the
 * coordinator is lost.
 */
class PushLink {
  private readonly queue: PushRequest[] = [];
  private sending: Promise<void> | undefined;
  private failures = 0;
  private seq = 0;
  /** The coordinator told this agent to stop. */
  coordinatorStopped = false;

  constructor(
    private readonly client: CoordinatorClient,
    private readonly lost: (why: string) => void,
    private readonly abort: (why: string) => void,
  ) {}

  send(push: Omit<PushRequest, 'seq'>): void {
    this.queue.push({ ...push, seq: this.seq++ });
    this.sending ??= this.drain().finally(() => (this.sending = undefined));
  }

  /** Sends `last` and what is queued; false when the coordinator cannot be reached. */
  async flush(last: Omit<PushRequest, 'seq'>): Promise<boolean> {
    for (let attempt = 0; attempt < MISSED_PUSHES; attempt++) {
      await this.sending;
      if (attempt === 0) this.queue.push({ ...last, seq: this.seq++ });
      await (this.sending = this.drain().finally(() => (this.sending = undefined)));
      if (this.queue.length === 0) return true;
      await new Promise((r) => setTimeout(r, PUSH_INTERVAL_MS));
    }
    return false;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      try {
        const reply = await this.client.push(this.queue[0]!);
        this.queue.shift();
        this.failures = 0;
        if (reply.abort && !this.coordinatorStopped) {
          this.coordinatorStopped = true;
          this.abort(reply.abort);
        }
      } catch (err) {
        if (++this.failures >= MISSED_PUSHES) this.lost(`no answer from the coordinator to ${MISSED_PUSHES} pushes: ${(err as Error).message}`);
        return;
      }
    }
  }
}
