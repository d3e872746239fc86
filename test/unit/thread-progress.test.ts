import { describe, expect, it } from 'vitest';
import type { RunProgress } from '../../runtime/api/types.js';
import type { Progress } from '../../runtime/progress.js';
import type { PlannedScenario, SchedulerState } from '../../runtime/scheduler/scheduler.js';
import { MergedProgress } from '../../runtime/threads/thread-progress.js';

const planned = [{ scenario: { name: 'a' } }, { scenario: { name: 'b' } }] as unknown as PlannedScenario[];

function snap(elapsedMs: number, a: Partial<RunProgress['scenarios'][0]>, b: Partial<RunProgress['scenarios'][0]>): RunProgress {
  const base = { status: 'running' as const, progress: 0, vus: 0, active: 0, completed: 0, interrupted: 0, dropped: 0 };
  return {
    elapsedMs,
    scenarios: [
      { ...base, name: 'a', ...a },
      { ...base, name: 'b', ...b },
    ],
  };
}

describe('MergedProgress: the threads of one run as one scheduler state', () => {
  it('sums counters, averages progress over all threads, is done only when every thread is, and starts its followers once', () => {
    const started: SchedulerState[] = [];
    let stops = 0;
    const follower: Progress = { start: (s) => started.push(s), stop: () => stops++ };
    const m = new MergedProgress(planned, 2, () => [follower]);
    m.update(0, snap(500, { vus: 2, active: 2, completed: 10, progress: 0.5 }, { status: 'waiting' }));
    const a = () => m.state.scenarios[0]!;
    const b = () => m.state.scenarios[1]!;
    // One thread heard from: the other counts as not started (progress 0).
    expect(a().stats).toMatchObject({ vus: 2, completed: 10, progress: 0.25, done: false });
    expect([a().started, b().started]).toEqual([true, false]);
    m.update(1, snap(510, { vus: 3, active: 1, completed: 7, interrupted: 1, dropped: 2, progress: 0.7 }, { status: 'waiting' }));
    expect(a().stats).toMatchObject({ vus: 5, active: 3, completed: 17, interrupted: 1, dropped: 2, done: false });
    expect(a().stats.progress).toBeCloseTo(0.6);
    m.update(0, snap(1000, { status: 'done', progress: 1, completed: 20 }, { status: 'done', progress: 1 }));
    expect(a().stats.done).toBe(false);
    m.update(1, snap(1000, { status: 'done', progress: 1, completed: 19 }, { status: 'done', progress: 1 }));
    expect(a().stats).toMatchObject({ completed: 39, progress: 1, done: true });
    expect(b().stats.done).toBe(true);
    expect(started).toEqual([m.state]);
    m.stop();
    expect(stops).toBe(1);
  });
});
