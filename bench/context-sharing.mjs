// What a V8 context per VU costs on the CPU side: one isolate holding 50 VUs,
// either as 50 contexts that each run the same module code (llmload's VUs
// today), or as one context in which a module factory ran 50 times (closures
// from one site share their feedback and optimised code; objects share maps).
// Each iteration is a request's in-isolate round trip in miniature: build a
// request, start it through a host callback, settle it with a copied
// response, wrap it, finish through another callback. Both layouts run in
// interleaved rounds in one process. `node --no-node-snapshot bench/context-sharing.mjs [seconds]`
import ivm from 'isolated-vm';

const VUS = 50;
const MODULE = `
  const pending = new Map();
  let next = 1;
  class Resp {
    constructor(w) { this.status = w.status; this.body = w.body; this.headers = w.headers; this.timings = w.timings; }
  }
  function build(url, params) {
    const headers = { 'User-Agent': 'llmload' };
    if (params && params.headers) Object.assign(headers, params.headers);
    return { method: 'GET', url: String(url), headers, timeout: 60000, responseType: 'text' };
  }
  function call(op, payload) {
    const id = next++;
    return new Promise((resolve, reject) => { pending.set(id, { resolve, reject }); host.start(op, id, payload); });
  }
  async function get(url, params) { return new Resp(await call('http', build(url, params))); }
  async function script() {
    const r = await get('http://127.0.0.1:1/', { headers: { Accept: 'text/plain' } });
    if (r.status !== 200) throw new Error('unexpected status');
  }
  return {
    iterate(seq) { script().then(() => host.done(seq), () => host.done(-seq)); },
    settle(id, value) { const p = pending.get(id); pending.delete(id); p.resolve(value); },
  };
`;
const RESPONSE = {
  status: 200,
  body: 'ok',
  headers: { 'Content-Type': 'text/plain', 'Content-Length': '2', Connection: 'keep-alive' },
  timings: { duration: 0.1, waiting: 0.05, sending: 0.01, receiving: 0.01 },
};
const COPY = { arguments: { copy: true } };

function layout(shared) {
  const isolate = new ivm.Isolate({ memoryLimit: 256 });
  const one = shared ? isolate.createContextSync() : undefined;
  const factory = one?.evalSync(`(function (host) { ${MODULE} })`, { reference: true });
  const started = [];
  const vus = [];
  for (let i = 0; i < VUS; i++) {
    const callbacks = [new ivm.Callback((_op, id) => void started.push([i, id])), new ivm.Callback(() => {})];
    let entry;
    if (factory) {
      const host = one.evalClosureSync('return { start: $0, done: $1 }', callbacks, { result: { reference: true } });
      entry = factory.applySync(undefined, [host.derefInto()], { result: { reference: true } });
    } else {
      entry = isolate.createContextSync().evalClosureSync(`const host = { start: $0, done: $1 }; ${MODULE}`, callbacks, { result: { reference: true } });
    }
    vus.push({ iterate: entry.getSync('iterate', { reference: true }), settle: entry.getSync('settle', { reference: true }) });
  }
  let seq = 0;
  // One round: every VU starts its request, then every answer is settled.
  return () => {
    for (const vu of vus) vu.iterate.applySync(undefined, [++seq], COPY);
    for (const [i, id] of started.splice(0)) vus[i].settle.applySync(undefined, [id, RESPONSE], COPY);
  };
}

const seconds = Number(process.argv[2] ?? 6);
const layouts = [
  { name: '50 contexts (a context per VU)', round: layout(false), cpu: 0, rounds: 0 },
  { name: '1 context, 50 module instances', round: layout(true), cpu: 0, rounds: 0 },
];
for (const l of layouts) for (let i = 0; i < 400; i++) l.round();
const slices = Math.max(2, Math.round((seconds * 1000) / 250));
for (let s = 0; s < slices; s++) {
  const l = layouts[s % 2];
  const c0 = process.cpuUsage();
  const end = performance.now() + 250;
  while (performance.now() < end) {
    l.round();
    l.rounds++;
  }
  const c = process.cpuUsage(c0);
  l.cpu += c.user + c.system;
}
for (const l of layouts) console.log(`${l.name.padEnd(32)} ${(l.cpu / (l.rounds * VUS)).toFixed(2)} µs CPU per iteration`);
