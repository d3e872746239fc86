import { monoNow } from './scheduler/clock.js';
import type { SchedulerState } from './scheduler/scheduler.js';

/**
 * The live progress line: redrawn in place on a TTY, one plain line every few
 * seconds otherwise (CI logs), nothing with -q.
 */
export interface Progress {
  start(state: SchedulerState): void;
  stop(): void;
}

export function createProgress(out: NodeJS.WriteStream, opts: { quiet: boolean; intervalMs?: number }): Progress {
  const tty = out.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  let drawn = 0;
  let state: SchedulerState | undefined;

  const line = (): string[] => {
    if (!state) return [];
    const elapsed = (monoNow() - state.startMono) / 1000;
    return state.scenarios.map(({ name, stats, started }) => {
      const pct = Math.floor(stats.progress * 100);
      const status = stats.done ? 'done' : started ? 'running' : 'waiting';
      const dropped = stats.dropped ? ` dropped=${stats.dropped}` : '';
      const interrupted = stats.interrupted ? ` interrupted=${stats.interrupted}` : '';
      return `${name.padEnd(14)} [${String(pct).padStart(3)}%] ${status.padEnd(7)} ${elapsed.toFixed(1)}s vus=${stats.vus} active=${stats.active} iterations=${stats.completed}${interrupted}${dropped}`;
    });
  };

  const draw = () => {
    const lines = line();
    if (tty) {
      // Move up over the previous drawing and clear it.
      if (drawn > 0) out.write(`\x1b[${drawn}A`);
      out.write(lines.map((l) => `\x1b[2K${l}\n`).join(''));
      drawn = lines.length;
    } else {
      out.write(lines.map((l) => `running: ${l}\n`).join(''));
    }
  };

  return {
    start(s) {
      if (opts.quiet) return;
      state = s;
      timer = setInterval(draw, opts.intervalMs ?? (tty ? 200 : 5000));
      timer.unref();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      draw();
    },
  };
}
