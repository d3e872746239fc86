/**
 * `llmload run --threads N`: one run on N cores. The run is an in-process
 * coordinator (runtime/distributed/coordinator.ts: setup() and teardown()
 * once, thresholds on exactly merged metrics, the summary, the exit code) and
 * N worker threads, each an agent running the execution segment i/N of every
 * scenario, over loopback. Unlike separate agents, the threads number their
 * VUs test-wide (`__VU` is unique in the run) and send every sample to the
 * run's outputs, so `--out` sees one run.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { runCoordinator, type LocalAgents, type LocalRun } from '../distributed/coordinator.js';
import { givenSegmentFlag } from '../cli/flags.js';
import { invalidOption } from '../errors.js';
import type { RunConsole } from '../console.js';
import type { RunOutputs } from '../run-outputs.js';
import type { RunOutcome, RunRequest } from '../run.js';
import type { Sample } from '../metrics/types.js';
import { createProgress } from '../progress.js';
import { LiveLlmStats } from '../progress-llm.js';
import { replayOnConsole, type ConsoleMessage } from './thread-console.js';
import { SATURATED_MESSAGE } from '../health/section.js';
import { MergedProgress } from './thread-progress.js';
import type { ThreadData, ThreadMessage } from './thread-protocol.js';

/** dist/run-worker.js, next to the bundled chunk this module is part of. */
export const RUN_WORKER_ENTRY = new URL('./run-worker.js', import.meta.url);

/** How long the run waits, after every thread's last push, for the samples they still forward. */
const DRAIN_WAIT_MS = 5000;

/** Threads that are not all ready by then (VU init, a slow `waitFor`) stop the run with exit 110. */
const READY_TIMEOUT_MS = 10 * 60_000;

/** Runs the test in `threads` worker threads; never rejects (as runTest). */
export function runInThreads(req: RunRequest, threads: number): Promise<RunOutcome> {
  const local = new ThreadAgents(threads, req);
  return runCoordinator(req, { agents: threads, host: '127.0.0.1', port: 0, tolerateAgentLoss: false, agentsTimeoutMs: READY_TIMEOUT_MS, local });
}

/** What --threads cannot be combined with; throws the error naming it. */
export function checkThreads(threads: number, req: Pick<RunRequest, 'flags' | 'pluginObjects'>): void {
  const { flags } = req;
  if (!Number.isInteger(threads) || threads < 1) throw invalidOption('--threads', `must be a whole number >= 1, got ${JSON.stringify(threads)}`);
  if (threads === 1) return;
  if (flags.source !== undefined || flags.script === '-') throw invalidOption('--threads', 'needs a script file (each thread loads it)');
  if (req.pluginObjects?.length) {
    throw invalidOption('--threads', 'plugin objects cannot cross into threads: give plugins as npm names or paths (`plugins`, --plugin)');
  }
  const segmentFlag = givenSegmentFlag(flags);
  if (segmentFlag) throw invalidOption(segmentFlag, 'not with --threads: each thread runs an execution segment (i/N:(i+1)/N) of its own');
}

/** The threads of one run, as the coordinator's local agents. */
class ThreadAgents implements LocalAgents {
  private readonly workers: Worker[] = [];
  private readonly gone: Promise<void>[] = [];
  private progress: MergedProgress | undefined;
  /** The run is releasing its threads: their exits are expected. */
  private stopping = false;

  constructor(
    private readonly threads: number,
    private readonly req: RunRequest,
  ) {}

  check(req: RunRequest): void {
    checkThreads(this.threads, req);
  }

  start(url: string, run: LocalRun): void {
    const { con, flags } = this.req;
    // The progress line's LLM numbers come from the samples, as in a one-thread run (none with -q).
    const live = flags.quiet ? undefined : new LiveLlmStats();
    const progress = (this.progress = new MergedProgress(run.planned, this.threads, () => [
      createProgress(con.stderr, { quiet: flags.quiet, llm: live }),
      ...(this.req.progress ?? []),
    ]));
    const forward = (flags.out?.length ?? 0) > 0 ? 'all' : live ? 'live' : 'none';
    const onSamples = sampleReceiver(this.threads, forward === 'all' ? run.outputs : undefined, live);
    const replay = saturationSaidOnce(con);
    // The threads run the run's bundle of the script where it is (its files, and plugins by path, resolve from there).
    const threadFlags = { script: path.resolve(con.cwd, flags.script), config: flags.config && path.resolve(con.cwd, flags.config), bundled: run.bundle };
    for (let index = 0; index < this.threads; index++) {
      const data: ThreadData = { coordinator: url, index, cwd: con.cwd, processEnv: con.processEnv, forward, flags: threadFlags };
      const worker = new Worker(RUN_WORKER_ENTRY, { workerData: data });
      this.workers.push(worker);
      const followed = follow(worker, (m) => {
        if (m.kind === 'samples') onSamples(index, m.batch);
        else if (m.kind === 'progress') progress.update(index, m.snapshot);
        else if (m.kind !== 'done') replay(index, m);
      });
      this.gone.push(
        followed.catch((err: unknown) => {
          if (this.stopping) return;
          con.error(`thread ${index}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          run.lost(index, `thread ${index} crashed (${err instanceof Error ? err.message : String(err)})`);
        }),
      );
    }
  }

  async drained(): Promise<void> {
    // A thread that hangs must not hold the run: its last samples are then missing from the outputs.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), DRAIN_WAIT_MS)));
    if (await Promise.race([Promise.all(this.gone).then(() => false), late])) {
      this.req.con.warn(`a thread did not finish ${DRAIN_WAIT_MS / 1000} s after the test: its last samples may be missing from the outputs`);
    }
    clearTimeout(timer);
    this.progress?.stop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.progress?.stop();
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Where the threads' samples go: the run's outputs (when it has per-sample
 * ones) and the live LLM numbers, whose in-flight count is the sum of the
 * threads' own gauges.
 */
function sampleReceiver(threads: number, outputs: RunOutputs | undefined, live: LiveLlmStats | undefined) {
  const inFlight = new Array<number>(threads).fill(0);
  return (index: number, batch: readonly Sample[]) => {
    outputs?.add(batch);
    if (!live) return;
    live.add(batch.filter((s) => s.metric !== 'llm_in_flight'));
    const last = batch.findLast((s) => s.metric === 'llm_in_flight');
    if (!last) return;
    inFlight[index] = last.value;
    live.add([{ ...last, value: inFlight.reduce((a, b) => a + b, 0) }]);
  };
}

/** Replays the threads' console; each judges its own load health, so the live saturation warning is said once. */
function saturationSaidOnce(con: RunConsole) {
  let said = false;
  return (index: number, m: ConsoleMessage) => {
    if (m.kind === 'warn' && m.message.startsWith(SATURATED_MESSAGE)) {
      if (said) return;
      said = true;
      m = { ...m, message: `thread ${index}: ${m.message}` };
    }
    replayOnConsole(con, m);
  };
}

/**
 * Hands a thread's messages to `on`; resolves when it said it is done (its
 * last samples came before that, on the same port), rejects when it crashed
 * or exited without saying so.
 */
function follow(worker: Worker, on: (m: ThreadMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.on('message', (m: ThreadMessage) => {
      on(m);
      if (m.kind === 'done') resolve();
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`it exited (code ${code}) before its end`)));
  });
}
