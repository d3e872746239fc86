// Client TTFT against the mock's own record of the same requests (issue 14), the mock set to TTFT 20 ms and
// ITL 10 ms, 16 tokens per response, in its own process (bench/streaming-script.ts, closed loop):
//   warm: N = 64 — client TTFT p99 over the whole run, first wave included, minus the mock's own p99
//         (first content chunk written − request received, /mock/requests); once more with --no-warmup, to show
//         what the warm-up is worth;
//   ttft: N = 8  — client TTFT p50 minus the mock's own p50, and the paired per-request difference.
//         Beside it, the bare loopback round trip between two idle Node processes (bench/loopback-rtt.mjs): the
//         floor under that difference on the machine at hand.
import path from 'node:path';
import { median, num, runLlmloadSummary } from './lib.mjs';
import { loopbackRtt } from './loopback-rtt.mjs';
import { clearMockLog, mockRecords, mockTtfts, pairTtft, pct, startMock, warmMock } from './mock-helpers.mjs';

const SCRIPT = 'bench/streaming-script.ts';
const MOCK = ['--ttft', '20', '--itl', '10', '--max-concurrency', '100000', '--kv-cache-tokens', '1000000000'];

/**
 * The mock warmed by the load it is about to serve: `runs` short llmload runs of the same script, then its log
 * cleared. warmMock's undici bursts do not get it there: a fresh mock queued the first wave of 64 requests for
 * 18–24 ms before its handler stamped them `received` (a delay its own TTFT cannot see, and the client's does),
 * 13–15 ms after one 3 s run of the script and ~9 ms after three (bench/README, "The warm start's reference").
 */
async function warmMockWithLoad(url, env, { runs = 3, seconds = 3, tmp }) {
  for (let i = 0; i < runs; i++) {
    await runLlmloadSummary(SCRIPT, { env: { ...env, DURATION: `${seconds}s` }, file: path.join(tmp, `mock-warm-${i}.json`), extra: ['--no-warmup'] });
  }
  await clearMockLog(url);
}

/** One closed-loop run against a fresh mock: the client's summary metrics and the mock's TTFTs. */
async function runAgainstMock(name, { vus, seconds, tmp, extra = [] }) {
  const mock = await startMock(MOCK);
  try {
    await warmMock(mock.url, { concurrency: vus });
    const requestsFile = path.join(tmp, `${name}-requests.jsonl`);
    const env = { LLMLOAD_BASE_URL: mock.url, MODE: 'closed', VUS: String(vus), DURATION: `${seconds}s`, MAX_TOKENS: '16' };
    await warmMockWithLoad(mock.url, env, { tmp });
    const r = await runLlmloadSummary(SCRIPT, { env, file: path.join(tmp, `${name}.json`), extra: ['--out', `requests=${requestsFile}`, ...extra] });
    const records = await mockRecords(mock.url);
    const m = r.summary.metrics;
    if (m.llm_req_failed.passes > 0) throw new Error(`${name}: ${m.llm_req_failed.passes} requests failed`);
    return { client: m.llm_ttft, mock: mockTtfts(records), paired: pairTtft(requestsFile, records), requests: m.llm_reqs.count };
  } finally {
    mock.stop();
  }
}

export async function warmBench({ rounds = 1, seconds = 10, vus = 64, tmp }) {
  const rows = [];
  let excess;
  for (const [label, extra] of [
    ['', []],
    [', --no-warmup', ['--no-warmup']],
  ]) {
    const runs = [];
    for (let i = 0; i < rounds; i++) runs.push(await runAgainstMock(`warm${extra.length ? '-cold' : ''}-${i}`, { vus, seconds, tmp, extra }));
    const clientP99 = median(runs.map((r) => r.client['p(99)']));
    const mockP99 = median(runs.map((r) => pct(r.mock, 0.99)));
    if (!extra.length) excess = clientP99 - mockP99;
    rows.push({
      benchmark: `closed loop ${vus} VUs vs mock TTFT 20 ms, ${seconds}s × ${rounds}${label}`,
      result: `client TTFT p99 ${num(clientP99, 2)} ms vs the mock's own ${num(mockP99, 2)} ms (${num(clientP99 - mockP99, 2)} ms over)`,
      detail: `client max ${num(median(runs.map((r) => r.client.max)), 1)} ms, mock max ${num(median(runs.map((r) => Math.max(...r.mock))), 1)} ms; ${num(median(runs.map((r) => r.requests)))} requests${extra.length ? ' (no check: the warm-up off)' : '; target ≤ 10 ms over'}`,
    });
  }
  return { rows, measures: { 'warm.ttft_p99_excess': excess } };
}

export async function ttftBench({ rounds = 1, seconds = 10, vus = 8, tmp }) {
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await runAgainstMock(`ttft-${i}`, { vus, seconds, tmp }));
  const clientP50 = median(runs.map((r) => r.client.med));
  const mockP50 = median(runs.map((r) => pct(r.mock, 0.5)));
  const paired = median(runs.map((r) => pct(r.paired.errors, 0.5)));
  const skipped = runs.reduce((a, r) => a + r.paired.skipped, 0);
  const rtt = await loopbackRtt();
  return {
    rows: [
      {
        benchmark: `closed loop ${vus} VUs vs mock TTFT 20 ms, ${seconds}s × ${rounds}`,
        result: `client TTFT p50 ${num(clientP50, 3)} ms vs the mock's own ${num(mockP50, 3)} ms (${num(clientP50 - mockP50, 3)} ms)`,
        detail: `paired per request: p50 ${num(paired, 3)} ms${skipped ? ` (${skipped} unpaired)` : ''}; ${num(median(runs.map((r) => r.requests)))} requests; target within 0.5 ms`,
      },
      {
        benchmark: 'loopback round trip, two idle Node processes, 20 ms apart (bench/loopback-rtt.mjs)',
        result: `p50 ${num(rtt.p50, 3)} ms, p90 ${num(rtt.p90, 3)} ms, p99 ${num(rtt.p99, 3)} ms`,
        detail: 'the floor under the TTFT difference on this machine: the request wakes the mock, its first chunk wakes the client',
      },
    ],
    measures: { 'ttft.p50_error': Math.abs(clientP50 - mockP50) },
  };
}
