// The cost of a VU's iteration path without the network: N VUs in a closed
// loop through the real VU code (isolate, host bridge, host ops), with an
// `http` endpoint that answers at once with a canned response (no undici, no
// samples). `node bench/vu-path.mjs [script] [seconds]` prints iterations/s
// and CPU µs per iteration; run it with an empty script and with one request
// per iteration to separate the iteration's cost from the request's.
import path from 'node:path';
import { bundleScript } from '../runtime/bundle/bundle.js';
import type { Endpoint } from '../runtime/plugin-api/endpoint.js';
import { createVuFactory } from '../runtime/vu/factory.js';
import type { Vu, VuHostContext } from '../runtime/vu/types.js';

const [script = 'bench/scripts/closed-loop-k6.js', secs = '4'] = process.argv.slice(2);
const VUS = 50;
const wire = {
  status: 200,
  status_text: '200 OK',
  headers: { 'Content-Length': '2', 'Content-Type': 'text/plain' },
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
const instant = {
  createState: () => ({}),
  call: () => Promise.resolve(wire),
  vuConfig: () => ({ userAgent: 'llmload', throw: false, discardResponseBodies: false, batch: 20, batchPerHost: 6 }),
} as unknown as Endpoint;

const bundle = await bundleScript({ file: path.resolve(script), cwd: process.cwd() });
const env = { BASE_URL: wire.url };
const host = { sink: { push() {} }, defineMetric() {}, runTags: {}, env, scriptDir: bundle.scriptDir, log() {} } as unknown as VuHostContext;
const factory = await createVuFactory(bundle, host, { endpoints: new Map([['http', instant]]) });
const vus = await Promise.all(Array.from({ length: VUS }, (_, i) => factory.createVu(i + 1)));
const scenario = { name: 'default', executor: 'constant-vus', startTime: Date.now(), progress: 0, iterationInTest: 0 };
let iterations = 0;
let stop = false;

async function loop(vu: Vu): Promise<void> {
  for (let i = 0; !stop; i++) {
    await vu.iterate({ exec: 'default', scenario, iterationInScenario: i, tags: { scenario: 'default' }, env } as never, undefined);
    iterations++;
    // An instant endpoint settles in microtasks: yield so that the stop timer can fire (the scheduler does the same).
    if ((i & 15) === 15) await new Promise((r) => setImmediate(r));
  }
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
setTimeout(() => {
  stop = true;
}, Number(secs) * 1000);
await Promise.all(vus.map(loop));
const cpu = process.cpuUsage(cpu0);
const s = (performance.now() - t0) / 1000;
console.log(`${path.basename(script)}: ${(iterations / s).toFixed(0)} iterations/s, ${((cpu.user + cpu.system) / iterations).toFixed(1)} µs CPU per iteration`);
factory.dispose();
