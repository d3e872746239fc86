// One checkout's VUs for bench/ab-vu.mjs: bundled from <checkout>/.abcache/, so that `../runtime` is that
// checkout's runtime (and its in-isolate modules), not this one's. Exports makeSet(): N VUs of a script in a
// closed loop, their `http` endpoint answering through the real llmload/http endpoint or at once.
import path from 'node:path';
import { bundleScript } from '../runtime/bundle/bundle.js';
import type { Endpoint } from '../runtime/plugin-api/endpoint.js';
import { createVuFactory } from '../runtime/vu/factory.js';
import type { Vu, VuHostContext } from '../runtime/vu/types.js';
import { httpEndpointWithEngine } from '../bench/http-endpoint.js';

/** A plain GET's response as the http endpoint hands it to the isolate. */
const wire = {
  status: 200,
  status_text: '200 OK',
  headers: { Date: 'Thu, 03 Dec 2026 00:00:00 GMT', Connection: 'keep-alive', 'Content-Length': '2' },
  body: 'ok',
  timings: { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0.01, waiting: 0.1, receiving: 0.01, duration: 0.12, looking_up: 0 },
  proto: 'HTTP/1.1',
  url: 'http://127.0.0.1:1/',
  error: '',
  error_code: 0,
  remote_ip: '127.0.0.1',
  remote_port: 1,
  tls_version: '',
  tls_cipher_suite: '',
};

/** `mode`: 'real' (llmload/http to `url`) or 'immediate' (answered on the next turn). */
export async function makeSet(script: string, url: string, nVus: number, mode: string) {
  const { engine, endpoint: real } = httpEndpointWithEngine();
  const endpoint =
    mode === 'real'
      ? real
      : ({
          createState: (vuId: number) => real.createState(vuId),
          vuConfig: () => real.vuConfig?.(),
          call: () => new Promise((r) => setImmediate(() => r(wire))),
        } as unknown as Endpoint);
  const bundle = await bundleScript({ file: path.resolve(script), cwd: process.cwd() });
  const env = { BASE_URL: url };
  const host = { sink: engine, defineMetric() {}, runTags: {}, env, scriptDir: bundle.scriptDir, log() {} } as unknown as VuHostContext;
  const factory = await createVuFactory(bundle, host, { endpoints: new Map([['http', endpoint]]) });
  const vus: Vu[] = await Promise.all(Array.from({ length: nVus }, (_, i) => factory.createVu(i + 1)));
  const scenario = { name: 'default', executor: 'constant-vus', startTime: Date.now(), progress: 0, iterationInTest: 0 };
  const tags = { scenario: 'default' };
  const iters = new Map<Vu, number>();
  async function loop(vu: Vu, until: number): Promise<number> {
    let n = 0;
    for (let i = iters.get(vu) ?? 0; performance.now() < until; i++) {
      await vu.iterate({ exec: 'default', scenario, iterationInScenario: i, tags, env } as never, undefined);
      n++;
      iters.set(vu, i + 1);
    }
    return n;
  }
  /** Runs every VU until `until` (performance.now()); resolves with the iterations done. */
  const run = async (until: number) => (await Promise.all(vus.map((vu) => loop(vu, until)))).reduce((a, b) => a + b, 0);
  return { run, dispose: () => factory.dispose() };
}
