import type { RunProgress } from './api/types.js';
import type { TextSink } from './console.js';
import { progressLines, type ScenarioPlan } from './progress-line.js';
import type { LiveLlmStats } from './progress-llm.js';
import { monoNow, wallTime } from './scheduler/clock.js';
import type { PlannedScenario, SchedulerState } from './scheduler/scheduler.js';
import { toFixedNoTrailingZeros } from './summary/format.js';

/** Something that follows the scheduler while the test runs: the progress line, `run()`'s onProgress. */
export interface Progress {
  start(state: SchedulerState): void;
  stop(): void;
}

/** A copy of the scheduler's live counters (the caller may keep it). */
export function progressSnapshot(state: SchedulerState): RunProgress {
  return {
    elapsedMs: monoNow() - state.startMono,
    scenarios: state.scenarios.map(({ name, stats, started }) => ({
      name,
      status: stats.done ? 'done' : started ? 'running' : 'waiting',
      progress: stats.progress,
      vus: stats.vus,
      active: stats.active,
      completed: stats.completed,
      interrupted: stats.interrupted,
      dropped: stats.dropped,
    })),
  };
}

/**
 * k6-style live progress on stderr: a bar per scenario with its VUs,
 * iterations or rate and elapsed/total time, and a line of LLM numbers (req/s,
 * in flight, TTFT p95 over the last 10 s, errors) from `llm`. Redrawn in place
 * at most twice a second on a TTY; a plain block every 10 s otherwise (CI
 * logs); nothing with -q.
 */
export function createProgress(out: TextSink, opts: { quiet: boolean; intervalMs?: number; llm?: LiveLlmStats }): Progress {
  const tty = out.isTTY === true;
  let drawn = 0;
  let plans: Map<string, ScenarioPlan> | undefined;
  const draw = (state: SchedulerState) => {
    plans ??= new Map(state.scenarios.map((s) => [s.name, planOf(s.planned)]));
    const snap = progressSnapshot(state);
    const lines = progressLines(snap, plans, opts.llm?.snapshot(wallTime(), snap.elapsedMs));
    if (tty) {
      // Move up over the previous drawing and clear it.
      if (drawn > 0) out.write(`\x1b[${drawn}A`);
      out.write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
      drawn = lines.length;
    } else {
      out.write(lines.map((l) => `running: ${l}\n`).join(''));
    }
  };
  return opts.quiet ? { start() {}, stop() {} } : periodic(draw, opts.intervalMs ?? (tty ? 500 : 10_000));
}

/** A scenario's total time and offered load, from its plan. */
function planOf(p: PlannedScenario): ScenarioPlan {
  const config = (p.scenario.config ?? {}) as { rate?: number; timeUnit?: number };
  let load: string;
  if (p.schedule.kind === 'arrivals' && typeof config.rate === 'number') {
    load = `${toFixedNoTrailingZeros((config.rate * 1000) / (config.timeUnit ?? 1000), 2)}/s`;
  } else if (p.schedule.kind === 'arrivals') {
    load = 'ramping rate';
  } else {
    load = p.schedule.kind === 'iterations' ? `${p.schedule.vus} VUs max` : `${p.schedule.maxVUs} VUs max`;
  }
  return { totalMs: p.executor.maxDuration(p.scenario.config), load };
}

/** `run()`'s onProgress: a snapshot every `intervalMs` (default 500) and a last one at the end. */
export function createProgressCallback(onProgress: (p: RunProgress) => void, intervalMs = 500): Progress {
  return periodic((state) => onProgress(progressSnapshot(state)), intervalMs);
}

/** Calls `tick` every `intervalMs` on an unref'd timer, and once more at stop(). */
function periodic(tick: (state: SchedulerState) => void, intervalMs: number): Progress {
  let timer: NodeJS.Timeout | undefined;
  let state: SchedulerState | undefined;
  return {
    start(s) {
      state = s;
      timer = setInterval(() => tick(s), intervalMs);
      timer.unref();
    },
    stop() {
      if (!timer || !state) return;
      clearInterval(timer);
      timer = undefined;
      tick(state);
    },
  };
}
