// The cost of a VU's iteration path: N VUs in a closed loop through the real
// VU code (isolate, host bridge, host ops), their `http` endpoint answering
//   now        at once (a resolved promise: the VU's own cost, its code hot),
//   immediate  on the next turn of the event loop,
//   timer      after about a millisecond (a VU's code and data go cold between its request and its answer, as over a network),
//   real       through the real llmload/http endpoint (undici, samples into a metrics engine) to --real=URL,
// in interleaved slices (bench/slices.ts). Run it with an empty script and a one-request script
// to separate the iteration's cost from the request's.
// `node bench/run-ts.mjs bench/vu-path.ts [script] [--real=URL] [--modes=now,real] [--contexts=shared|per-vu|both] [--rounds=10] [--vus=50]`
import path from 'node:path';
import { bundleScript } from '../runtime/bundle/bundle.js';
import type { Endpoint } from '../runtime/plugin-api/endpoint.js';
import { createVuFactory } from '../runtime/vu/factory.js';
import type { Vu, VuHostContext } from '../runtime/vu/types.js';
import { closedLoop } from './ab-vu-set.js';
import { httpEndpointWithEngine } from './http-endpoint.js';
import { flag, interleave, printSlices } from './slices.js';

const args = process.argv.slice(2);
const script = args.find((a) => !a.startsWith('--')) ?? 'bench/scripts/closed-loop-k6.js';
const real = flag(args, 'real');
const rounds = Number(flag(args, 'rounds') ?? 10);
const nVus = Number(flag(args, 'vus') ?? 50);
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
const { engine, endpoint: realEndpoint } = httpEndpointWithEngine();

let mode = 'now';
const answers: Record<string, () => Promise<unknown>> = {
  now: () => Promise.resolve(wire),
  immediate: () => new Promise((r) => setImmediate(() => r(wire))),
  timer: () => new Promise((r) => setTimeout(() => r(wire), 1)),
};
// One endpoint whose answer follows the slice's mode; its VU state is the real endpoint's.
const endpoint = {
  createState: (vuId: number) => realEndpoint.createState(vuId),
  vuConfig: () => realEndpoint.vuConfig?.(),
  call: (payload: unknown, op: Parameters<typeof realEndpoint.call>[1]) => (mode === 'real' ? realEndpoint.call(payload, op) : answers[mode]!()),
  disposeState: (state: Parameters<typeof realEndpoint.createState> extends never ? never : ReturnType<typeof realEndpoint.createState>) =>
    realEndpoint.disposeState?.(state),
} as unknown as Endpoint;

const bundle = await bundleScript({ file: path.resolve(script), cwd: process.cwd() });
const env = { BASE_URL: real ?? wire.url };
const host = { sink: engine, defineMetric() {}, runTags: {}, env, scriptDir: bundle.scriptDir, log() {} } as unknown as VuHostContext;
// shared (default), per-vu, or both: the two layouts side by side, one factory each, in the same slices.
const layouts = { shared: [true], 'per-vu': [false], both: [true, false] }[flag(args, 'contexts') ?? 'shared'];
if (!layouts) throw new Error('--contexts: shared, per-vu or both');
const sets = new Map<string, Vu[]>();
const factories = [];
for (const shareContext of layouts) {
  const f = await createVuFactory(bundle, host, { endpoints: new Map([['http', endpoint]]), shareContext });
  factories.push(f);
  sets.set(shareContext ? 'shared' : 'per-vu', await Promise.all(Array.from({ length: nVus }, (_, i) => f.createVu(i + 1))));
}
const loop = closedLoop(env);

const answering = flag(args, 'modes')?.split(',') ?? (real ? ['now', 'immediate', 'timer', 'real'] : ['now', 'immediate', 'timer']);
const modes = answering.flatMap((m) => [...sets.keys()].map((layout) => (sets.size > 1 ? `${m}:${layout}` : m)));
const results = await interleave(
  modes,
  async (m, until) => {
    const [answer, layout] = m.split(':');
    mode = answer!;
    const vus = sets.get(layout ?? [...sets.keys()][0]!)!;
    const counts = await Promise.all(vus.map((vu) => loop(vu, until)));
    return counts.reduce((a, b) => a + b, 0);
  },
  { rounds, sliceMs: 300 },
);
printSlices(`${path.basename(script)}, ${nVus} VUs (contexts: ${[...sets.keys()].join(' and ')}), ${rounds} rounds:`, results, 'iteration');
for (const f of factories) f.dispose();
process.exit(0);
