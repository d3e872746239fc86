// The scheduler's drivers on a fake clock: closed executors' iteration counts and VU targets,
// arrival-rate due times and drops, gracefulStop and a hard stop.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { advance, FAKE, scenario, startFakeRun } from '../support/fake-scheduler.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: [...FAKE] });
});
afterEach(() => {
  vi.useRealTimers();
});

const starts = (its: { start: number }[]) => its.map((i) => Math.round(i.start));

describe('closed executors', () => {
  it('shared-iterations: 3 VUs share 10 iterations of 100 ms, back to back; the run takes 400 ms', async () => {
    const run = startFakeRun([scenario('s', 'shared-iterations', { vus: 3, iterations: 10 })], () => 100);
    const took = await run.finish();
    expect(run.iterations).toHaveLength(10);
    expect(starts(run.iterations)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200, 300]);
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(410);
    expect(run.state.scenarios[0]!.stats).toMatchObject({ completed: 10, interrupted: 0, done: true, progress: 1 });
  });

  it('per-vu-iterations: each of 2 VUs runs its own 3', async () => {
    const run = startFakeRun([scenario('s', 'per-vu-iterations', { vus: 2, iterations: 3 })], (r) => (r.vu === 1 ? 50 : 120));
    await run.finish();
    const byVu = (vu: number) => run.iterations.filter((i) => i.vu === vu);
    expect(starts(byVu(1))).toEqual([0, 50, 100]);
    expect(starts(byVu(2))).toEqual([0, 120, 240]);
  });

  it('constant-vus: 2 VUs loop for the duration; iterations running at its end get gracefulStop', async () => {
    const finishing = startFakeRun([scenario('s', 'constant-vus', { vus: 2, duration: '1s' })], () => 300);
    await finishing.finish();
    expect(starts(finishing.iterations)).toEqual([0, 0, 300, 300, 600, 600, 900, 900]);
    expect(finishing.iterations.every((i) => i.status === 'ok')).toBe(true);

    const cut = startFakeRun([scenario('s', 'constant-vus', { vus: 2, duration: '1s' }, { gracefulStop: 100 })], () => 300);
    const took = await cut.finish();
    expect(cut.iterations.map((i) => i.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'interrupted', 'interrupted']);
    expect(cut.iterations.at(-1)!.end).toBeCloseTo(1100, 0);
    expect(took).toBeLessThan(1110);
    expect(cut.state.scenarios[0]!.stats).toMatchObject({ completed: 6, interrupted: 2 });
  });

  it('constant-vus whose iterations go on inside the VU (IterationInfo.next): each numbered once, each measured', async () => {
    const run = startFakeRun([scenario('s', 'constant-vus', { vus: 3, duration: '1s' })], (r) => (r.vu === 2 ? 70 : 100));
    await run.finish();
    const n = run.iterations.length;
    expect(n).toBe(10 + 15 + 10);
    expect(run.calls()).toBe(3);
    expect(run.iterations.map((i) => i.inTest).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
    for (const vu of [1, 2, 3]) {
      const mine = run.iterations.filter((i) => i.vu === vu);
      expect(mine.map((i) => i.iter)).toEqual(mine.map((_, k) => k));
    }
    const durations = run.samples.filter((s) => s.metric === 'iteration_duration').map((s) => Math.round(s.value));
    expect(durations.sort((a, b) => a - b)).toEqual([...Array(15).fill(70), ...Array(20).fill(100)]);
    expect(run.samples.filter((s) => s.metric === 'iterations')).toHaveLength(n);
    expect(run.state.scenarios[0]!.stats).toMatchObject({ completed: n, interrupted: 0, active: 0 });
  });

  it('ramping-vus: the VU count follows the stages; a ramped-down VU finishes its iteration first', async () => {
    const run = startFakeRun(
      [
        scenario('s', 'ramping-vus', {
          startVUs: 0,
          stages: [
            { duration: '2s', target: 2 },
            { duration: '2s', target: 0 },
          ],
          gracefulRampDown: '1s',
        }),
      ],
      () => 400,
    );
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      await advance(i === 0 ? 500 : 1000);
      seen.push(run.vus()[0]!);
    }
    expect(seen).toEqual([0, 1, 2, 1]);
    await run.finish();
    // VU 1 runs from 1 s to 4 s; VU 2 from 2 s until the ramp-down at 3 s, where its iteration started
    // at 2.8 s still completes (gracefulRampDown 1 s).
    expect(starts(run.iterations.filter((i) => i.vu === 1))).toEqual([1000, 1400, 1800, 2200, 2600, 3000, 3400, 3800]);
    const vu2 = run.iterations.filter((i) => i.vu === 2);
    expect(starts(vu2)).toEqual([2000, 2400, 2800]);
    expect(vu2.at(-1)!.end).toBe(3200);
    expect(run.iterations.every((i) => i.status === 'ok')).toBe(true);
  });

  it('a hard stop interrupts running iterations at once and ends the run', async () => {
    const run = startFakeRun([scenario('s', 'constant-vus', { vus: 3, duration: '1m' })], () => 1000);
    await advance(2500);
    run.hardStop();
    const took = await run.finish();
    expect(took).toBeLessThan(2550);
    expect(run.iterations.filter((i) => i.status === 'interrupted')).toHaveLength(3);
    expect(run.iterations.filter((i) => i.status === 'ok')).toHaveLength(6);
  });
});

