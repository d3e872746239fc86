// What a closed loop of plain GETs can cost in one Node process at the least: the floor under llmload's closed
// loop, run by `--only=closed` beside llmload and k6 (shown, not checked), and the crossing shapes compared by
// bench/node-floor-modes.mjs. 50 loops, one undici Pool of 50 connections, a raw dispatch handler that stamps the
// phases and builds a response shaped like llmload's wire (18 fields, 4 headers, 8 timings). No metrics, no
// scheduler, no timeouts, no tags. Modes:
// - `host`: the loops are host functions (no isolate at all: undici's floor in one thread);
// - `callback`: the loops are `await get()` in one isolated-vm context; a turn's responses go in with one
//   applySync, each request comes out as a synchronous host callback with its payload copied;
// - `stepwise`: as `callback`, but the turn's responses are copied in once and delivered with one applySync
//   each, as llmload's SettleBatch does (runtime/vu/settle-batch.ts);
// - `llmload`: as `stepwise`, and each iteration is started by the host with a call of its own, its end called
//   back and the next started a turn later, as llmload's VUs are driven (runtime/vu/vu-context.ts);
// - `outbox`: the responses in as `callback`, then one applySync that takes the turn's requests as one array;
// - `thread`: one asynchronous `apply` per turn (the isolate runs on isolated-vm's own thread while the main
//   thread does the I/O); its promise result is the outbox, and the next turn's responses wait while it is out.
// `node --no-node-snapshot bench/node-floor.mjs --mode=host --url=URL [--vus=50] [--seconds=10]` prints one JSON
// line: mode, requests, seconds, req/s, CPU-s of the process, turns, requests per turn, bad responses.
import { parseArgs } from 'node:util';
import ivm from 'isolated-vm';
import { Pool } from 'undici';

const MODES = ['host', 'callback', 'outbox', 'thread', 'stepwise', 'llmload'];
const { values } = parseArgs({
  options: { mode: { type: 'string' }, url: { type: 'string' }, vus: { type: 'string', default: '50' }, seconds: { type: 'string', default: '10' } },
});
const mode = values.mode;
if (!MODES.includes(mode)) throw new Error(`--mode: one of ${MODES.join(', ')}, not ${mode}`);
const url = new URL(values.url);
const vus = Number(values.vus);
const seconds = Number(values.seconds);
const COPY = { arguments: { copy: true } };
const payload = () => ({ method: 'GET', url: url.href, headers: {}, body: null, timeout: 60000, tags: {}, group: '' });

const pool = new Pool(url.origin, { connections: vus, pipelining: 1 });
let list = [];
let requests = 0;
let turns = 0;
let bad = 0;
let busy = false;
let scheduled = false;
let stopping = false;

const isolate = mode === 'host' ? undefined : new ivm.Isolate({ memoryLimit: 128 });
const context = isolate?.createContextSync();
context?.global.setSync('hostStart', new ivm.Callback((id, p) => send(id, p)));
context?.global.setSync(
  'hostDone',
  new ivm.Callback((seq) => {
    setImmediate(() => iterateOnce(seq));
  }),
);
context?.evalSync(`
  const pending = new Map();
  let out = [];
  let nextId = 1;
  globalThis.bad = 0;
  const viaCallback = ${mode === 'callback' || mode === 'stepwise' || mode === 'llmload'};
  let list = [];
  let at = 0;
  function get(url) {
    const id = nextId++;
    const p = { method: 'GET', url, headers: {}, body: null, timeout: 60000, tags: {}, group: '' };
    if (viaCallback) hostStart(id, p);
    else out.push(id, p);
    return new Promise((resolve) => pending.set(id, resolve));
  }
  async function vu(url) {
    for (;;) {
      const res = await get(url);
      if (res.status !== 200 || res.body !== 'ok') bad++;
    }
  }
  globalThis.start = (n, url) => { for (let i = 0; i < n; i++) vu(url); };
  globalThis.deliver = (l) => {
    for (let i = 0; i < l.length; i += 2) {
      const r = pending.get(l[i]);
      pending.delete(l[i]);
      r(l[i + 1]);
    }
  };
  globalThis.load = (l) => { list = l; at = 0; };
  globalThis.step = () => {
    const r = pending.get(list[at]);
    pending.delete(list[at]);
    r(list[at + 1]);
    list[at + 1] = undefined;
    at += 2;
  };
  // One iteration per call, as llmload's iterate: the host starts it and is told when it ends.
  globalThis.iterate = (seq, url) => {
    get(url).then((res) => {
      if (res.status !== 200 || res.body !== 'ok') bad++;
      hostDone(seq);
    });
  };
  globalThis.take = () => { const o = out; out = []; return o; };
  globalThis.deliverAsync = async (l) => { deliver(l); await null; await null; await null; return take(); };
`);
const ref = (name) => context.global.getSync(name, { reference: true });
const [start, deliver, take, deliverAsync, load, step, iterate] = isolate
  ? ['start', 'deliver', 'take', 'deliverAsync', 'load', 'step', 'iterate'].map(ref)
  : [];

