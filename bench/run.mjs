// llmload benchmarks (npm run bench). Prints one table; --long adds the
// 10-minute steady-state memory run. Each run uses its own local server
// process. Numbers depend on the machine: the README lists ours.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { root, runLlmload, startServer, table } from './lib.mjs';
import { streamingBench } from './streaming.mjs';
import { apiBench } from './api.mjs';

const args = process.argv.slice(2);
const long = args.includes('--long');
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-'));
const rows = [];
const want = (name) => !only || only.split(',').includes(name);

async function summary(name, script, env, extra = []) {
  const file = path.join(tmp, `${name}.json`);
  const r = await runLlmload(['run', '-q', '--summary-export', file, ...extra, script], { env });
  if (r.code !== 0 && r.code !== 99) throw new Error(`${name}: exit ${r.code}\n${r.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

if (want('arrival')) {
  const rate = 2000;
  const seconds = 30;
  // The target is warmed first (autocannon, 2 s), as any target of a benchmark should be: a fresh Node
  // server's own JIT warm-up otherwise slows the first second's responses and shows up as client lag.
  // The second run, against a cold server and with llmload's warm-up off, shows what each part is worth.
  for (const [label, warmServer, extra] of [
    ['', true, []],
    [' (cold server, --no-warmup)', false, ['--no-warmup']],
  ]) {
    const srv = await startServer();
    if (warmServer) await autocannon(srv.url, 20, 2);
    const s = await summary('arrival', 'bench/scripts/arrival-rate.ts', { BASE_URL: srv.url, RATE: String(rate), DURATION: `${seconds}s` }, extra);
    srv.stop();
    const done = s.metrics.iterations.count;
    const dropped = s.metrics.dropped_iterations?.count ?? 0;
    rows.push({
      benchmark: `constant-arrival-rate ${rate}/s × ${seconds}s${label}`,
      result: `${(done / seconds).toFixed(1)} it/s achieved (${((done / (rate * seconds) - 1) * 100).toFixed(2)} % vs target), dropped ${dropped}`,
      detail: `schedule lag p50 ${s.metrics.iteration_schedule_lag.med.toFixed(3)} ms, p99 ${s.metrics.iteration_schedule_lag['p(99)'].toFixed(3)} ms, max ${s.metrics.iteration_schedule_lag.max.toFixed(1)} ms`,
    });
  }
}

if (want('closed')) {
  const seconds = 10;
  const srv = await startServer();
  const s = await summary('closed', 'bench/scripts/closed-loop.ts', { BASE_URL: srv.url, VUS: '50', DURATION: `${seconds}s` });
  srv.stop();
  const ours = s.metrics.http_reqs.count / seconds;
  const srv2 = await startServer();
  const ac = await autocannon(srv2.url, 50, seconds);
  srv2.stop();
  rows.push({
    benchmark: `closed loop, 50 VUs, http.get, ${seconds}s`,
    result: `${ours.toFixed(0)} req/s vs autocannon -c 50 ${ac.toFixed(0)} req/s`,
    detail: `ratio ${(ours / ac).toFixed(2)}`,
  });
}

// k6-style synchronous script vs the async one, same target, interleaved rounds: req/s and client CPU per request.
if (want('sync')) {
  const seconds = 10;
  const rounds = 3;
  const per = { async: [], sync: [] };
  for (let i = 0; i < rounds; i++) {
    for (const [style, script] of [
      ['async', 'bench/scripts/closed-loop.ts'],
      ['sync', 'bench/scripts/closed-loop-k6.js'],
    ]) {
      const srv = await startServer();
      const file = path.join(tmp, `sync-${style}-${i}.json`);
      const r = await runLlmload(['run', '-q', '--summary-export', file, script], { env: { BASE_URL: srv.url, VUS: '50', DURATION: `${seconds}s` } });
      srv.stop();
      const n = JSON.parse(readFileSync(file, 'utf8')).metrics.http_reqs.count;
      per[style].push({ rps: n / seconds, cpuPer10k: (r.cpuSeconds / n) * 10_000 });
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const style of ['async', 'sync']) {
    const rps = med(per[style].map((x) => x.rps));
    const cpu = med(per[style].map((x) => x.cpuPer10k));
    rows.push({
      benchmark: `closed loop, 50 VUs, ${style === 'sync' ? 'k6-style sync script' : 'async script'}, ${seconds}s × ${rounds}`,
      result: `${rps.toFixed(0)} req/s, ${cpu.toFixed(2)} CPU-s per 10k requests`,
      detail: `rounds: ${per[style].map((x) => `${x.rps.toFixed(0)} req/s ${x.cpuPer10k.toFixed(2)}`).join('; ')}`,
    });
  }
  const ratio = med(per.sync.map((x) => x.cpuPer10k)) / med(per.async.map((x) => x.cpuPer10k));
  rows.push({ benchmark: 'sync vs async CPU per request', result: `${ratio.toFixed(2)}× (target ≤ 1.5×)`, detail: 'median of interleaved rounds' });
}

if (want('memory')) {
  const perVu = [];
  for (const vus of [10, 1000]) {
    let peak = 0;
    await runLlmload(['run', '-q', 'bench/scripts/idle-vus.ts'], {
      env: { VUS: String(vus), DURATION: '8s' },
      rssEveryMs: 500,
      onRss: (kb) => (peak = Math.max(peak, kb || 0)),
    });
    perVu.push({ vus, peak });
  }
  const [a, b] = perVu;
  rows.push({
    benchmark: 'RSS per idle VU (1,000 VUs)',
    result: `${((b.peak - a.peak) / (b.vus - a.vus) / 1024).toFixed(3)} MiB/VU`,
    detail: `peak RSS ${(a.peak / 1024).toFixed(0)} MiB @${a.vus} VUs, ${(b.peak / 1024).toFixed(0)} MiB @${b.vus} VUs`,
  });
  const k6 = [];
  for (const vus of [10, 1000]) {
    let peak = 0;
    await runLlmload(['run', '-q', 'bench/scripts/idle-vus-k6.js'], {
      env: { VUS: String(vus), DURATION: '8s' },
      rssEveryMs: 500,
      onRss: (kb) => (peak = Math.max(peak, kb || 0)),
    });
    k6.push({ vus, peak });
  }
  rows.push({
    benchmark: 'RSS per idle VU, k6-style sync script (1,000 VUs)',
    result: `${((k6[1].peak - k6[0].peak) / (k6[1].vus - k6[0].vus) / 1024).toFixed(3)} MiB/VU`,
    detail: `peak RSS ${(k6[0].peak / 1024).toFixed(0)} MiB @10 VUs, ${(k6[1].peak / 1024).toFixed(0)} MiB @1000 VUs`,
  });
}

if (want('steady')) {
  const minutes = long ? 10 : 2;
  const srv = await startServer();
  const samples = [];
  await runLlmload(['run', '-q', 'bench/scripts/arrival-rate.ts'], {
    env: { BASE_URL: srv.url, RATE: '500', DURATION: `${minutes}m`, VUS: '50' },
    rssEveryMs: 5000,
    onRss: (kb, t) => samples.push({ kb, t }),
  });
  srv.stop();
  const at = (ms) => samples.reduce((best, s) => (Math.abs(s.t - ms) < Math.abs(best.t - ms) ? s : best)).kb / 1024;
  rows.push({
    benchmark: `steady 500 it/s, RSS after 1 min vs ${minutes} min`,
    result: `${at(60_000).toFixed(1)} MiB vs ${at(minutes * 60_000 - 5000).toFixed(1)} MiB`,
    detail: `each minute: ${Array.from({ length: minutes }, (_, i) => at((i + 1) * 60_000 - (i + 1 === minutes ? 5000 : 0)).toFixed(0)).join(', ')} MiB${long ? '' : ' (--long: 10 minutes)'}`,
  });
}

// LLM streaming through the openai module against `llmload mock` (bench/streaming.mjs).
if (want('streaming')) rows.push(...(await streamingBench()));

// The same closed loop through the CLI and through run() of llmload/api (bench/api.mjs).
if (want('api')) rows.push(...(await apiBench()));

console.log(table(rows));

function autocannon(url, connections, seconds) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/autocannon/autocannon.js'), '-j', '-c', String(connections), '-d', String(seconds), url],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out).requests.average));
  });
}
