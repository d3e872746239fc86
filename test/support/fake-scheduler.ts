/**
 * The scheduler driven on a fake clock (Vitest fake timers, performance.now
 * included): fake VUs whose iterations take a set number of ms, the real
 * executor plugins' schedules, and a record of every iteration's start and end.
 */
import { vi } from 'vitest';
import type { Sample } from '../../runtime/metrics/types.js';
import type { ResolvedScenario } from '../../runtime/options/types.js';
import { createErrorLog } from '../../runtime/scheduler/error-log.js';
import { startScheduler, type SchedulerState } from '../../runtime/scheduler/scheduler.js';
import { createVuAllocator } from '../../runtime/scheduler/vu-allocator.js';
import type { IterationInfo, IterationOutcome, Vu } from '../../runtime/vu/types.js';
import { executorRegistry } from './registry.js';

/**
 * The scheduler's timers and its clock (performance.now) are faked; setImmediate
 * stays real: the fake one would run 1 ms later when set during a tick, so every
 * yield of a VU loop would move the fake clock. Time advances 1 ms at a time
 * (advance()), and the real immediates between two ticks run at the same fake time.
 */
export const FAKE = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance', 'Date'] as const;

/** Advances the fake clock by `ms`, 1 ms at a time. */
export async function advance(ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) await vi.advanceTimersByTimeAsync(1);
}

export interface IterationRecord {
  vu: number;
  scenario: string;
  /** ms on the fake clock since the scheduler started. */
  start: number;
  end?: number;
  status?: IterationOutcome['status'];
  intended?: number;
  /** `__ITER` and exec.scenario.iterationInTest. */
  iter: number;
  inTest: number;
}

export interface FakeRun {
  state: SchedulerState;
  done: Promise<void>;
  iterations: IterationRecord[];
  samples: Sample[];
  warnings: string[];
  /** Calls of the VUs' iterate() (fewer than iterations when closed loops went on inside them). */
  calls(): number;
  /** Aborts the run's hard stop (a signal, abortOnFail). */
  hardStop(): void;
  /** Resolves when the scheduler is done, advancing the fake clock 1 ms at a time; returns the fake ms it took. */
  finish(limitMs?: number): Promise<number>;
  /** Live VUs of each scenario at the current fake time. */
  vus(): number[];
}

/** A scenario as options resolve it: executor options plus the common ones (k6 defaults). */
export function scenario(name: string, executor: string, raw: Record<string, unknown>, common: Partial<ResolvedScenario> = {}): ResolvedScenario {
  const config = executorRegistry().get(executor, `scenario "${name}"`).validate(raw, { scenario: name, cwd: '/tmp' });
  return { name, executor, config, startTime: 0, gracefulStop: 30_000, exec: 'default', env: {}, tags: {}, ...common };
}

/** Starts the scheduler (call vi.useFakeTimers({ toFake: FAKE }) first); each iteration takes `iterationMs(record)` ms. */
export function startFakeRun(scenarios: ResolvedScenario[], iterationMs: (r: IterationRecord) => number): FakeRun {
  const t0 = performance.now();
  const iterations: IterationRecord[] = [];
  const samples: Sample[] = [];
  const warnings: string[] = [];
  const ac = new AbortController();
  let calls = 0;
  const pool = createVuAllocator(async (id) =>
    fakeVu(
      id,
      () => calls++,
      (info) => {
        const rec: IterationRecord = {
          vu: id,
          scenario: info.scenario.name,
          start: performance.now() - t0,
          iter: info.iterationInScenario,
          inTest: info.scenario.iterationInTest,
          intended: info.intendedStart === undefined ? undefined : info.intendedStart - t0,
        };
        iterations.push(rec);
        return { rec, ms: iterationMs(rec), t0 };
      },
    ),
  );
  const registry = executorRegistry();
  const { state, done } = startScheduler({
    scenarios: scenarios.map((s) => {
      const executor = registry.get(s.executor, `scenario "${s.name}"`);
      return { scenario: s, executor, schedule: executor.schedule(s.config) };
    }),
    pool,
    sink: { push: (s) => void samples.push(s) },
    runTags: {},
    env: {},
    setupData: undefined,
    errors: createErrorLog(() => {}),
    hardStop: ac.signal,
    onTestAbort: () => {},
    warn: (m) => void warnings.push(m),
  });
  let finished = false;
  void done.then(() => (finished = true));
  return {
    state,
    done,
    iterations,
    samples,
    warnings,
    calls: () => calls,
    hardStop: () => ac.abort(),
    vus: () => state.scenarios.map((s) => s.stats.vus),
    async finish(limitMs = 600_000) {
      while (!finished) {
        if (performance.now() - t0 > limitMs) throw new Error(`the scheduler did not finish within ${limitMs} fake ms`);
        await vi.advanceTimersByTimeAsync(1);
      }
      return performance.now() - t0;
    },
  };
}

/**
 * A VU whose iteration lasts `plan(info).ms` fake ms, unless interrupted. As a
 * real VU whose iteration ends in its I/O, it asks a closed loop's `next` and,
 * when the loop goes on, runs the next iteration without returning.
 */
function fakeVu(id: number, called: () => void, plan: (info: IterationInfo) => { rec: IterationRecord; ms: number; t0: number }): Vu {
  let interrupt: (() => void) | undefined;
  return {
    id,
    iterate(first) {
      called();
      return new Promise<IterationOutcome>((resolve) => {
        const run = (info: IterationInfo) => {
          const { rec, ms, t0 } = plan(info);
          const settle = (status: 'ok' | 'interrupted') => {
            clearTimeout(timer);
            interrupt = undefined;
            rec.end = performance.now() - t0;
            rec.status = status;
            const next = status === 'ok' ? first.next?.() : undefined;
            if (!next) resolve({ status });
            else
              run({
                ...first,
                iterationInScenario: next.iterationInScenario,
                scenario: { ...first.scenario, iterationInTest: next.iterationInTest, progress: next.progress },
              });
          };
          const timer = setTimeout(() => settle('ok'), ms);
          interrupt = () => settle('interrupted');
        };
        run(first);
      });
    },
    warmUp: async () => true,
    preconnect: async () => {},
    interrupt: () => interrupt?.(),
    dispose() {},
  };
}
