import type { RunProgress } from '../api/types.js';
import type { Progress } from '../progress.js';
import { monoNow } from '../scheduler/clock.js';
import { newScenarioStats } from '../scheduler/scenario-context.js';
import type { PlannedScenario, SchedulerState } from '../scheduler/scheduler.js';

/**
 * The live state of a run's scenarios from its threads' snapshots, for the
 * progress line and run()'s onProgress: VUs and iteration counts summed over
 * the threads, a scenario's progress their mean, done when every thread is.
 * Its followers start with the first snapshot (the test started).
 */
export class MergedProgress {
  readonly state: SchedulerState;
  private readonly latest: (RunProgress | undefined)[];
  private followers: readonly Progress[] | undefined;

  constructor(
    planned: readonly PlannedScenario[],
    threads: number,
    private readonly makeFollowers: () => readonly Progress[],
  ) {
    this.latest = new Array<RunProgress | undefined>(threads).fill(undefined);
    this.state = { startMono: monoNow(), scenarios: planned.map((p) => ({ name: p.scenario.name, stats: newScenarioStats(), started: false, planned: p })) };
  }

  update(thread: number, snap: RunProgress): void {
    this.latest[thread] = snap;
    const snaps = this.latest.filter((s): s is RunProgress => s !== undefined);
    for (const sc of this.state.scenarios) {
      const parts = snaps.map((s) => s.scenarios.find((x) => x.name === sc.name)).filter((x) => x !== undefined);
      const sum = (k: 'vus' | 'active' | 'completed' | 'interrupted' | 'dropped') => parts.reduce((a, p) => a + p[k], 0);
      Object.assign(sc.stats, {
        vus: sum('vus'),
        active: sum('active'),
        completed: sum('completed'),
        interrupted: sum('interrupted'),
        dropped: sum('dropped'),
        progress: parts.length === 0 ? 0 : parts.reduce((a, p) => a + p.progress, 0) / this.latest.length,
        done: parts.length === this.latest.length && parts.every((p) => p.status === 'done'),
      });
      sc.started = parts.some((p) => p.status !== 'waiting');
    }
    if (!this.followers) {
      this.state.startMono = monoNow() - snap.elapsedMs;
      this.followers = this.makeFollowers();
      for (const f of this.followers) f.start(this.state);
    }
  }

  /** The followers' last drawing or call. */
  stop(): void {
    for (const f of this.followers ?? []) f.stop();
  }
}