function iterateOnce(seq) {
  if (!stopping) iterate.applySync(undefined, [seq, url.href]);
}

/** One request: a raw dispatch, its phases stamped, the response in llmload's wire shape. */
function send(id, p) {
  const t = { dispatched: performance.now(), connected: 0, headers: 0, end: 0 };
  let status = 0;
  let statusText = '';
  let raw = [];
  const chunks = [];
  pool.dispatch(
    { path: url.pathname, method: p.method, headers: p.headers },
    {
      onConnect() {
        t.connected = performance.now();
      },
      onHeaders(s, h, _resume, text) {
        t.headers = performance.now();
        status = s;
        raw = h;
        statusText = text;
        return true;
      },
      onData(chunk) {
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        t.end = performance.now();
        const headers = {};
        for (let i = 0; i < raw.length; i += 2) headers[String(raw[i])] = String(raw[i + 1]);
        const body = chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString();
        settled(id, wire(status, statusText, headers, body, t, p.url));
      },
      onError(err) {
        settled(id, { status: 0, body: '', error: err.message });
      },
    },
  );
}

function wire(status, statusText, headers, body, t, u) {
  return {
    status,
    status_text: statusText,
    url: u,
    proto: 'HTTP/1.1',
    headers,
    body,
    error: '',
    error_code: 0,
    remote_ip: '127.0.0.1',
    remote_port: Number(url.port),
    ocsp: null,
    tls_version: '',
    tls_cipher_suite: '',
    cookies: {},
    request_id: 0,
    bytes_sent: 60,
    bytes_received: 100 + body.length,
    timings: {
      blocked: t.connected - t.dispatched,
      connecting: 0,
      tls_handshaking: 0,
      sending: 0,
      waiting: t.headers - t.connected,
      receiving: t.end - t.headers,
      duration: t.end - t.connected,
      started: t.dispatched,
    },
  };
}

function settled(id, value) {
  requests++;
  if (stopping) return;
  if (!isolate) {
    if (value.status !== 200 || value.body !== 'ok') bad++;
    return send(id, payload());
  }
  list.push(id, value);
  if (!scheduled && !busy) {
    scheduled = true;
    setImmediate(flush);
  }
}

function flush() {
  scheduled = false;
  if (list.length === 0 || stopping) return;
  const l = list;
  list = [];
  turns++;
  if (mode === 'callback') return deliver.applySync(undefined, [l], COPY);
  if (mode === 'stepwise' || mode === 'llmload') {
    load.applySync(undefined, [l], COPY);
    for (let i = 0; i < l.length; i += 2) step.applySync(undefined, []);
    return;
  }
  if (mode === 'outbox') {
    deliver.applySync(undefined, [l], COPY);
    return sendAll(take.applySync(undefined, [], { result: { copy: true } }));
  }
  busy = true;
  deliverAsync.apply(undefined, [l], { arguments: { copy: true }, result: { promise: true, copy: true } }).then((out) => {
    busy = false;
    sendAll(out);
    if (list.length > 0 && !scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  });
}

function sendAll(out) {
  for (let i = 0; i < out.length; i += 2) send(out[i], out[i + 1]);
}

const cpu0 = process.cpuUsage();
const w0 = performance.now();
if (!isolate) for (let i = 1; i <= vus; i++) send(i, payload());
else {
  if (mode === 'llmload') for (let i = 1; i <= vus; i++) iterateOnce(i);
  else start.applySync(undefined, [vus, url.href]);
  if (mode === 'outbox' || mode === 'thread') sendAll(take.applySync(undefined, [], { result: { copy: true } }));
}
setTimeout(() => {
  stopping = true;
  const wall = (performance.now() - w0) / 1000;
  const c = process.cpuUsage(cpu0);
  if (isolate) bad += context.global.getSync('bad');
  const out = {
    mode,
    requests,
    seconds: wall,
    rps: requests / wall,
    cpuSeconds: (c.user + c.system) / 1e6,
    turns,
    perTurn: requests / Math.max(1, turns),
    bad,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(bad > 0 ? 1 : 0);
}, seconds * 1000);
