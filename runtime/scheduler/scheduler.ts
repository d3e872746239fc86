import { createCancelPlan } from './cancel-plan.js';
import { hasWork } from '../segments/segment-schedule.js';
import type { ExecutorPlugin, Schedule } from '../plugin-api/executor.js';
import type { SampleSink } from '../metrics/types.js';
import type { SystemTags } from '../options/system-tags.js';
import type { ResolvedScenario } from '../options/types.js';
import { delay, monoNow, wallTime } from './clock.js';
import { driveArrivals } from './drive-arrivals.js';
import { driveIterations } from './drive-iterations.js';
import { driveVus } from './drive-vus.js';
import type { ErrorLog } from './error-log.js';
import { newScenarioStats, type ScenarioContext, type ScenarioStats } from './scenario-context.js';
import type { VuAllocator } from './vu-allocator.js';

export interface PlannedScenario {
  scenario: ResolvedScenario;
  executor: ExecutorPlugin;
  schedule: Schedule;
  /** The run's `systemTags` (the `scenario` tag is added here); absent: the default set, which has it. */
  systemTags?: SystemTags;
  /**
   * With an execution segment: the test-wide number of this instance's k-th
   * iteration (closed executors; arrivals carry theirs). Absent: k itself.
   */
  iterationInTest?: (local: number) => number;
}

export interface SchedulerOptions {
  scenarios: PlannedScenario[];
  pool: VuAllocator;
  sink: SampleSink;
  runTags: Record<string, string>;
  env: Record<string, string>;
  setupData: string | undefined;
  errors: ErrorLog;
  /** Aborting it stops every scenario now: no new iterations, running ones interrupted. */
  hardStop: AbortSignal;
  onTestAbort(reason: string): void;
  warn(message: string): void;
  /** ms: k6's minIterationDuration (0 = off). */
  minIterationDuration?: number;
}

/** Live view of the scenarios, for the progress line. */
export interface SchedulerState {
  startMono: number;
  scenarios: Array<{ name: string; stats: ScenarioStats; started: boolean; planned: PlannedScenario }>;
}

/** VUs a schedule holds at its peak before growing (preAllocatedVUs for arrival executors). */
export function initialVus(s: Schedule): number {
  if (s.kind === 'iterations') return s.vus;
  if (s.kind === 'vus') return s.maxVUs;
  return s.preAllocatedVUs;
}

/**
 * VUs to initialise before the test starts: the largest sum of initial VUs
 * over scenarios that can run at the same time (as k6 plans it).
 */
export function plannedInitialVus(planned: PlannedScenario[]): number {
  const windows = planned.map((p) => ({
    from: p.scenario.startTime,
    to: p.scenario.startTime + p.executor.maxDuration(p.scenario.config) + p.scenario.gracefulStop,
    vus: initialVus(p.schedule),
  }));
  let best = 0;
  for (const w of windows) {
    const sum = windows.filter((o) => o.from <= w.from && w.from < o.to).reduce((a, o) => a + o.vus, 0);
    best = Math.max(best, sum);
  }
  return best;
}

/** Runs every scenario concurrently from its startTime; resolves when all have ended. */
export function startScheduler(opts: SchedulerOptions): { state: SchedulerState; done: Promise<void> } {
  const startMono = monoNow();
  const state: SchedulerState = {
    startMono,
    scenarios: opts.scenarios.map((p) => ({ name: p.scenario.name, stats: newScenarioStats(), started: false, planned: p })),
  };
  const vusTimer = setInterval(() => emitVus(opts), 1000);
  emitVus(opts);

  const runs = state.scenarios.map(async (entry) => {
    const { scenario, executor, schedule } = entry.planned;
    await delay(scenario.startTime - (monoNow() - startMono), opts.hardStop);
    // An execution segment with no VUs or iterations in this scenario runs nothing there (k6's HasWork).
    if (opts.hardStop.aborted || (entry.planned.iterationInTest && !hasWork(schedule))) {
      entry.stats.done = true;
      entry.stats.progress = 1;
      return;
    }
    entry.started = true;
    // The one place the `scenario` system tag is set: every sample of the scenario starts from these tags.
    const tags: Record<string, string> = { ...opts.runTags, ...scenario.tags };
    if (entry.planned.systemTags?.scenario !== false) tags.scenario = scenario.name;
    const ctx: ScenarioContext = {
      scenario,
      executor,
      schedule,
      pool: opts.pool,
      sink: opts.sink,
      tags,
      env: { ...opts.env, ...scenario.env },
      setupData: opts.setupData,
      errors: opts.errors,
      hardStop: opts.hardStop,
      onTestAbort: opts.onTestAbort,
      startMono: monoNow(),
      stats: entry.stats,
      minIterationDuration: opts.minIterationDuration ?? 0,
      cancel: scenario.cancel && createCancelPlan(scenario.name, scenario.cancel),
      iterationInTest: entry.planned.iterationInTest,
    };
    // Counted events that are rare by design start at 0, so a threshold on them
    // (`dropped_iterations: ['count==0']`) judges a measured zero, not nothing.
    const time = wallTime();
    opts.sink.push({ metric: 'interrupted_iterations', time, value: 0, tags });
    if (schedule.kind === 'arrivals') opts.sink.push({ metric: 'dropped_iterations', time, value: 0, tags });
    if (schedule.kind === 'iterations') await driveIterations(ctx, schedule);
    else if (schedule.kind === 'vus') await driveVus(ctx, schedule);
    else await driveArrivals(ctx, schedule, opts.warn);
    entry.stats.done = true;
  });

  const done = Promise.all(runs).then(
    () => {
      clearInterval(vusTimer);
      emitVus(opts);
    },
    (err) => {
      clearInterval(vusTimer);
      throw err;
    },
  );
  return { state, done };
}

function emitVus(opts: SchedulerOptions): void {
  const time = wallTime();
  opts.sink.push({ metric: 'vus', time, value: opts.pool.borrowed, tags: opts.runTags });
  opts.sink.push({ metric: 'vus_max', time, value: opts.pool.initialised, tags: opts.runTags });
}
