// The streaming benchmark (issues 3 and 14): llmload's openai module against `llmload mock` in its own process.
//   1. max sustained streaming requests/s and client CPU per request: zero-delay mock, 64 VUs closed loop, 128
//      one-token chunks per response, interleaved rounds with vLLM's benchmark client (bench/vllm-peer.mjs) at
//      64 concurrent when VLLM_BENCH is set;
//   2. TTFT error at 50 % of that rate: client TTFT − the mock's own (first write − arrival), paired request by
//      request;
//   3. concurrent open streams one llmload process holds (the mock keeps them open with a long ITL), target ≥ 5,000.
// `node bench/streaming.mjs` prints its rows; bench/run.mjs includes them (--only=streaming).
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuOf, interleaved, median, num, runLlmload, table } from './lib.mjs';
import { cpuAt } from './proc-stats.mjs';
import { mockRecords, pairTtft, pct, startMock } from './mock-helpers.mjs';
import { runVllmBench, vllmBenchScript } from './vllm-peer.mjs';

const SCRIPT = 'bench/streaming-script.ts';
const UNLIMITED = ['--max-concurrency', '1000000', '--kv-cache-tokens', '1000000000'];
const TOKENS = 128;

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
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  // The CPU from the test's start (after bundling, VU start-up and the warm-up) to the exit, as vLLM's client's
  // counts from its main run (after its imports, prompt synthesis and initial test request) to its exit.
  const fromStart = r.cpuSeconds - cpuAt(r.samples, Date.parse(summary.run.start) - r.spawnedAt);
  return { ...summary.metrics, run: r, cpuFromStart: fromStart };
}

const f = (x, d = 2) => x.toFixed(d);

