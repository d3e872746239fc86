/**
 * SIGINT/SIGTERM handling as in k6: the first signal stops the test
 * gracefully (teardown, summary and outputs still happen, exit 105); a second
 * one exits at once with 105.
 */
export function onStopSignals(gracefulStop: (signal: string) => void, log: (msg: string) => void): () => void {
  let count = 0;
  const handler = (signal: NodeJS.Signals) => {
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
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
