import { afterEach, describe, expect, it } from 'vitest';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});

describe('VU basics', () => {
  it('reads options and exported functions from init code', async () => {
    h = await harness({ file: 'basic.ts' });
    const { options, functions } = await h.factory.readExports();
    expect(options).toEqual({ vus: 2, thresholds: { checks: ['rate>0.9'] } });
    expect(functions.sort()).toEqual(['default', 'handleSummary', 'setup', 'teardown']);
    expect(h.metrics.get('my_calls')).toBe('counter:default');
    expect(h.metrics.get('my_latency')).toBe('trend:time');
  });

  it('runs setup → iterations → teardown → handleSummary', async () => {
    h = await harness({ file: 'basic.ts' });
    const setup = await h.factory.runLifecycle('setup');
    expect(setup).toBe('{"n":7}');
    const vu = await h.factory.createVu(3);
    expect(await vu.iterate(info(0), setup)).toEqual({ status: 'ok' });
    expect(await vu.iterate(info(1), setup)).toEqual({ status: 'ok' });
    expect(h.logs.map((l) => l.message)).toEqual([
      'vu=3 iter=0 init=3 env=bar sc=default it=0',
      'vu=3 iter=1 init=3 env=bar sc=default it=1',
    ]);
    expect(await h.factory.runLifecycle('teardown', setup)).toBeUndefined();
    expect(h.logs.at(-1)).toEqual({ level: 'log', vu: 0, message: 'teardown 7' });
    expect(await h.factory.runLifecycle('handleSummary', '{"a":1}')).toBe('{"stdout":"summary {\\"a\\":1}"}');
  });
});
