// Benchmark of the InfluxDB output (issue 5), against a local influxd (Debian `influxdb`, 1.6.7):
//   1. points/s the output sustains: synthetic llm_itl samples pushed straight into the output
//      plugin (bundled here with esbuild), timed until stop() has written them all;
//   2. the overhead on a streaming run: the same closed-loop chat load against the mock, without
//      and with --out influxdb= (alternating, twice each), requests/s and TTFT compared.
// Usage: node bench/influxdb-output.mjs [--points=1000000] [--seconds=10] (after `npm run build`).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { cliArgv, root, table } from './lib.mjs';

const arg = (name, def) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const POINTS = arg('points', 1_000_000);
const SECONDS = arg('seconds', 10);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-influx-'));
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const waitUp = async (url) => {
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
};

async function startInfluxd() {
  const [port, rpc] = [await freePort(), await freePort()];
  const conf = path.join(tmp, 'influxdb.conf');
  writeFileSync(
    conf,
    `reporting-disabled = true\nbind-address = "127.0.0.1:${rpc}"\n[meta]\n  dir = "${tmp}/meta"\n[data]\n  dir = "${tmp}/data"\n  wal-dir = "${tmp}/wal"\n  query-log-enabled = false\n[monitor]\n  store-enabled = false\n[http]\n  bind-address = "127.0.0.1:${port}"\n  log-enabled = false\n[logging]\n  level = "warn"\n`,
  );
  const child = spawn('influxd', ['-config', conf], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitUp(`${url}/ping`);
  const query = async (q, db) =>
    (await (await fetch(`${url}/query`, { method: 'POST', body: new URLSearchParams({ q, ...(db ? { db } : {}) }) })).json()).results;
  return { url, query, stop: () => new Promise((r) => (child.once('exit', r), child.kill())) };
}

/** The CLI with extra process environment (the output reads LLMLOAD_INFLUXDB_* from there). */
function runCli(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgv(args), {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // CPU time of the llmload process (user + system), sampled until it exits: less sensitive than
    // requests/s to other processes competing for the cores.
    let cpuMs = 0;
    const sample = () => {
      try {
        const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        cpuMs = ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
      } catch {}
    };
    const timer = setInterval(sample, 100);
    child.on('error', reject);
    child.on('close', (code) => (clearInterval(timer), resolve({ code, stdout, stderr, cpuMs })));
  });
}

