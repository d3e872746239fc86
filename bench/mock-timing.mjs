// The mock's own timing (issue 14): how close to its deadline the mock writes each first token and each later
// chunk, from its own records (/mock/requests with chunk-times), with N concurrent streams in a closed loop from a
// minimal client (node:http, no parsing, in this process) against `llmload mock` in its own process. Prints the
// lateness distributions and the CPU both processes used. Not part of `npm run bench`: run it by hand.
//
//   node bench/mock-timing.mjs [--streams=64] [--ttft=20] [--itl=10] [--tokens=64] [--seconds=10] [--warmup=2]
//                              [--rounds=1] [--mock-option=KEY=VALUE ...] [--mock-rt=PRIO] [--node-flags=A,B]
//                              [--entry=file.mjs]
//
// --mock-rt=20 runs the mock at real-time priority (root, `chrt`): on a machine shared with other work it then
// measures the mock rather than the neighbours. --entry runs another build of the mock (`node file.mjs '<options as
// JSON>'`, printing the same "listening on URL" line), e.g. to compare two versions in interleaved rounds.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { cliArgv, root } from './lib.mjs';
import { clearMockLog, mockRecords } from './mock-helpers.mjs';

const flags = process.argv.slice(2).map((a) => {
  const kv = a.replace(/^--/, '');
  const eq = kv.indexOf('=');
  return eq < 0 ? [kv, 'true'] : [kv.slice(0, eq), kv.slice(eq + 1)];
});
const args = Object.fromEntries(flags.filter(([k]) => k !== 'mock-option'));
const mockOptions = Object.fromEntries(
  flags
    .filter(([k]) => k === 'mock-option')
    .map(([, kv]) => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), kv.slice(eq + 1)];
    }),
);
const STREAMS = Number(args.streams ?? 64);
const TTFT = Number(args.ttft ?? 20);
const ITL = Number(args.itl ?? 10);
const TOKENS = Number(args.tokens ?? 64);
const SECONDS = Number(args.seconds ?? 10);
const WARMUP = Number(args.warmup ?? 2);
const ROUNDS = Number(args.rounds ?? 1);

/** utime + stime of a process, in seconds (Linux /proc; clock ticks of 1/100 s). */
function cpuOf(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function startMock() {
  const options = {
    port: 0,
    ttft: `fixed:${TTFT}`,
    itl: `fixed:${ITL}`,
    seed: 1,
    'max-concurrency': 100000,
    'kv-cache-tokens': 1000000000,
    'chunk-times': true,
    ...mockOptions,
  };
  const nodeFlags = args['node-flags'] ? args['node-flags'].split(',') : [];
  const argv = args.entry
    ? [...nodeFlags, args.entry, JSON.stringify(options)]
    : cliArgv(['mock', ...Object.entries(options).flatMap(([k, v]) => [`--${k}`, String(v)])], nodeFlags);
  const [cmd, cmdArgs] = args['mock-rt'] ? ['chrt', ['-f', args['mock-rt'], process.execPath, ...argv]] : [process.execPath, argv];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      if (args['show-mock-output']) process.stdout.write(d);
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], pid: child.pid, stop: () => child.kill('SIGINT') });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`mock exited (${code}) before it listened: ${out}`)));
  });
}

const body = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Hi' }], stream: true, max_tokens: TOKENS, ignore_eos: true });

function request(url, agent) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/v1/chat/completions`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.on('data', () => {});
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** STREAMS loops, each one request after another on its own kept-alive connection, for `ms`; resolves with the count. */
async function load(url, ms) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: STREAMS });
  const end = performance.now() + ms;
  let done = 0;
  await Promise.all(
    Array.from({ length: STREAMS }, async () => {
      while (performance.now() < end) {
        await request(url, agent);
        done++;
      }
    }),
  );
  agent.destroy();
  return done;
}

const pct = (xs, p) => {
  const i = (xs.length - 1) * p;
  const lo = Math.floor(i);
  return xs[lo] + (xs[Math.min(lo + 1, xs.length - 1)] - xs[lo]) * (i - lo);
};
const row = (name, xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const f = (x) => x.toFixed(3).padStart(8);
  return `${name.padEnd(22)} n=${String(s.length).padStart(7)}  min ${f(s[0])}  p50 ${f(pct(s, 0.5))}  p90 ${f(pct(s, 0.9))}  p99 ${f(pct(s, 0.99))}  max ${f(s[s.length - 1])} ms`;
};

/** How late each first token and each later chunk was written, against the deadlines the mock's engine sets. */
function lateness(records) {
  const first = [];
  const chunks = [];
  for (const r of records) {
    if (r.error || r.firstWrite === undefined || !r.chunkTimes) continue;
    const due = (r.admitted ?? r.received) + TTFT;
    first.push(r.firstWrite - due);
    // Each later deadline chains from the one before, or restarts ITL after the last write when the schedule fell
    // a whole gap behind (runtime/mock/serving-model.ts). The engine decides that when it fires a chunk, up to a
    // millisecond before the write recorded here, so only a clear fall behind counts as a restart.
    let d = due;
    for (let k = 1; k < r.chunkTimes.length; k++) {
      d = d + ITL < r.chunkTimes[k - 1] - 1 ? r.chunkTimes[k - 1] + ITL : d + ITL;
      chunks.push(r.chunkTimes[k] - d);
    }
  }
  return { first, chunks };
}

async function round() {
  const mock = await startMock();
  try {
    await load(mock.url, WARMUP * 1000);
    await clearMockLog(mock.url);
    const mockCpu0 = cpuOf(mock.pid);
    const ownCpu0 = process.cpuUsage();
    const t0 = performance.now();
    const done = await load(mock.url, SECONDS * 1000);
    const wall = (performance.now() - t0) / 1000;
    const mockCpu = (cpuOf(mock.pid) - mockCpu0) / wall;
    const own = process.cpuUsage(ownCpu0);
    const records = await mockRecords(mock.url);
    const { first, chunks } = lateness(records);
    const within = first.filter((x) => Math.abs(x) <= 1).length / first.length;
    console.log(
      `${STREAMS} streams, ttft ${TTFT} ms, itl ${ITL} ms, ${TOKENS} tokens, ${SECONDS} s: ${(done / wall).toFixed(1)} req/s; ` +
        `mock CPU ${(mockCpu * 100).toFixed(1)} % of a core, client ${(((own.user + own.system) / 1e6 / wall) * 100).toFixed(1)} %`,
    );
    console.log(row('first token late by', first));
    console.log(`  first tokens within 1 ms of their deadline: ${(within * 100).toFixed(2)} %`);
    console.log(row('later chunks late by', chunks));
  } finally {
    mock.stop();
  }
}

for (let i = 0; i < ROUNDS; i++) await round();
