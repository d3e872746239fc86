// Workload benchmarks (issue 4): `node bench/workloads.mjs [--only=prompts,replay]`.
//   prompts: time and peak RSS to build 100,000 synthetic prompts of 1,000 tokens
//            (against a run of the same script that builds none);
//   replay:  send-time accuracy of a 500 req/s Poisson trace replayed for 60 s,
//            measured where it matters: arrival times at the mock server.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgv, root, runLlmload, table } from './lib.mjs';

const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const want = (name) => !only || only.split(',').includes(name);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-workloads-'));
const rows = [];

const pct = (sorted, p) => {
  const i = (sorted.length - 1) * p;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
};

async function buildRun(count, isl) {
  let peak = 0;
  const t0 = Date.now();
  const r = await runLlmload(['run', '-q', 'bench/scripts/build-prompts.ts'], {
    env: { COUNT: String(count), ISL: String(isl) },
    rssEveryMs: 100,
    onRss: (kb) => (peak = Math.max(peak, kb || 0)),
  });
  if (r.code !== 0) throw new Error(`build-prompts: exit ${r.code}\n${r.stderr}`);
  const built = /built \d+ prompts of \d+ tokens in (\d+) ms/.exec(r.stderr + r.stdout);
  const read = /read 1000 prompts \((\d+) chars each\) in (\d+) ms/.exec(r.stderr + r.stdout);
  return { wall: Date.now() - t0, peak, buildMs: built ? Number(built[1]) : NaN, read };
}

if (want('prompts')) {
  const count = Number(process.env.COUNT ?? 100000);
  const bare = await buildRun(0, 1000);
  // One prompt: the tokenizer and its sentence bank are loaded, so the difference to N is the prompts.
  const base = await buildRun(1, 1000);
  const run = await buildRun(count, 1000);
  rows.push({
    benchmark: `build ${count.toLocaleString('en')} synthetic prompts × 1,000 tokens (o200k_base)`,
    result: `${(run.buildMs / 1000).toFixed(1)} s (${((count * 1000) / (run.buildMs / 1000) / 1e6).toFixed(2)} M tokens/s incl. round-trip check)`,
    detail:
      `peak RSS ${(run.peak / 1024).toFixed(0)} MiB vs ${(base.peak / 1024).toFixed(0)} MiB with 1 prompt (+${((run.peak - base.peak) / 1024).toFixed(0)} MiB; ` +
      `the tokenizer itself: +${((base.peak - bare.peak) / 1024).toFixed(0)} MiB, ${(base.buildMs / 1000).toFixed(1)} s to load); ` +
      `reading 1,000 prompts (${run.read?.[1]} chars each) ${run.read?.[2]} ms`,
  });
}

function startMock() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgv(['mock', '--port', '0', '--ttft', 'fixed:2', '--itl', 'fixed:1', '--records', '1000000']), {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d) => {
      out += d;
      const m = /http:\/\/[\d.:]+/.exec(out);
      if (m) {
        child.stdout.off('data', onData);
        child.stderr.off('data', onData);
        resolve({ url: m[0], stop: () => child.kill('SIGINT') });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
  });
}

if (want('replay')) {
  const rate = Number(process.env.RATE ?? 500);
  const seconds = Number(process.env.DURATION_S ?? 60);
  // Poisson arrivals with a fixed seed (LCG), so every run replays the same trace.
  let s = 1;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = [];
  const times = [];
  for (let t = 0, i = 0; t < seconds * 1000; i++) {
    lines.push(JSON.stringify({ id: i, timestamp: Math.round(t * 1000) / 1000, prompt: `request ${i}`, max_tokens: 2 }));
    times.push(t);
    t += (-Math.log(1 - rnd()) * 1000) / rate;
  }
  const trace = path.join(tmp, 'trace.jsonl');
  writeFileSync(trace, lines.join('\n') + '\n');
  const mock = await startMock();
  const file = path.join(tmp, 'replay.json');
  const r = await runLlmload(['run', '-q', '--summary-trend-stats', 'avg,med,p(99),max', '--summary-export', file, 'bench/scripts/trace-replay.ts'], {
    env: { LLMLOAD_BASE_URL: mock.url, TRACE: trace, VUS: process.env.VUS ?? '200' },
  });
  const recs = (await (await fetch(`${mock.url}/mock/requests`)).json()).records;
  mock.stop();
  if (r.code !== 0) throw new Error(`trace-replay: exit ${r.code}\n${r.stderr}`);
  const received = new Map(recs.map((x) => [Number(x.requestId), x.received]));
  const offsets = times.map((t, i) => received.get(i) - t);
  const arrived = offsets.filter((x) => Number.isFinite(x));
  const base = pct(
    [...arrived].sort((a, b) => a - b),
    0.5,
  );
  const errs = (from) =>
    offsets
      .map((o, i) => (times[i] >= from && Number.isFinite(o) ? Math.abs(o - base) : NaN))
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
  const all = errs(0);
  // The first second is warm-up (each VU's first request opens its connection).
  const steady = errs(1000);
  const { readFileSync } = await import('node:fs');
  const m = JSON.parse(readFileSync(file, 'utf8')).metrics;
  rows.push({
    benchmark: `trace-replay ${rate} req/s (Poisson) × ${seconds} s → mock`,
    result: `send-time error at the server p50 ${pct(all, 0.5).toFixed(2)} ms, p99 ${pct(all, 0.99).toFixed(2)} ms, max ${all[all.length - 1].toFixed(1)} ms`,
    detail:
      `after the first second: p50 ${pct(steady, 0.5).toFixed(2)} ms, p99 ${pct(steady, 0.99).toFixed(2)} ms; ` +
      `${arrived.length}/${times.length} requests arrived, dropped ${m.dropped_iterations?.count ?? 0}, schedule lag p99 ${m.iteration_schedule_lag['p(99)'].toFixed(2)} ms`,
  });
}

console.log(table(rows));
console.log(`(${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)})`);
