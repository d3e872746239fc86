// The streaming benchmark (issue 3): llmload's openai module against `llmload mock`
// in its own process. Three measurements, one run:
//   1. max sustained streaming requests/s and chunks/s: zero-delay mock, 128 one-token
//      chunks per response, closed loop;
//   2. TTFT error at 50 % of that rate: client TTFT − the mock's own (first write −
//      arrival), paired request by request;
//   3. concurrent open streams one llmload process holds (the mock keeps them open with
//      a long ITL), target ≥ 5,000.
// `node bench/streaming.mjs` prints its rows; bench/run.mjs includes them (--only=streaming).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, runLlmload, table } from './lib.mjs';

const SCRIPT = 'bench/streaming-script.ts';
const UNLIMITED = ['--max-concurrency', '1000000', '--kv-cache-tokens', '1000000000'];

/** Starts `llmload mock` in its own process; resolves with its URL and stop(). */
export function startMock(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', path.join(root, 'dist/cli.js'), 'mock', '--port', '0', ...args], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGINT') });
    });
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`mock exited (${code}) before it listened: ${out}`)));
  });
}

/** Samples the mock's running sequences (its /metrics) until stopped; returns the peak. */
function watchRunning(url, everyMs = 250) {
  let peak = 0;
  const timer = setInterval(async () => {
    try {
      const text = await (await fetch(`${url}/metrics`)).text();
      const m = /^vllm:num_requests_running\{[^}]*\} (\S+)$/m.exec(text);
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // a busy mock may miss a scrape
    }
  }, everyMs);
  return () => (clearInterval(timer), peak);
}

async function runScript(tmp, name, env, extraArgs = [], rss) {
  const file = path.join(tmp, `${name}.json`);
  const r = await runLlmload(['run', '-q', '--summary-export', file, ...extraArgs, SCRIPT], { env, ...rss });
  if (r.code !== 0) throw new Error(`${name}: exit ${r.code}\n${r.stderr}`);
  return JSON.parse(readFileSync(file, 'utf8')).metrics;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * p;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (i - lo);
};
const f = (x, d = 2) => x.toFixed(d);

