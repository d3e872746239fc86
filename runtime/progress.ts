import type { RunProgress } from './api/types.js';
import type { TextSink } from './console.js';
import { monoNow } from './scheduler/clock.js';
import type { SchedulerState } from './scheduler/scheduler.js';

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
 * The live progress line: redrawn in place on a TTY, one plain line every few
 * seconds otherwise (CI logs), nothing with -q.
 */
export function createProgress(out: TextSink, opts: { quiet: boolean; intervalMs?: number }): Progress {
  const tty = out.isTTY === true;
  let drawn = 0;
  const draw = (state: SchedulerState) => {
    const { elapsedMs, scenarios } = progressSnapshot(state);
    const lines = scenarios.map((s) => {
      const pct = Math.floor(s.progress * 100);
      const dropped = s.dropped ? ` dropped=${s.dropped}` : '';
      const interrupted = s.interrupted ? ` interrupted=${s.interrupted}` : '';
      return `${s.name.padEnd(14)} [${String(pct).padStart(3)}%] ${s.status.padEnd(7)} ${(elapsedMs / 1000).toFixed(1)}s vus=${s.vus} active=${s.active} iterations=${s.completed}${interrupted}${dropped}`;
    });
    if (tty) {
      // Move up over the previous drawing and clear it.
      if (drawn > 0) out.write(`\x1b[${drawn}A`);
      out.write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
      drawn = lines.length;
    } else {
      out.write(lines.map((l) => `running: ${l}\n`).join(''));
    }
  };
  return opts.quiet ? { start() {}, stop() {} } : periodic(draw, opts.intervalMs ?? (tty ? 200 : 5000));
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
