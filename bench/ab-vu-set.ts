// One checkout's VUs for bench/ab-vu.mjs: bundled from <checkout>/.abcache/, so that `../runtime` is that
// checkout's runtime (and its in-isolate modules), not this one's. Exports makeSet(): N VUs of a script in a
// closed loop, their `http` endpoint answering through the real llmload/http endpoint or on the next turn.
import path from 'node:path';
import { bundleScript } from '../runtime/bundle/bundle.js';
import type { Endpoint } from '../runtime/plugin-api/endpoint.js';
import { createVuFactory } from '../runtime/vu/factory.js';
import type { Vu, VuHostContext } from '../runtime/vu/types.js';
import { httpEndpointWithEngine } from '../bench/http-endpoint.js';

/**
 * `mode`: 'real' (llmload/http to `url`) or 'immediate' (every request answered on the next turn with the
 * response of the first one, which went to `url`).
 */
export async function makeSet(script: string, url: string, nVus: number, mode: string) {
  const { engine, endpoint: real } = httpEndpointWithEngine();
  let first: Promise<unknown> | undefined;
  const endpoint =
    mode === 'real'
      ? real
      : ({
          createState: (vuId: number) => real.createState(vuId),
          vuConfig: () => real.vuConfig?.(),
          call: (payload: unknown, op: Parameters<typeof real.call>[1]) => {
            first ??= real.call(payload, op);
            return first.then((wire) => new Promise((r) => setImmediate(() => r(wire))));
          },
        } as unknown as Endpoint);
  const bundle = await bundleScript({ file: path.resolve(script), cwd: process.cwd() });
  const env = { BASE_URL: url };
  const host = { sink: engine, defineMetric() {}, runTags: {}, env, scriptDir: bundle.scriptDir, log() {} } as unknown as VuHostContext;
  const factory = await createVuFactory(bundle, host, { endpoints: new Map([['http', endpoint]]) });
  const vus: Vu[] = await Promise.all(Array.from({ length: nVus }, (_, i) => factory.createVu(i + 1)));
  const loop = closedLoop(env);
  /** Runs every VU until `until` (performance.now()); resolves with the iterations done. */
  const run = async (until: number) => (await Promise.all(vus.map((vu) => loop(vu, until)))).reduce((a, b) => a + b, 0);
  return { run, dispose: () => factory.dispose() };
}

/**
 * A closed loop of `default` iterations for VUs (the iteration counts kept per VU across calls): `loop(vu,
 * until)` iterates until performance.now() reaches `until` and resolves with the iterations done.
 */
export function closedLoop(env: Record<string, string>): (vu: Vu, until: number) => Promise<number> {
  const scenario = { name: 'default', executor: 'constant-vus', startTime: Date.now(), progress: 0, iterationInTest: 0 };
  const tags = { scenario: 'default' };
  const iters = new Map<Vu, number>();
  return async (vu, until) => {
    let n = 0;
    for (let i = iters.get(vu) ?? 0; performance.now() < until; i++) {
      await vu.iterate({ exec: 'default', scenario, iterationInScenario: i, tags, env } as never, undefined);
      n++;
      iters.set(vu, i + 1);
      // An endpoint that settles in microtasks would keep time still: yield (the scheduler does the same).
      if ((n & 15) === 15) await new Promise((r) => setImmediate(r));
    }
    return n;
  };
}