/** Part 1: llmload and (when available) vLLM's client against a fresh zero-delay mock each, interleaved. */
async function maxRate({ rounds, seconds, vus, tmp }) {
  const vllm = vllmBenchScript();
  const peers = ['llmload', ...(vllm.script ? ['vllm'] : [])];
  const per = await interleaved(rounds, peers, async (peer, i) => {
    const mock = await startMock(['--ttft', '0', '--itl', '0', '--records', '0', ...UNLIMITED]);
    const mockCpu = cpuOf(mock.pid);
    try {
      if (peer === 'vllm') {
        const prompts = Number(process.env.VLLM_BENCH_PROMPTS || Math.round(750 * seconds));
        const r = await runVllmBench(mock.url, { script: vllm.script, concurrency: vus, outputTokens: TOKENS, prompts, tmp });
        return { ...r, cpuMsPerReq: (r.cpuSeconds / r.requests) * 1000, mockCores: (cpuOf(mock.pid) - mockCpu) / (r.requests / r.rps) };
      }
      const m = await runScript(tmp, `closed-${i}`, { LLMLOAD_BASE_URL: mock.url, MODE: 'closed', VUS: String(vus), DURATION: `${seconds}s` });
      const requests = m.llm_reqs.count;
      return {
        requests,
        failed: m.llm_req_failed.passes,
        rps: requests / seconds,
        cpuMsPerReq: (m.run.cpuSeconds / requests) * 1000,
        cpuMsPerReqFromStart: (m.cpuFromStart / requests) * 1000,
        // Content chunks = one per request plus one per gap between chunks.
        chunksPerReq: (requests + m.llm_itl.count) / requests,
        ttftP50: m.llm_ttft.med,
        mockCores: (cpuOf(mock.pid) - mockCpu) / seconds,
      };
    } finally {
      mock.stop();
    }
  });
  const med = (peer, k) => median(per[peer].map((x) => x[k]));
  const failed = per.llmload.reduce((a, x) => a + x.failed, 0);
  if (failed > 0) throw new Error(`streaming closed loop: ${failed} requests failed`);
  const rows = [
    {
      benchmark: `streaming, closed loop ${vus} VUs, zero-delay mock, ${TOKENS} chunks/response, ${seconds}s × ${rounds}: llmload`,
      result: `${num(med('llmload', 'rps'))} req/s, ${num(med('llmload', 'rps') * med('llmload', 'chunksPerReq'))} chunks/s, ${num(med('llmload', 'cpuMsPerReq'), 3)} ms CPU/request`,
      detail: `whole process (from the test's start to the exit: ${num(med('llmload', 'cpuMsPerReqFromStart'), 3)} ms); 0 failed, ${num(med('llmload', 'chunksPerReq'), 1)} chunks/response; TTFT p50 ${num(med('llmload', 'ttftP50'), 2)} ms; mock ${num(med('llmload', 'mockCores'), 2)} cores; rounds: ${per.llmload.map((x) => num(x.rps)).join(', ')} req/s`,
    },
  ];
  const measures = {};
  if (per.vllm) {
    measures['streaming.rps_vs_vllm'] = med('llmload', 'rps') / med('vllm', 'rps');
    // Like for like: each client's CPU from the start of its load to its exit (start-up left out of both).
    measures['streaming.cpu_vs_vllm'] = med('llmload', 'cpuMsPerReqFromStart') / med('vllm', 'cpuMsPerReq');
    const wholeVsVllm = med('llmload', 'cpuMsPerReq') / med('vllm', 'cpuMsPerReq');
    rows.push({
      benchmark: `streaming, ${vus} concurrent, zero-delay mock: vLLM's benchmark client`,
      result: `${num(med('vllm', 'rps'))} req/s, ${num(med('vllm', 'cpuMsPerReq'), 3)} ms CPU/request`,
      detail: `CPU from its "Starting main benchmark run" on; ${num(med('vllm', 'requests'))} requests per round, ${num(per.vllm.reduce((a, x) => a + x.failed, 0))} failed, TTFT p50 ${num(med('vllm', 'ttftP50'), 2)} ms; mock ${num(med('vllm', 'mockCores'), 2)} cores`,
    });
    rows.push({
      benchmark: "streaming: llmload vs vLLM's client",
      result: `${num(measures['streaming.rps_vs_vllm'], 2)}× the req/s, ${num(measures['streaming.cpu_vs_vllm'], 2)}× the CPU per request`,
      detail: `CPU of each from the start of its load to its exit (llmload's whole process: ${num(wholeVsVllm, 2)}×); targets ≥ 3× and ≤ 0.3×`,
    });
  } else {
    measures['streaming.rps_vs_vllm'] = vllm;
    measures['streaming.cpu_vs_vllm'] = vllm;
    rows.push({ benchmark: "streaming: vLLM's benchmark client", result: `skipped: ${vllm.skipped}`, detail: '' });
  }
  return { rows, measures, maxRps: med('llmload', 'rps') };
}

export async function streamingBench({ rounds = 2, seconds = 10, vus = 64, openTargets = [5000, 10000], tmp } = {}) {
  tmp ??= mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-streaming-'));
  // 1. Max sustained rate and CPU per request, against vLLM's client when there is one.
  const max = await maxRate({ rounds, seconds, vus, tmp });
  const { rows, measures } = max;

  // 2. TTFT error at 50 % of the max rate, request by request.
  const rate = Math.max(1, Math.round(max.maxRps / 2));
  let mock = await startMock(['--ttft', '0', '--itl', '0', ...UNLIMITED]);
  const requestsFile = path.join(tmp, 'requests.jsonl');
  const paced = await runScript(
    tmp,
    'paced',
    { LLMLOAD_BASE_URL: mock.url, MODE: 'rate', RATE: String(rate), VUS: String(Math.max(vus, 100)), DURATION: `${seconds}s` },
    ['--out', `requests=${requestsFile}`],
  );
  const records = await mockRecords(mock.url);
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
  measures['streaming.open_streams'] = held?.target ?? 0;
  return { rows, measures };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(table((await streamingBench()).rows));
}
