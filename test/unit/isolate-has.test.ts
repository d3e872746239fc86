import { describe, expect, it } from 'vitest';
import { IsolateHas } from '../../runtime/vu/isolate-has.js';
import type { IterationInfo } from '../../runtime/vu/types.js';

const env = { A: '1' };
const info = (over: Partial<IterationInfo> = {}, scenario: Partial<IterationInfo['scenario']> = {}): IterationInfo => ({
  exec: 'default',
  scenario: { name: 's', executor: 'constant-vus', startTime: 0, progress: 0, iterationInTest: 0, ...scenario },
  iterationInScenario: 0,
  tags: {},
  env,
  ...over,
});

describe('IsolateHas: what iterate sends again', () => {
  it('sends __ENV and setup data once, again when they change, and the executor payload every time', () => {
    const has = new IsolateHas();
    expect(has.extras(info(), undefined)).toEqual({ env, setup: null });
    expect(has.extras(info(), undefined)).toBeUndefined();
    expect(has.extras(info({ data: { n: 1 } }), undefined)).toEqual({ data: { n: 1 } });
    expect(has.extras(info(), '{"x":1}')).toEqual({ setup: '{"x":1}' });
    const env2 = { A: '2' };
    expect(has.extras(info({ env: env2 }), '{"x":1}')).toEqual({ env: env2 });
    expect(has.extras(info({ env: env2 }), undefined)).toEqual({ setup: null });
  });

  it('sends the exec function, scenario and executor names only when they change', () => {
    const has = new IsolateHas();
    const names = (i: IterationInfo) => {
      const a = has.iterateArgs(7, i, undefined);
      return [a[1], a[3], a[4]];
    };
    expect(names(info())).toEqual(['default', 's', 'constant-vus']);
    expect(names(info())).toEqual([undefined, undefined, undefined]);
    expect(names(info({ exec: 'other' }, { name: 't' }))).toEqual(['other', 't', undefined]);
    expect(names(info({ exec: 'other' }, { name: 't', executor: 'per-vu-iterations' }))).toEqual([undefined, undefined, 'per-vu-iterations']);
  });

  it("lays out iterate's arguments as the isolate's entry takes them, and notes the progress sent", () => {
    const has = new IsolateHas();
    const x = { copied: true };
    const i = info({ iterationInScenario: 3, next: () => undefined }, { startTime: 100, progress: 0.25, iterationInTest: 9 });
    expect(has.iterateArgs(1, i, x)).toEqual([1, 'default', 3, 's', 'constant-vus', 100, 0.25, 9, true, x]);
    expect(has.sendsProgress(0.25)).toBe(false);
    expect(has.iterateArgs(2, info(), undefined)[8]).toBe(false);
  });

  it('tells whether the progress differs from what the isolate has', () => {
    const has = new IsolateHas();
    expect(has.sendsProgress(0)).toBe(true);
    expect(has.sendsProgress(0)).toBe(false);
    expect(has.sendsProgress(0.5)).toBe(true);
    expect(has.sendsProgress(0.5)).toBe(false);
  });
});
