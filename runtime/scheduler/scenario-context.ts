import type { CancelPlan } from '../plugin-api/endpoint.js';
import type { ExecutorPlugin, Schedule } from '../plugin-api/executor.js';
import type { SampleSink } from '../metrics/types.js';
import type { ResolvedScenario } from '../options/types.js';
import { ITERATION_OK, type IterationInfo, type IterationOutcome, type NextIteration, type Vu } from '../vu/types.js';
import { delay, monoNow, wallTime } from './clock.js';
import type { ErrorLog } from './error-log.js';
import type { VuAllocator } from './vu-allocator.js';

/** Everything a schedule driver needs; built by the scheduler per scenario. */
export interface ScenarioContext {
  scenario: ResolvedScenario;
  executor: ExecutorPlugin;
  schedule: Schedule;
  pool: VuAllocator;
  sink: SampleSink;
  /** Run tags merged with scenario tags and `scenario: name`. */
  tags: Record<string, string>;
  /** __ENV merged with the scenario's env. */
  env: Record<string, string>;
  setupData: string | undefined;
  errors: ErrorLog;
  /** Aborted when the whole test must stop now (signal, abortOnFail, exec.test.abort). */
  hardStop: AbortSignal;
  /** Called when an iteration reports exec.test.abort(). */
  onTestAbort(reason: string): void;
  /** Monotonic ms at which the scenario started (set by the driver). */
  startMono: number;
  /** Live counters the progress line reads. */
  stats: ScenarioStats;
  /** ms: k6's minIterationDuration (0 = off). */
  minIterationDuration: number;
  /** The scenario's `cancel` option, shared by its VUs (undefined: none). */
  cancel?: CancelPlan;
  /** With an execution segment: the test-wide number of the k-th iteration this instance starts (closed executors). */
  iterationInTest?: (local: number) => number;
}

export interface ScenarioStats {
  completed: number;
  interrupted: number;
  dropped: number;
  active: number;
  /** 0..1 */
  progress: number;
  /** VUs this scenario holds (busy or idle). */
  vus: number;
  done: boolean;
}

export function newScenarioStats(): ScenarioStats {
  return { completed: 0, interrupted: 0, dropped: 0, active: 0, progress: 0, vus: 0, done: false };
}

/**
 * Runs one iteration on `vu` and records the execution metrics. `intended` is
 * the monotonic time the iteration should have started (the arrival's due time
 * or, for closed executors, when the VU became free). An arrival's iteration
 * that finished inside its call is done when this returns (no promise, no
 * microtask turn: at 100 arrivals/s that chain was a tenth of an idle run).
 *
 * A closed loop gives `loop`: asked when an iteration finished ok while its
 * VU's I/O settled, it returns the next iteration's number in the test (its
 * own count of the VU's iterations moved on by one), or -1 when the loop
 * stops there. The VU then runs the next iteration without returning to the
 * loop (IterationInfo.next), and the promise settles with the last one.
 */
export function runIteration(
  ctx: ScenarioContext,
  vu: Vu,
  perVuIteration: number,
  iterationInTest: number,
  intended: number,
  data?: unknown,
  loop?: () => number,
): IterationOutcome | Promise<IterationOutcome> {
  const { scenario, sink, tags, stats } = ctx;
  const run = { start: monoNow() };
  const start = run.start;
  sink.push({ metric: 'iteration_schedule_lag', time: wallTime(start), value: Math.max(0, start - intended), tags });
  stats.active++;
  const info: IterationInfo = {
    exec: scenario.exec,
    scenario: {
      name: scenario.name,
      executor: scenario.executor,
      startTime: wallTime(ctx.startMono),
      progress: stats.progress,
      iterationInTest,
    },
    iterationInScenario: perVuIteration,
    tags,
    env: ctx.env,
    data,
    intendedStart: ctx.schedule.kind === 'arrivals' ? intended : undefined,
    cancel: ctx.cancel,
    next: loop && ctx.minIterationDuration === 0 ? goOn(ctx, vu.id, run, perVuIteration, loop) : undefined,
  };
  let outcome: IterationOutcome | Promise<IterationOutcome>;
  try {
    outcome = vu.iterate(info, ctx.setupData);
  } catch (err) {
    outcome = failed(err);
  }
  if (outcome instanceof Promise || ctx.minIterationDuration > 0) return finishLater(ctx, vu.id, run, outcome);
  return endIteration(ctx, vu.id, start, outcome);
}

/** The test-wide number of the scenario's `local`-th iteration (exec.scenario.iterationInTest). */
export function inTestNumber(ctx: ScenarioContext, local: number): number {
  return ctx.iterationInTest ? ctx.iterationInTest(local) : local;
}

/** IterationInfo.next for a closed loop: ends the iteration that finished ok and starts the next (`run.start` follows it). */
function goOn(ctx: ScenarioContext, vuId: number, run: { start: number }, perVuIteration: number, loop: () => number): () => NextIteration | undefined {
  const next: NextIteration = { iterationInScenario: perVuIteration, iterationInTest: 0, progress: 0 };
  return () => {
    const inTest = loop();
    if (inTest < 0) return undefined;
    endIteration(ctx, vuId, run.start, ITERATION_OK);
    const start = (run.start = monoNow());
    ctx.sink.push({ metric: 'iteration_schedule_lag', time: wallTime(start), value: 0, tags: ctx.tags });
    ctx.stats.active++;
    next.iterationInScenario++;
    next.iterationInTest = inTest;
    next.progress = ctx.stats.progress;
    return next;
  };
}

const failed = (err: unknown): IterationOutcome => ({ status: 'error', error: { message: err instanceof Error ? err.message : String(err) } });

async function finishLater(
  ctx: ScenarioContext,
  vuId: number,
  run: { start: number },
  running: IterationOutcome | Promise<IterationOutcome>,
): Promise<IterationOutcome> {
  let outcome: IterationOutcome;
  try {
    outcome = await running;
  } catch (err) {
    outcome = failed(err);
  }
  // k6's minIterationDuration: a short iteration is padded (part of the iteration, as in k6).
  if (ctx.minIterationDuration > 0 && (outcome.status === 'ok' || outcome.status === 'error')) {
    await padTo(run.start + ctx.minIterationDuration, ctx.hardStop);
  }
  return endIteration(ctx, vuId, run.start, outcome);
}

function endIteration(ctx: ScenarioContext, vuId: number, start: number, outcome: IterationOutcome): IterationOutcome {
  const { scenario, sink, tags, stats } = ctx;
  stats.active--;
  const end = monoNow();
  switch (outcome.status) {
    case 'interrupted':
      stats.interrupted++;
      sink.push({ metric: 'interrupted_iterations', time: wallTime(end), value: 1, tags });
      return outcome;
    case 'aborted':
      ctx.onTestAbort(outcome.reason);
      return outcome;
    case 'error':
      ctx.errors.record(outcome.error, scenario.name, vuId);
      break;
  }
  stats.completed++;
  sink.push({ metric: 'iteration_duration', time: wallTime(end), value: end - start, tags });
  sink.push({ metric: 'iterations', time: wallTime(end), value: 1, tags });
  return outcome;
}

/**
 * Sleeps until monoNow() reaches `until` (or the hard stop). Node counts a
 * timer from the event loop's cached clock, which can be a fraction of a
 * millisecond older than monoNow(), so one ceil'd timer may still wake early:
 * it sleeps again for what is left.
 */
async function padTo(until: number, hardStop: AbortSignal): Promise<void> {
  for (let left = until - monoNow(); left > 0 && !hardStop.aborted; left = until - monoNow()) await delay(Math.ceil(left), hardStop);
}
