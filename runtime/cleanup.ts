/**
 * What a run has to release, whatever way it ends: each resource registers
 * its release right after it is acquired, and release() runs them last
 * acquired first. A run in a long-lived process (`run()` from a test suite)
 * must leave nothing behind: isolates, sockets, timers, worker threads.
 */
export class Cleanup {
  private readonly steps: Array<() => unknown> = [];

  add(step: () => unknown): void {
    this.steps.push(step);
  }

  /** Runs every step, last added first; a step that fails is reported and the others still run. */
  async release(report: (err: unknown) => void): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step();
      } catch (err) {
        report(err);
      }
    }
  }
}
