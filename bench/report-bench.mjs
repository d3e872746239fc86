// The cost of recording for the HTML report (issue 16): the streaming script (bench/streaming-script.ts), 50 VUs
// closed loop against a zero-delay mock in its own process, with and without `--out html=`, in interleaved
// rounds (a fresh mock each). Target: recording costs under 3 % of req/s. Also reports the file's size.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { interleaved, median, num, runLlmload } from './lib.mjs';
import { startMock } from './mock-helpers.mjs';

const SCRIPT = 'bench/streaming-script.ts';
const UNLIMITED = ['--ttft', '0', '--itl', '0', '--records', '0', '--max-concurrency', '1000000', '--kv-cache-tokens', '1000000000'];

export async function reportBench({ rounds = 3, seconds = 10, tmp }) {
  const per = await interleaved(rounds, ['plain', 'html'], async (variant, i) => {
    const mock = await startMock(UNLIMITED);
    try {
      const summary = path.join(tmp, `report-${variant}-${i}.json`);
      const html = path.join(tmp, `report-${i}.html`);
      const extra = variant === 'html' ? ['--out', `html=${html}`] : [];
      const env = { LLMLOAD_BASE_URL: mock.url, MODE: 'closed', VUS: '50', DURATION: `${seconds}s` };
      const r = await runLlmload(['run', '-q', '--summary-export', summary, ...extra, SCRIPT], { env });
      if (r.code !== 0) throw new Error(`report bench (${variant}): exit ${r.code}\n${r.stderr.slice(-3000)}`);
      const m = JSON.parse(readFileSync(summary, 'utf8')).metrics;
      if (m.llm_req_failed.passes > 0) throw new Error(`report bench (${variant}): ${m.llm_req_failed.passes} requests failed`);
      return { rps: m.llm_reqs.count / seconds, cpuMsPerReq: (r.cpuSeconds / m.llm_reqs.count) * 1000, bytes: variant === 'html' ? statSync(html).size : 0 };
    } finally {
      mock.stop();
    }
  });
  const med = (v, k) => median(per[v].map((x) => x[k]));
  const cost = 1 - med('html', 'rps') / med('plain', 'rps');
  return {
    rows: [
      {
        benchmark: `report recording: 50 VUs closed loop, zero-delay mock, ${seconds}s × ${rounds}, with vs without --out html=`,
        result: `${num(cost * 100, 2)} % fewer req/s (${num(med('html', 'rps'))} vs ${num(med('plain', 'rps'))})`,
        detail: `CPU/request ${num(med('html', 'cpuMsPerReq'), 3)} vs ${num(med('plain', 'cpuMsPerReq'), 3)} ms; report ${num(med('html', 'bytes') / 1024)} KiB; rounds: ${per.html.map((x) => num(x.rps)).join(', ')} vs ${per.plain.map((x) => num(x.rps)).join(', ')} req/s`,
      },
    ],
    measures: { 'report.rps_cost': cost * 100 },
  };
}
