// What a synchronous call into an isolated-vm isolate costs, by what it carries: the calls a VU makes per request
// (runtime/vu/vu-context.ts) in miniature, each measured in a tight loop (µs of process CPU per call), plus the
// same call made once every 10 ms (the caches gone cold in between, as at a low arrival rate).
// `node --no-node-snapshot bench/crossing-cost.mjs [--calls=100000] [--rounds=3]`
import { parseArgs } from 'node:util';
import ivm from 'isolated-vm';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '3' } } });
const calls = Number(values.calls);
const rounds = Number(values.rounds);
const COPY = { arguments: { copy: true } };

const isolate = new ivm.Isolate({ memoryLimit: 64 });
const context = isolate.createContextSync();
let doneCalls = 0;
context.global.setSync('hostDone', new ivm.Callback(() => doneCalls++));
context.evalSync(`
  let sink = 0;
  let list = [];
  let at = 0;
  globalThis.none = () => { sink++; };
  globalThis.numbers = (seq, fn, iter, name, executor, start, progress, inTest) => { sink += seq + iter; };
  globalThis.doneBack = (seq, fn, iter, name, executor, start, progress, inTest) => { sink += seq + iter; hostDone(seq); };
  globalThis.doneReturned = (seq, fn, iter, name, executor, start, progress, inTest) => { sink += seq + iter; return 0; };
  globalThis.state = (st) => { sink += st.seq + st.scenario.progress; };
  globalThis.settle = (id, ok, v) => { sink += v.status; };
  globalThis.load = (l) => { list = l; at = 0; };
  globalThis.step = () => { sink += list[at + 3].status; at += 4; };
`);
const fn = (name) => context.global.getSync(name, { reference: true });
const [none, numbers, doneBack, doneReturned, state, settle, load, step] = [
  'none',
  'numbers',
  'doneBack',
  'doneReturned',
  'state',
  'settle',
  'load',
  'step',
].map(fn);

const scenario = { name: 'default', executor: 'constant-vus', startTime: 1764720000000, progress: 0.5, iterationInTest: 7 };
/** A plain GET's response as the http endpoint hands it to the isolate. */
const response = {
  status: 200,
  status_text: '200 OK',
  headers: { Date: 'Thu, 03 Dec 2026 00:00:00 GMT', Connection: 'keep-alive', 'Keep-Alive': 'timeout=120', 'Content-Length': '2' },
  body: 'ok',
  timings: { blocked: 0, connecting: 0, tls_handshaking: 0, sending: 0.01, waiting: 0.1, receiving: 0.01, duration: 0.12, looking_up: 0 },
  proto: 'HTTP/1.1',
  url: 'http://127.0.0.1:8080/',
  error: '',
  error_code: 0,
  remote_ip: '127.0.0.1',
  remote_port: 8080,
  tls_version: '',
  tls_cipher_suite: '',
};
const BATCH = 5;

/** name → [calls per run, run]. */
const cases = {
  'empty call': [1, () => none.applySync(undefined, [])],
  'iterate, numbers and strings as they are': [1, () => numbers.applySync(undefined, [1, 'default', 3, 'default', 'constant-vus', 0, 0.5, 7])],
  // An iteration that finishes inside its call (an empty one): reported by a call back into the host, or returned.
  'iterate, strings, finished: calls host.done back': [1, () => doneBack.applySync(undefined, [1, 'default', 3, 'default', 'constant-vus', 0, 0.5, 7])],
  'iterate, strings, finished: returns it': [1, () => doneReturned.applySync(undefined, [1, 'default', 3, 'default', 'constant-vus', 0, 0.5, 7])],
  'iterate, unchanged strings not sent, finished: returns it': [1, () => doneReturned.applySync(undefined, [1, undefined, 3, undefined, undefined, 0, 0.5, 7])],
  'iterate, a copied state object': [1, () => state.applySync(undefined, [{ seq: 1, fn: 'default', iter: 3, scenario }], COPY)],
  'settle, a copied response': [1, () => settle.applySync(undefined, [1, true, response], COPY)],
  [`settle, ${BATCH} responses in one copy, a call each`]: [
    BATCH,
    () => {
      const list = [];
      for (let i = 0; i < BATCH; i++) list.push(i, i, true, response);
      load.applySync(undefined, [list], COPY);
      for (let i = 0; i < BATCH; i++) step.applySync(undefined, []);
    },
  ],
};

function hot(perRun, run) {
  const n = Math.max(1, Math.round(calls / perRun));
  for (let i = 0; i < Math.min(n, 2000); i++) run();
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) run();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / (n * perRun);
}

/** The same call once every 10 ms, 100 times. */
async function cold(perRun, run) {
  let cpu = 0;
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 10));
    const t0 = process.cpuUsage();
    run();
    const t = process.cpuUsage(t0);
    cpu += t.user + t.system;
  }
  return cpu / (100 * perRun);
}

const results = new Map(Object.keys(cases).map((k) => [k, { hot: [], cold: [] }]));
for (let r = 0; r < rounds; r++) {
  for (const [name, [perRun, run]] of Object.entries(cases)) {
    results.get(name).hot.push(hot(perRun, run));
    results.get(name).cold.push(await cold(perRun, run));
  }
}
const range = (xs) => `${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}`;
console.log(`µs of CPU per call (${rounds} rounds; hot: back to back; cold: one every 10 ms)`);
console.log('| call | hot | cold |\n|---|---|---|');
for (const [name, r] of results) console.log(`| ${name} | ${range(r.hot)} | ${range(r.cold)} |`);
isolate.dispose();
