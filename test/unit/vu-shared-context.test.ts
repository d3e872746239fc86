// VUs of one isolate share a V8 context (their module code runs once per VU
// in it), yet each keeps its own module state and its own __VU, __ITER,
// __ENV, console and timers; a script whose init adds globals gets a context
// per VU, so that its globals stay its own.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VuContext } from '../../runtime/vu/vu-context.js';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});
const messages = (x: Harness) => x.logs.map((l) => l.message).sort();

describe('VUs sharing a context', () => {
  it('keep their own module state and globals while they interleave', async () => {
    h = await harness({ file: '../shared-context/per-vu-state.ts' });
    const vus = await Promise.all([1, 2, 3].map((id) => h!.factory.createVu(id)));
    expect(h.factory.stats()).toEqual({ isolates: 1, contexts: 1 });
    // Their sleeps end in the same turns, so their settles reach the isolate in batches (runtime/vu/settle-batch.ts);
    // a batch delivered in one call, not a call per settle, fails this: continuations read another VU's __VU.
    for (let i = 0; i < 2; i++) {
      const outcomes = await Promise.all(vus.map((vu, k) => vu.iterate({ ...info(i + k * 10), env: { FOO: `env${k + 1}` } }, undefined)));
      expect(outcomes).toEqual([{ status: 'ok' }, { status: 'ok' }, { status: 'ok' }]);
    }
    expect(messages(h)).toEqual(
      [1, 2, 3].flatMap((vu) =>
        [0, 1].map((i) => {
          const iter = i + (vu - 1) * 10;
          return `vu=${vu} born=${vu} iter=${iter} count=${i + 1} before=${vu}/${iter}/env${vu} idInTest=${vu} global=${vu}`;
        }),
      ),
    );
    // Each VU's console is its own: the log lines carry its number.
    for (const l of h.logs) expect(l.message.startsWith(`vu=${l.vu} `)).toBe(true);
  });

  it('iterations that finish after a batched settle come back through the batch, not a call of their own', async () => {
    h = await harness({ source: "import { sleep } from 'llmload';\nexport default async function () { await sleep(0.005); }" });
    const vus = await Promise.all([1, 2, 3, 4].map((id) => h!.factory.createVu(id)));
    const viaBatch = vi.spyOn(VuContext.prototype, 'finished');
    try {
      for (let i = 0; i < 3; i++) {
        expect(await Promise.all(vus.map((vu) => vu.iterate(info(i), undefined)))).toEqual(vus.map(() => ({ status: 'ok' })));
      }
      // Every iteration finished in the microtasks of its sleep's settle; the batch reported each (a -1 for none).
      expect(viaBatch).toHaveBeenCalledTimes(12);
    } finally {
      viaBatch.mockRestore();
    }
  });

  it('a script whose init adds globals gets a context per VU', async () => {
    h = await harness({ file: 'globals.ts' }, { vusPerIsolate: 10 });
    await h.factory.readExports();
    const [a, b] = [await h.factory.createVu(1), await h.factory.createVu(2)];
    // The probe VU found the global and stayed alone in the shared context; the VUs have their own.
    expect(h.factory.stats()).toEqual({ isolates: 1, contexts: 3 });
    expect(await a.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(await b.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(h.logs.map((l) => l.message)).toEqual(['vu=1 count=1 shared=set by VU 1 polluted=true', 'vu=2 count=1 shared=init polluted=undefined']);
  });

  it('a script whose init patches a built-in gets a context per VU', async () => {
    h = await harness({ source: `Math.random = () => __VU / 10;\nexport default function () { console.log('r=' + Math.random()); }` });
    const [a, b] = [await h.factory.createVu(1), await h.factory.createVu(2)];
    expect(h.factory.stats()).toEqual({ isolates: 1, contexts: 2 });
    expect(await a.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(await b.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(h.logs.map((l) => l.message)).toEqual(['r=0.1', 'r=0.2']);
  });

  it("share llmload/http's Response class, frozen, so that one VU cannot change another's", async () => {
    // The class per context keeps the sites that build and read responses monomorphic (runtime/modules/internal/per-context.ts).
    h = await harness({
      source: [
        "import http, { Response } from 'k6/http';",
        'declare const __llmloadPerContext: Record<string, unknown>;',
        'export default function () {',
        '  const shared = Response === __llmloadPerContext["llmload/http Response"] && Object.getPrototypeOf(http.url`/${1}`) === __llmloadPerContext["llmload/http HttpURL"]?.prototype;',
        '  try { (Response.prototype as unknown as Record<string, number>).extra = __VU; } catch {}',
        '  const extra = (Response.prototype as unknown as Record<string, number>).extra;',
        '  console.log(`vu=${__VU} shared=${shared} frozen=${Object.isFrozen(Response.prototype)} extra=${extra}`);',
        '}',
      ].join('\n'),
    });
    const [a, b] = [await h.factory.createVu(1), await h.factory.createVu(2)];
    expect(h.factory.stats()).toEqual({ isolates: 1, contexts: 1 });
    expect(await a.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(await b.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(messages(h)).toEqual(['vu=1 shared=true frozen=true extra=undefined', 'vu=2 shared=true frozen=true extra=undefined']);
  });

  it('with shareContext: false, every VU has its own context', async () => {
    h = await harness({ file: '../shared-context/per-vu-state.ts' }, { shareContext: false });
    await Promise.all([1, 2].map((id) => h!.factory.createVu(id)));
    expect(h.factory.stats()).toEqual({ isolates: 1, contexts: 2 });
  });
});