describe('arrival-rate executors', () => {
  it('constant-arrival-rate: iterations start at their due times, with no schedule lag', async () => {
    const run = startFakeRun([scenario('s', 'constant-arrival-rate', { rate: 10, timeUnit: '1s', duration: '1s', preAllocatedVUs: 2 })], () => 50);
    await run.finish();
    expect(starts(run.iterations)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
    expect(run.iterations.every((i) => Math.abs(i.start - i.intended!) < 1e-6)).toBe(true);
    const lag = run.samples.filter((s) => s.metric === 'iteration_schedule_lag').map((s) => s.value);
    expect(Math.max(...lag)).toBe(0);
  });

  it('an arrival with no free VU is dropped and counted; maxVUs is never passed', async () => {
    const run = startFakeRun([scenario('s', 'constant-arrival-rate', { rate: 10, duration: '1s', preAllocatedVUs: 1, maxVUs: 1 })], () => 250);
    await run.finish();
    expect(starts(run.iterations)).toEqual([0, 300, 600, 900]);
    expect(run.state.scenarios[0]!.stats.dropped).toBe(6);
    expect(run.samples.filter((s) => s.metric === 'dropped_iterations').reduce((a, s) => a + s.value, 0)).toBe(6);
    expect(run.warnings).toEqual(['scenario "s": insufficient VUs, reached 1 active VUs and cannot initialize more']);
  });

  it('iterations still running at the end get gracefulStop, then are interrupted', async () => {
    const run = startFakeRun([scenario('s', 'constant-arrival-rate', { rate: 10, duration: '1s', preAllocatedVUs: 6 }, { gracefulStop: 200 })], () => 450);
    const took = await run.finish();
    expect(run.iterations.map((i) => i.status)).toEqual([...Array(8).fill('ok'), 'interrupted', 'interrupted']);
    expect(run.iterations.slice(-2).map((i) => i.end)).toEqual([1200, 1200]);
    expect(took).toBeLessThan(1205);
    expect(run.state.scenarios[0]!.stats).toMatchObject({ completed: 8, interrupted: 2, dropped: 0 });
  });

  it('ramping-arrival-rate 0 → 20/s over 1 s: due times follow the ramp (k at 1000·sqrt(k/10) ms)', async () => {
    const run = startFakeRun([scenario('s', 'ramping-arrival-rate', { startRate: 0, stages: [{ duration: '1s', target: 20 }], preAllocatedVUs: 3 })], () => 10);
    await run.finish();
    expect(run.iterations).toHaveLength(10);
    run.iterations.forEach((it, k) => {
      expect(it.intended).toBeCloseTo(1000 * Math.sqrt(k / 10), 6);
      // The fake clock moves in whole ms: an iteration starts in the ms its due time falls in.
      expect(it.start - it.intended!).toBeGreaterThanOrEqual(0);
      expect(it.start - it.intended!).toBeLessThan(1);
    });
  });

  it('scenarios start at their startTime; a later one waits', async () => {
    const run = startFakeRun(
      [
        scenario('first', 'shared-iterations', { vus: 1, iterations: 2 }),
        scenario('later', 'constant-arrival-rate', { rate: 4, duration: '1s', preAllocatedVUs: 1 }, { startTime: 500 }),
      ],
      () => 100,
    );
    await advance(300);
    expect(run.state.scenarios.map((s) => [s.started, s.stats.done])).toEqual([
      [true, true],
      [false, false],
    ]);
    await run.finish();
    expect(starts(run.iterations.filter((i) => i.scenario === 'later'))).toEqual([500, 750, 1000, 1250]);
  });
});
