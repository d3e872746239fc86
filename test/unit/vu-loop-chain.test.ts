// A closed loop's iteration that ends while its VU's I/O settles starts the
// next one in the same call into the isolate (IterationInfo.next, host.next):
// each iteration still sees its own __ITER, exec.scenario numbers and
// progress, ends as it would have, and the loop stops when `next` says so.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { IterationInfo, NextIteration } from '../../runtime/vu/types.js';
import { VuContext } from '../../runtime/vu/vu-context.js';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});

const SCRIPT = [
  "import { sleep } from 'k6';",
  "import exec from 'k6/execution';",
  'export default function () {',
  '  sleep(0.002);',
  '  console.log(`${__VU} ${__ITER} ${exec.scenario.iterationInTest} ${exec.scenario.progress} ${exec.vu.iterationInScenario}`);',
  "  if (__ENV.FAIL_AT === String(__ITER)) throw new Error('failed at ' + __ITER);",
  '}',
].join('\n');

/** A loop of `count` iterations for VU `vu`: iterationInTest vu×100 + i, progress i/count (so it changes each time). */
function loop(vu: number, count: number, ended: number[]): IterationInfo {
  const first = info(0);
  const state: NextIteration = { iterationInScenario: 0, iterationInTest: vu * 100, progress: 0 };
  return {
    ...first,
    scenario: { ...first.scenario, iterationInTest: vu * 100, progress: 0 },
    next: () => {
      ended.push(vu);
      if (state.iterationInScenario + 1 >= count) return undefined;
      state.iterationInScenario++;
      state.iterationInTest++;
      // Unchanged for a while, then changed: both ways the isolate is told.
      state.progress = Math.floor(state.iterationInScenario / 2) / count;
      return state;
    },
  };
}

describe('closed loops that go on inside the call their I/O settles in', () => {
  it('run each iteration with its own numbers, in one call into the isolate per loop', async () => {
    h = await harness({ source: SCRIPT });
    const vus = await Promise.all([1, 2, 3].map((id) => h!.factory.createVu(id)));
    const calls = vi.spyOn(VuContext.prototype, 'iterate');
    const ended: number[] = [];
    try {
      const outcomes = await Promise.all(vus.map((vu) => vu.iterate(loop(vu.id, 6, ended), undefined)));
      expect(outcomes).toEqual([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }]);
      // One host call started each loop; the other five iterations of each started inside the isolate.
      expect(calls).toHaveBeenCalledTimes(3);
    } finally {
      calls.mockRestore();
    }
    for (const vu of [1, 2, 3]) {
      const lines = h.logs.filter((l) => l.vu === vu).map((l) => l.message);
      expect(lines).toEqual(Array.from({ length: 6 }, (_, i) => `${vu} ${i} ${vu * 100 + i} ${Math.floor(i / 2) / 6} ${i}`));
      // `next` was asked once per iteration: five went on, the sixth ended the loop.
      expect(ended.filter((v) => v === vu)).toHaveLength(6);
    }
  });

  it('go on in a VU with a context of its own too (a script whose init adds a global)', async () => {
    h = await harness({ source: `(globalThis as Record<string, unknown>).added = 1;\n${SCRIPT}` });
    await h.factory.readExports();
    const vus = await Promise.all([1, 2].map((id) => h!.factory.createVu(id)));
    expect(vus.every((vu) => (vu as unknown as { ctx: VuContext }).ctx.ownsContext)).toBe(true);
    const calls = vi.spyOn(VuContext.prototype, 'iterate');
    const ended: number[] = [];
    try {
      expect(await Promise.all(vus.map((vu) => vu.iterate(loop(vu.id, 4, ended), undefined)))).toEqual([{ status: 'ok' }, { status: 'ok' }]);
      expect(calls).toHaveBeenCalledTimes(2);
    } finally {
      calls.mockRestore();
    }
    for (const vu of [1, 2]) {
      expect(h.logs.filter((l) => l.vu === vu).map((l) => l.message.split(' ').slice(0, 3).join(' '))).toEqual(
        [0, 1, 2, 3].map((i) => `${vu} ${i} ${vu * 100 + i}`),
      );
    }
  });

  it('an iteration that throws ends the loop with its error; the next call starts afresh', async () => {
    h = await harness({ source: SCRIPT });
    const vu = await h.factory.createVu(1);
    const ended: number[] = [];
    const failing = { ...loop(1, 10, ended), env: { FAIL_AT: '3' } };
    const outcome = await vu.iterate(failing, undefined);
    expect(outcome).toMatchObject({ status: 'error', error: { message: expect.stringContaining('failed at 3') } });
    // Iterations 0, 1 and 2 went on; 3 failed, so `next` was not asked for it.
    expect(ended).toEqual([1, 1, 1]);
    expect(await vu.iterate({ ...info(4), env: {} }, undefined)).toEqual({ status: 'ok' });
    expect(h.logs.map((l) => l.message.split(' ')[1])).toEqual(['0', '1', '2', '3', '4']);
  });

  it('an interrupted iteration does not go on', async () => {
    h = await harness({ source: "import { sleep } from 'k6';\nexport default function () { sleep(0.05); }" });
    const vu = await h.factory.createVu(1);
    const ended: number[] = [];
    const running = vu.iterate(loop(1, 100, ended), undefined);
    await new Promise((r) => setTimeout(r, 130));
    vu.interrupt();
    expect(await running).toEqual({ status: 'interrupted' });
    const asked = ended.length;
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThan(4);
  });
});
