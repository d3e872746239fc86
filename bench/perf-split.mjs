// Where a closed-loop request's CPU goes, llmload beside k6, from Linux `perf` (a hardware-level profile: every
// thread, the kernel, the engine's own code, not only JavaScript). Each client runs the closed-loop script (50 VUs
// of `http.get`, bench/scripts/closed-loop-k6.js) for `--seconds` against one bench/server.mjs; `perf record`
// samples it for 4 s in the middle. Prints µs of CPU per request by where the CPU went (shared object; for
// llmload's JIT-compiled JavaScript, by source). Needs `perf` (Debian: linux-perf) and
// kernel.perf_event_paranoid ≤ 2; k6 from K6_BIN as for `npm run bench`. Rounds alternate the clients.
// `node bench/perf-split.mjs [--rounds=2] [--seconds=12] [--threads]` (--threads: `llmload run --threads 2` as a third client)
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cliArgv, root, startServer } from './lib.mjs';
import { envFlags } from './measured-process.mjs';
import { k6Bin, k6Version } from './peers.mjs';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '2' }, seconds: { type: 'string', default: '12' }, threads: { type: 'boolean', default: false } },
});
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);
const SCRIPT = 'bench/scripts/closed-loop-k6.js';
const WINDOW_S = 4;

/** perf's shared object (and, for JIT code, the source file) → a row of the table. */
function category(dso, sym) {
  if (dso === '[kernel.kallsyms]') return 'kernel (syscalls, TCP, scheduling)';
  if (dso === 'k6') return sym.includes('goja') ? 'k6: goja (the JS interpreter)' : 'k6: Go runtime, net/http, k6 (GC, maps, syscalls)';
  if (dso === 'node') return 'node: V8 built-ins and runtime (ICs, promises, GC), libuv';
  if (dso === 'isolated_vm.node') return 'isolated-vm (crossings, copies)';
  if (dso.startsWith('libc') || dso.startsWith('libstdc++')) return 'libc (malloc, syscall stubs)';
  if (dso.startsWith('[JIT]')) {
    if (sym.includes('llmload:///')) return 'JIT: in-isolate JS (the script, in-isolate modules)';
    if (sym.includes('/node_modules/undici/')) return 'JIT: undici';
    if (sym.includes('/dist/')) return "JIT: llmload's host side (endpoint, scheduler, metrics)";
    if (sym.includes('node:')) return "JIT: Node's JS (streams, timers, net)";
    return 'JIT: other';
  }
  return 'other';
}

/** Runs one client, profiles WINDOW_S seconds of it after the load settled; resolves with ms of CPU per category and req/s. */
async function profile(client, url, dir) {
  const summary = path.join(dir, `${client}.json`);
  const env = { BASE_URL: url, VUS: '50', DURATION: `${seconds}s` };
  const cmd =
    client === 'k6'
      ? [k6Bin(), ['run', '--no-usage-report', '-q', '--summary-export', summary, ...envFlags(env), SCRIPT]]
      : [
          process.execPath,
          cliArgv(
            ['run', '-q', ...(client === 'threads' ? ['--threads', '2'] : []), '--summary-export', summary, ...envFlags(env), SCRIPT],
            ['--perf-basic-prof'],
          ),
        ];
  const child = spawn(cmd[0], cmd[1], { cwd: root, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  const exited = new Promise((resolve) => child.on('close', resolve));
  await new Promise((r) => setTimeout(r, (seconds / 2 - WINDOW_S / 2 + 2) * 1000)); // start-up, then the middle
  const data = path.join(dir, `${client}.perf`);
  execFileSync('perf', ['record', '-q', '-F', '999', '-p', String(child.pid), '-o', data, '--', 'sleep', String(WINDOW_S)], { stdio: 'ignore' });
  const code = await exited;
  if (code !== 0) throw new Error(`${client} exited ${code}`);
  const text = execFileSync('perf', ['report', '-i', data, '--no-children', '--sort', 'dso,sym', '-g', 'none', '--stdio', '--show-total-period'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const ms = {};
  for (const line of text.split('\n')) {
    // "  1.23%   123456789  dso  [.] symbol"
    const m = /^\s*[\d.]+%\s+(\d+)\s+(\S+(?: tid \d+)?)\s+\[.\]\s+(.*)$/.exec(line);
    if (!m) continue;
    const k = category(m[2], m[3]);
    ms[k] = (ms[k] ?? 0) + Number(m[1]) / 1e6;
  }
  const reqs = JSON.parse(readFileSync(summary, 'utf8')).metrics.http_reqs;
  return { ms, rps: reqs.rate ?? reqs.count / seconds };
}

try {
  execFileSync('perf', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('perf-split: Linux `perf` is not installed (Debian: apt-get install linux-perf)');
  process.exit(1);
}
const dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-perf-'));
const srv = await startServer();
// `threads`: `llmload run --threads 2` (its workers are threads of the same process: perf sees them all).
const clients = ['llmload', ...(values.threads ? ['threads'] : []), ...(k6Version() ? ['k6'] : [])];
const runs = Object.fromEntries(clients.map((c) => [c, []]));
try {
  for (let i = 0; i < rounds; i++) for (const c of i % 2 ? [...clients].reverse() : clients) runs[c].push(await profile(c, srv.url, dir));
} finally {
  srv.stop();
  rmSync(dir, { recursive: true, force: true });
}
for (const c of clients) {
  console.log(`\n${c}: ${runs[c].map((r) => Math.round(r.rps)).join(', ')} req/s; µs of CPU per request (${WINDOW_S} s of perf samples, all threads):`);
  const per = (r, k) => ((r.ms[k] ?? 0) * 1000) / (r.rps * WINDOW_S);
  const total = (r) => Object.keys(r.ms).reduce((sum, k) => sum + per(r, k), 0);
  const cells = (xs) => xs.map((x) => x.toFixed(1).padStart(6)).join(' ');
  const keys = [...new Set(runs[c].flatMap((r) => Object.keys(r.ms)))];
  const rows = keys.map((k) => [k, runs[c].map((r) => per(r, k))]).sort((a, b) => b[1][0] - a[1][0]);
  for (const [k, v] of rows) console.log(`  ${cells(v)}  ${k}`);
  console.log(`  ${cells(runs[c].map(total))}  total`);
}
