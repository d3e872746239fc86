import { afterEach, describe, expect, it } from 'vitest';
import { isLlmloadError } from '../../runtime/errors.js';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});

const messages = (x: Harness) => x.logs.map((l) => l.message);
const strip = (tags: Readonly<Record<string, string>>) => ({ ...tags });

describe('VU lifecycle', () => {
  it('reads options and exported functions from init code', async () => {
    h = await harness({ file: 'basic.ts' });
    const { options, functions } = await h.factory.readExports();
    expect(options).toEqual({ vus: 2, thresholds: { checks: ['rate>0.9'] } });
    expect(functions.sort()).toEqual(['default', 'handleSummary', 'setup', 'teardown']);
    expect(h.metrics.get('my_calls')).toBe('counter:default');
    expect(h.metrics.get('my_latency')).toBe('trend:time');
    expect(h.metrics.get('group_duration')).toBe('trend:time');
  });

  it('runs setup → iterations → teardown → handleSummary', async () => {
    h = await harness({ file: 'basic.ts' });
    const setup = await h.factory.runLifecycle('setup');
    expect(setup).toBe('{"n":7}');
    const vu = await h.factory.createVu(3);
    expect(await vu.iterate(info(0), setup)).toEqual({ status: 'ok' });
    expect(await vu.iterate(info(1), setup)).toEqual({ status: 'ok' });
    expect(messages(h)).toEqual(['vu=3 iter=0 init=3 env=bar sc=default it=0', 'vu=3 iter=1 init=3 env=bar sc=default it=1']);
    expect(await h.factory.runLifecycle('teardown', setup)).toBeUndefined();
    expect(h.logs.at(-1)).toEqual({ level: 'log', vu: 0, message: 'teardown 7' });
    expect(await h.factory.runLifecycle('handleSummary', '{"a":1}')).toBe('{"stdout":"summary {\\"a\\":1}"}');
  });

  it('records checks, groups and custom metrics with their tags', async () => {
    h = await harness({ file: 'basic.ts' });
    const vu = await h.factory.createVu(1);
    expect(await vu.iterate(info(0), '{"n":7}')).toEqual({ status: 'ok' });
    const base = { run: 'r1', scenario: 'default' };
    const simple = h.samples.map((s) => ({ metric: s.metric, value: s.metric === 'group_duration' ? 'ms' : s.value, tags: strip(s.tags) }));
    expect(simple).toEqual([
      { metric: 'my_calls', value: 1, tags: { ...base, group: '', kind: 'x' } },
      { metric: 'checks', value: 1, tags: { ...base, group: '::outer::inner', check: 'n is 7' } },
      { metric: 'checks', value: 0, tags: { ...base, group: '::outer::inner', check: 'always false' } },
      { metric: 'group_duration', value: 'ms', tags: { ...base, group: '::outer::inner' } },
      { metric: 'group_duration', value: 'ms', tags: { ...base, group: '::outer' } },
      { metric: 'my_latency', value: 12.5, tags: { ...base, group: '' } },
    ]);
    const [inner, outer] = h.samples.filter((s) => s.metric === 'group_duration');
    expect(outer!.value).toBeGreaterThanOrEqual(inner!.value);
    const now = Date.now();
    for (const s of h.samples) expect(Math.abs(s.time - now)).toBeLessThan(5000);
  });

  it('setup() exceptions are ERR_SCRIPT_EXCEPTION at the user line', async () => {
    h = await harness({ file: 'setup-throws.ts' });
    const err = await h.factory.runLifecycle('setup').catch((e: unknown) => e);
    expect(isLlmloadError(err) && err.code).toBe('ERR_SCRIPT_EXCEPTION');
    expect((err as Error).message).toBe('test/fixtures/scripts/setup-throws.ts:4:9: setup exploded (in setup())');
  });

  it('a lifecycle function past its timeout is ERR_SETUP_TIMEOUT', async () => {
    h = await harness({ source: "import { sleep } from 'llmload';\nexport default () => {};\nexport async function setup() { await sleep(10); }" });
    const t0 = performance.now();
    const err = await h.factory.runLifecycle('setup', undefined, 100).catch((e: unknown) => e);
    expect(isLlmloadError(err) && err.code).toBe('ERR_SETUP_TIMEOUT');
    expect((err as Error).message).toBe('setup() did not finish within 100 ms');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

describe('script errors', () => {
  it('init exceptions are ERR_SCRIPT_EXCEPTION with the user file:line:col', async () => {
    h = await harness({ file: 'init-throws.ts' });
    const err = await h.factory.readExports().catch((e: unknown) => e);
    expect(isLlmloadError(err) && err.code).toBe('ERR_SCRIPT_EXCEPTION');
    expect((err as Error).message).toBe('test/fixtures/scripts/init-throws.ts:5:9: init exploded');
    await expect(h.factory.createVu(1)).rejects.toThrow('test/fixtures/scripts/init-throws.ts:5:9: init exploded');
  });

  it('iteration exceptions map to the TypeScript source', async () => {
    h = await harness({ file: 'throws.ts' });
    const vu = await h.factory.createVu(1);
    const o = await vu.iterate(info(4), undefined);
    expect(o.status).toBe('error');
    if (o.status !== 'error') return;
    expect(o.error.message).toBe('bad payload 4');
    expect(o.error.location).toBe('test/fixtures/scripts/throws.ts:8:9');
    expect(o.error.stack).toMatch(
      /^Error: bad payload 4\n\s+at explode \(test\/fixtures\/scripts\/throws\.ts:8:9\)\n\s+at .*test\/fixtures\/scripts\/throws\.ts:13:3\)/,
    );
    // The check before the throw was recorded.
    expect(h.samples.map((s) => [s.metric, s.value])).toEqual([['checks', 1]]);
  });

  it('maps TypeErrors, async throws and thrown strings', async () => {
    h = await harness({ file: 'throws.ts' });
    const vu = await h.factory.createVu(1);
    const t = await vu.iterate(info(0, 'typeError'), undefined);
    expect(t).toMatchObject({ status: 'error', error: { location: 'test/fixtures/scripts/throws.ts:18:5' } });
    expect(t.status === 'error' && t.error.message).toMatch(/^TypeError: Cannot read properties of undefined/);
    expect(await vu.iterate(info(1, 'asyncThrow'), undefined)).toMatchObject({
      status: 'error',
      error: { message: 'RangeError: after await', location: 'test/fixtures/scripts/throws.ts:23:9' },
    });
    expect(await vu.iterate(info(2, 'throwsString'), undefined)).toEqual({ status: 'error', error: { message: 'Uncaught plain string' } });
    expect(await vu.iterate(info(3, 'missing'), undefined)).toEqual({ status: 'error', error: { message: 'the script has no exported function "missing"' } });
  });
});

describe('isolation and resources', () => {
  it('keeps globals (and prototypes) separate per VU, even in one isolate', async () => {
    h = await harness({ file: 'globals.ts' }, { vusPerIsolate: 10 });
    const [a, b] = [await h.factory.createVu(1), await h.factory.createVu(2)];
    for (let i = 0; i < 3; i++) expect(await a.iterate(info(i), undefined)).toEqual({ status: 'ok' });
    expect(await b.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(h.factory.stats()).toEqual({ isolates: 1, contexts: 2 });
    expect(messages(h)).toEqual([
      'vu=1 count=1 shared=set by VU 1 polluted=true',
      'vu=1 count=2 shared=set by VU 1 polluted=true',
      'vu=1 count=3 shared=set by VU 1 polluted=true',
      'vu=2 count=1 shared=init polluted=undefined',
    ]);
  });

  it('a VU over the memory limit fails cleanly; its isolate-mates restart', async () => {
    h = await harness({ file: 'memory-hog.ts' }, { vusPerIsolate: 2, memoryLimitMb: 16 });
    const [hog, mate, other] = [await h.factory.createVu(1), await h.factory.createVu(2), await h.factory.createVu(3)];
    expect(h.factory.stats()).toEqual({ isolates: 2, contexts: 2 });
    const mateRun = mate.iterate(info(0), undefined); // sleeping when the isolate dies
    const otherRun = other.iterate(info(0), undefined);
    const o = await hog.iterate(info(0), undefined);
    expect(o.status).toBe('error');
    const expected = 'the script ran out of memory (limit 16 MB per isolate, shared by 2 VUs); the VUs on it start over with their init code';
    expect(o).toEqual({ status: 'error', error: { message: expected } });
    expect(await mateRun).toEqual({ status: 'error', error: { message: expected } });
    expect(await otherRun).toEqual({ status: 'ok' });
    // Both get a fresh context on their next iteration.
    expect(await hog.iterate(info(1), undefined)).toEqual({ status: 'ok' });
    expect(await mate.iterate(info(1), undefined)).toEqual({ status: 'ok' });
    expect(messages(h).sort()).toEqual(['vu=1 iter=1 ok', 'vu=2 iter=1 ok', 'vu=3 iter=0 ok']);
  });

  it('builds a SharedArray once and reads it in every VU; open() only in init', async () => {
    h = await harness({ file: 'shared-data.ts' });
    await h.factory.readExports();
    const vus = [];
    for (let i = 1; i <= 5; i++) vus.push(await h.factory.createVu(i));
    for (const vu of vus) expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const msgs = messages(h);
    expect(msgs.filter((m) => m === 'building users')).toHaveLength(1);
    expect(msgs.filter((m) => m !== 'building users')).toEqual(
      [1, 2, 3, 4, 5].map((v) => `vu=${v} len=3 first=ada last=3 out=undefined names=ada,bob,cy mapped=1+2+3 frozen=true notes=line two bytes=18 global=true`),
    );
    expect(await vus[0]!.iterate(info(1, 'openLate'), undefined)).toMatchObject({
      status: 'error',
      error: { message: 'open("./data/notes.txt"): files can only be opened in init code (outside exported functions)' },
    });
    expect(await vus[0]!.iterate(info(2, 'newArrayLate'), undefined)).toMatchObject({
      status: 'error',
      error: { message: 'SharedArray "late": must be created in init code (outside exported functions)' },
    });
  });
});

describe('execution context', () => {
  const script = `
import { sleep, group } from 'llmload';
import exec from 'llmload/execution';
import { Counter, Gauge, Rate, Trend } from 'llmload/metrics';
const c = new Counter('c'); const g = new Gauge('g'); const r = new Rate('r'); const t = new Trend('t');
export default function (data, payload) {
  exec.vu.tags.tenant = 'acme';
  c.add(2); g.add(5, { k: 1 }); r.add(false); r.add('yes'); t.add(3);
  console.log(JSON.stringify({ data, payload, env: __ENV, iter: __ITER, vu: __VU, inTest: exec.scenario.iterationInTest,
    progress: exec.scenario.progress, executor: exec.scenario.executor, inInstance: exec.vu.iterationInInstance }));
  data.seen = (data.seen ?? 0) + 1;
}
export async function sleeper() { await sleep(30); }
export async function stuck() { await new Promise(() => {}); }
export async function catcher() { try { await sleep(30); } catch {} await sleep(30); }
export function aborter() { try { exec.test.abort('enough'); } catch {} }
export function lateMetric() { new Counter('late'); }
export async function timers() {
  const seen = [];
  const t = setTimeout(() => seen.push('cancelled'), 5); clearTimeout(t);
  await new Promise((r) => setTimeout(() => { seen.push('timeout'); r(); }, 5));
  await new Promise((r) => { let n = 0; const h = setInterval(() => { seen.push('tick' + ++n); if (n === 3) { clearInterval(h); r(); } }, 2); });
  await sleep(0.02);
  const t0 = performance.now(); await sleep(0.03); const dt = performance.now() - t0;
  console.log(seen.join(',') + ' ' + (dt >= 29 && dt < 500));
}
export async function asyncGroup() { await group('g1', async () => { await sleep(0.001); new Rate('x'); }); }
`;

  it('passes data, payload, __ENV and exec info; custom metrics and VU tags', async () => {
    h = await harness({ source: script });
    const vu = await h.factory.createVu(7);
    expect([...h.metrics]).toEqual([
      ['group_duration', 'trend:time'],
      ['c', 'counter:default'],
      ['g', 'gauge:default'],
      ['r', 'rate:default'],
      ['t', 'trend:default'],
    ]);
    const i0 = { ...info(0, 'default', { prompt: 'hi' }), env: { A: '1' } };
    expect(await vu.iterate(i0, '{"n":1}')).toEqual({ status: 'ok' });
    expect(await vu.iterate(info(1), '{"n":1}')).toEqual({ status: 'ok' });
    const [l0, l1] = messages(h).map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(l0).toMatchObject({
      data: { n: 1 },
      payload: { prompt: 'hi' },
      env: { A: '1' },
      iter: 0,
      vu: 7,
      progress: 0.5,
      executor: 'constant-vus',
      inInstance: 0,
    });
    // Setup data is parsed once per VU: the mutation is still there.
    expect(l1).toMatchObject({ data: { n: 1, seen: 1 }, env: { FOO: 'bar' }, iter: 1, inInstance: 1 });
    expect(l1!.inTest).toBe((l0!.inTest as number) + 1);
    const tagged = { run: 'r1', scenario: 'default', group: '', tenant: 'acme' };
    expect(h.samples.slice(0, 5).map((s) => [s.metric, s.value, strip(s.tags)])).toEqual([
      ['c', 2, tagged],
      ['g', 5, { ...tagged, k: '1' }],
      ['r', 0, tagged],
      ['r', 1, tagged],
      ['t', 3, tagged],
    ]);
    expect(await vu.iterate(info(2, 'lateMetric'), undefined)).toMatchObject({
      error: { message: 'metric "late": custom metrics must be created in init code (outside exported functions)' },
    });
  });

  it('async groups keep their tag across awaits', async () => {
    h = await harness({ source: script });
    const vu = await h.factory.createVu(1);
    const o = await vu.iterate(info(0, 'asyncGroup'), undefined);
    expect(o).toMatchObject({ status: 'error', error: { message: 'metric "x": custom metrics must be created in init code (outside exported functions)' } });
    expect(h.samples.map((s) => [s.metric, s.tags.group])).toEqual([['group_duration', '::g1']]);
  });

  it('has host timers: setTimeout, clearTimeout, setInterval, performance.now', async () => {
    h = await harness({ source: script });
    const vu = await h.factory.createVu(1);
    expect(await vu.iterate(info(0, 'timers'), undefined)).toEqual({ status: 'ok' });
    expect(messages(h)).toEqual(['timeout,tick1,tick2,tick3 true']);
  });

  it('exec.test.abort() ends the iteration as aborted, even when caught', async () => {
    h = await harness({ source: script });
    const vu = await h.factory.createVu(1);
    expect(await vu.iterate(info(0, 'aborter'), undefined)).toEqual({ status: 'aborted', reason: 'enough' });
  });

  it("an arrival's iteration that finishes inside its call returns its outcome itself; a loop's or an awaiting one's is a promise", async () => {
    h = await harness({ source: script });
    const vu = await h.factory.createVu(1);
    const arrival = (exec: string) => ({ ...info(0, exec), intendedStart: performance.now() });
    expect(vu.iterate(arrival('aborter'), undefined)).toEqual({ status: 'aborted', reason: 'enough' });
    expect(vu.iterate(arrival('lateMetric'), undefined)).toMatchObject({ status: 'error' });
    // A closed loop's instant iteration still resolves on the next turn, so that timers and I/O run between them.
    const looped = vu.iterate(info(0, 'aborter'), undefined);
    expect(looped).toBeInstanceOf(Promise);
    expect(await looped).toEqual({ status: 'aborted', reason: 'enough' });
    const sleeping = vu.iterate(arrival('asyncGroup'), undefined);
    expect(sleeping).toBeInstanceOf(Promise);
    expect(await sleeping).toMatchObject({ status: 'error', error: { message: expect.stringContaining('init code') } });
  });

  it('interrupt() settles iterations stuck in sleep or on a promise that never settles', async () => {
    h = await harness({ source: script });
    const vu = await h.factory.createVu(1);
    for (const fn of ['sleeper', 'stuck', 'catcher']) {
      const t0 = performance.now();
      const p = vu.iterate(info(0, fn), undefined);
      setTimeout(() => vu.interrupt(), 50);
      expect(await p).toEqual({ status: 'interrupted' });
      expect(performance.now() - t0).toBeLessThan(1000);
    }
    // The VU is usable afterwards.
    expect(await vu.iterate(info(1), '{}')).toEqual({ status: 'ok' });
  });
});
