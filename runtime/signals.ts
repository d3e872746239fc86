import { PARENT_GONE_DEADLINE_MS, watchParent } from './parent-watch.js';

/**
 * A second delivery of the same signal this soon after the first is taken as
 * a copy of it, not as a second Ctrl-C: a terminal's Ctrl-C reaches the whole
 * foreground process group, so under a wrapper that also forwards it (npm exec
 * with a `bash` script shell, which execs us) one keypress arrives twice.
 */
export const DUPLICATE_SIGNAL_MS = 500;

/**
 * SIGINT/SIGTERM (and SIGHUP) handling as in k6: the first signal stops the test
 * gracefully (teardown, summary and outputs still happen, exit 105); a second
 * one exits at once with 105. The parent process going away (see
 * runtime/parent-watch.ts) counts as a first SIGTERM, with a hard deadline.
 */
export function onStopSignals(gracefulStop: (signal: string) => void, log: (msg: string) => void): () => void {
  let count = 0;
  let last: { signal: string; at: number } | undefined;
  const handler = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (last?.signal === signal && now - last.at < DUPLICATE_SIGNAL_MS) return;
    last = { signal, at: now };
    count++;
    if (count === 1) {
      log(`received ${signal}: stopping gracefully (press Ctrl-C again to stop at once)`);
      gracefulStop(signal);
    } else {
      log(`received ${signal} again: stopping now`);
      process.exit(105);
    }
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  // A closed terminal: the results still reach the files and outputs.
  process.on('SIGHUP', handler);
  const offParent = watchParent((ppid) => {
    if (count > 0) return; // already stopping: the parent's end is no reason to hurry
    count++;
    log(`parent process ${ppid} exited: stopping gracefully`);
    // Unref'd: a stop that finishes in time exits on its own.
    setTimeout(() => {
      log(`still stopping ${PARENT_GONE_DEADLINE_MS / 1000}s after the parent exited: stopping now`);
      process.exit(105);
    }, PARENT_GONE_DEADLINE_MS).unref();
    gracefulStop('SIGTERM');
  });
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
    process.off('SIGHUP', handler);
    offParent();
  };
}