/** Client request records (--out requests=) paired with the mock's records of the same VU, in order. */
function pairTtft(requestsFile, mockRecords) {
  const client = new Map();
  for (const line of readFileSync(requestsFile, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (!r.ok || r.timings.ttft === null) continue;
    const k = `vu-${r.vu}`;
    (client.get(k) ?? client.set(k, []).get(k)).push(r);
  }
  const server = new Map();
  for (const r of mockRecords) {
    if (r.error || r.firstWrite === undefined) continue;
    (server.get(r.requestId) ?? server.set(r.requestId, []).get(r.requestId)).push(r);
  }
  const errors = [];
  const serverTtft = [];
  let skipped = 0;
  for (const [vu, cs] of client) {
    const ss = server.get(vu) ?? [];
    if (ss.length !== cs.length) {
      skipped += cs.length;
      continue;
    }
    cs.sort((a, b) => a.start_unix_ms - b.start_unix_ms);
    ss.sort((a, b) => a.received - b.received);
    cs.forEach((c, i) => {
      const st = ss[i].firstWrite - ss[i].received;
      serverTtft.push(st);
      errors.push(c.timings.ttft - st);
    });
  }
  return { errors, serverTtft, skipped };
}

export async function streamingBench({ seconds = 15, vus = 50, openTargets = [5000, 10000] } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-streaming-'));
  const rows = [];

  // 1. Max sustained rate: closed loop against a zero-delay mock.
  let mock = await startMock(['--ttft', '0', '--itl', '0', '--records', '0', ...UNLIMITED]);
  const closed = await runScript(tmp, 'closed', { LLMLOAD_BASE_URL: mock.url, MODE: 'closed', VUS: String(vus), DURATION: `${seconds}s` });
  mock.stop();
  if (closed.llm_req_failed.passes > 0) throw new Error(`closed loop: ${closed.llm_req_failed.passes} requests failed`);
  const maxRps = closed.llm_reqs.rate;
  // Content chunks = one per request plus one per gap between chunks.
  const chunks = closed.llm_reqs.count + closed.llm_itl.count;
  const chunkRate = (chunks / closed.llm_reqs.count) * maxRps;
  rows.push({
    benchmark: `streaming, closed loop ${vus} VUs, 128 chunks/response, ${seconds}s`,
    result: `${f(maxRps, 0)} req/s, ${f(chunkRate, 0)} chunks/s`,
    detail: `${closed.llm_reqs.count} requests, 0 failed, ${f(chunks / closed.llm_reqs.count, 1)} chunks/response; TTFT p50 ${f(closed.llm_ttft.med)} ms`,
  });

  // 2. TTFT error at 50 % of the max rate, request by request.
  const rate = Math.max(1, Math.round(maxRps / 2));
  mock = await startMock(['--ttft', '0', '--itl', '0', ...UNLIMITED]);
  const requestsFile = path.join(tmp, 'requests.jsonl');
  const paced = await runScript(
    tmp,
    'paced',
    { LLMLOAD_BASE_URL: mock.url, MODE: 'rate', RATE: String(rate), VUS: String(Math.max(vus, 100)), DURATION: `${seconds}s` },
    ['--out', `requests=${requestsFile}`],
  );
  const { records } = await (await fetch(`${mock.url}/mock/requests`)).json();
  mock.stop();
  const { errors, serverTtft, skipped } = pairTtft(requestsFile, records);
  const dropped = paced.dropped_iterations?.count ?? 0;
  rows.push({
    benchmark: `TTFT error at 50 % of max (${rate} req/s, ${seconds}s)`,
    result: `client − mock TTFT p50 ${f(pct(errors, 0.5), 3)} ms, p90 ${f(pct(errors, 0.9), 3)} ms, p99 ${f(pct(errors, 0.99), 3)} ms`,
    detail: `${errors.length} requests paired${skipped ? ` (${skipped} unpaired)` : ''}, achieved ${f(paced.llm_reqs.rate, 1)} req/s, dropped ${dropped}; client TTFT p50 ${f(paced.llm_ttft.med, 3)} ms, mock TTFT p50 ${f(pct(serverTtft, 0.5), 3)} ms`,
  });

  // 3. Concurrent open streams: first token at once, the second 10 s later.
  let held;
  for (const target of openTargets) {
    mock = await startMock(['--ttft', '0', '--itl', '10000', '--records', '0', ...UNLIMITED]);
    const stopWatch = watchRunning(mock.url);
    let peakRss = 0;
    const perVu = Math.ceil(target / 100);
    let open;
    try {
      open = await runScript(tmp, `open-${target}`, { LLMLOAD_BASE_URL: mock.url, MODE: 'open', VUS: '100', PER_VU: String(perVu), MAX_TOKENS: '2' }, [], {
        rssEveryMs: 500,
        onRss: (kb) => (peakRss = Math.max(peakRss, kb || 0)),
      });
    } catch (err) {
      stopWatch();
      mock.stop();
      console.error(`open streams ${target}: ${err.message.split('\n')[0]}`);
      break;
    }
    const peakServer = stopWatch();
    mock.stop();
    const failed = open.llm_req_failed.passes;
    const peakClient = open.llm_in_flight.max;
    if (failed > 0 || peakServer < 100 * perVu) {
      console.error(`open streams ${target}: ${failed} failed, mock peak ${peakServer}`);
      break;
    }
    held = { target: 100 * perVu, peakServer, peakClient, rss: peakRss, ttft: open.llm_ttft.med };
  }
  rows.push({
    benchmark: 'concurrent open streams, one llmload process',
    result: held ? `${held.target} held (target ≥ 5,000)` : 'fewer than 5,000 held',
    detail: held
      ? `mock saw ${held.peakServer} running at once, llm_in_flight max ${held.peakClient}, 0 failed; llmload peak RSS ${f(held.rss / 1024, 0)} MiB; TTFT p50 ${f(held.ttft, 0)} ms (connection storm)`
      : '',
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(table(await streamingBench()));
}