async function loadOutput() {
  const out = path.join(root, 'dist/bench-influx-output.mjs'); // inside the repo: resolves node_modules
  await build({
    entryPoints: [path.join(root, 'plugins/outputs/influxdb/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    packages: 'external',
    logLevel: 'error',
  });
  return import(pathToFileURL(out).href);
}

const influx = await startInfluxd();
const rows = [];
try {
  // 1. Output throughput: 10 k samples every 10 ms (the engine hands batches every 100 ms).
  const { influxdbOutput } = await loadOutput();
  const warnings = [];
  const output = influxdbOutput.create({
    arg: `${influx.url}/bench`,
    cwd: root,
    runTags: {},
    env: { LLMLOAD_INFLUXDB_PUSH_INTERVAL: '100ms' },
    warn: (m) => warnings.push(m),
    metric: () => undefined,
  });
  await output.start();
  const tags = Array.from({ length: 8 }, (_, i) =>
    Object.freeze({ scenario: 'chat', model: 'bench', endpoint: 'chat', stream: 'true', status: '200', finish_reason: 'length', vu: String(i + 1) }),
  );
  const t0 = performance.now();
  let sent = 0;
  let busyMs = 0;
  while (sent < POINTS) {
    const batch = [];
    const now = Date.now();
    for (let i = 0; i < 10_000 && sent < POINTS; i++, sent++) batch.push({ metric: 'llm_itl', time: now + i * 0.001, value: 20 + (i % 7), tags: tags[i % 8] });
    const b0 = performance.now();
    output.addSamples(batch);
    busyMs += performance.now() - b0;
    await new Promise((r) => setTimeout(r, 10));
  }
  await output.stop();
  const seconds = (performance.now() - t0) / 1000;
  const stored = (await influx.query('SELECT count("value") FROM "llm_itl"', 'bench'))[0].series?.[0]?.values?.[0]?.[1] ?? 0;
  rows.push({
    benchmark: `InfluxDB output: ${POINTS.toLocaleString('en')} llm_itl points → local influxd 1.6`,
    result: `${Math.round(POINTS / seconds).toLocaleString('en')} points/s sustained`,
    detail: `${stored} stored, ${output.dropped()} dropped; encoding ${((busyMs * 1000) / POINTS).toFixed(2)} µs/point on the caller's thread${warnings.length ? `; ${warnings.join(' | ')}` : ''}`,
  });

  // 2. Overhead on a streaming run.
  const mockPort = await freePort();
  const mock = spawn(process.execPath, cliArgv(['mock', '--port', String(mockPort), '--ttft', '5', '--itl', '1', '--output-tokens', '64']), {
    stdio: 'ignore',
  });
  const mockUrl = `http://127.0.0.1:${mockPort}`;
  await waitUp(`${mockUrl}/health`);
  const script = path.join(tmp, 'stream.ts');
  writeFileSync(
    script,
    `import openai from 'llmload/openai';\nconst c = openai.client({ model: 'bench' });\nexport const options = { vus: 32, duration: '${SECONDS}s' };\nexport default async function () { await c.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 64 }); }\n`,
  );
  // A stand-in that accepts every write and does nothing (its own process, like influxd): what the
  // output itself costs, apart from the database's CPU on this same machine.
  const nullPort = await freePort();
  const sink = spawn(
    process.execPath,
    [
      '-e',
      `require('http').createServer((q, r) => { q.resume(); q.on('end', () => { r.statusCode = q.url.startsWith('/query') ? 200 : 204; r.end(q.url.startsWith('/query') ? '{"results":[{"statement_id":0}]}' : undefined); }); }).listen(${nullPort}, '127.0.0.1')`,
    ],
    { stdio: 'ignore' },
  );
  await waitUp(`http://127.0.0.1:${nullPort}/ping`).catch(() => undefined); // 204 is ok; retried until it listens
  const modes = {
    'no output': [],
    influxd: ['--out', `influxdb=${influx.url}/overhead`],
    'null sink': ['--out', `influxdb=http://127.0.0.1:${nullPort}/x`],
    'influxd, ITL aggregate': ['--out', `influxdb=${influx.url}/overhead_agg`],
  };
  const results = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
  for (let round = 0; round < 2; round++) {
    for (const [mode, extra] of Object.entries(modes)) {
      const exp = path.join(tmp, `${round}-${mode.replace(/\W+/g, '_')}.json`);
      const r = await runCli(
        ['run', '-q', '-e', `LLMLOAD_BASE_URL=${mockUrl}`, '--summary-export', exp, ...extra, script],
        mode.includes('aggregate') ? { LLMLOAD_INFLUXDB_ITL: 'aggregate' } : {},
      );
      if (r.code !== 0) throw new Error(`streaming run (${mode}): exit ${r.code}\n${r.stderr}`);
      const s = JSON.parse(readFileSync(exp, 'utf8'));
      const points = Number(/points written\.+: (\d+)/.exec(r.stdout)?.[1] ?? 0);
      const dropped = Number(/llmload_output_dropped_points\.+: (\d+)/.exec(r.stdout)?.[1] ?? 0);
      results[mode].push({
        rps: s.metrics.llm_reqs.count / SECONDS,
        ttft: s.metrics.llm_ttft.med,
        points,
        dropped,
        cpuPerReq: r.cpuMs / s.metrics.llm_reqs.count,
      });
    }
  }
  mock.kill();
  sink.kill();
  const avg = (xs, k) => xs.reduce((n, x) => n + x[k], 0) / xs.length;
  const base = avg(results['no output'], 'rps');
  for (const [mode, xs] of Object.entries(results)) {
    const rps = avg(xs, 'rps');
    rows.push({
      benchmark: `streaming run, 32 VUs, 64-token streams, ${SECONDS}s: ${mode}`,
      result: `${rps.toFixed(0)} req/s${mode === 'no output' ? '' : ` (${((rps / base - 1) * 100).toFixed(1)} % vs no output)`}`,
      detail:
        `llmload CPU ${avg(xs, 'cpuPerReq').toFixed(2)} ms/request; TTFT med ${avg(xs, 'ttft').toFixed(2)} ms; runs ${xs.map((x) => x.rps.toFixed(0)).join('/')}` +
        (mode === 'no output' ? '' : `; ${Math.round(avg(xs, 'points') / SECONDS).toLocaleString('en')} points/s written, ${avg(xs, 'dropped')} dropped`),
    });
  }
} finally {
  await influx.stop();
  rmSync(tmp, { recursive: true, force: true });
}
console.log(table(rows));
