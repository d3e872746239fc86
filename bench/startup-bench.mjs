// Start-up (issue 14): what a short `run` costs before and after its requests, the CLI, the bundle, the VUs and the
// runtime warm-up, beside k6. `--iterations 50` of the closed-loop script against bench/server.mjs, so the
// requests themselves are a few ms of it. Interleaved rounds; CPU-s of the whole process tree, and wall time.
// Shown, not checked: the closed-loop check counts start-up in its CPU per request (as a user pays it).
import path from 'node:path';
import { interleaved, median, num, runLlmloadSummary, startServer } from './lib.mjs';
import { k6Version, runK6 } from './peers.mjs';

const SCRIPT = 'bench/scripts/closed-loop-k6.js';

export async function startupBench({ rounds = 5, tmp }) {
  const k6 = k6Version();
  const configs = {
    llmload: { label: 'llmload run', extra: [] },
    nowarm: { label: 'llmload run --no-warmup', extra: ['--no-warmup'] },
    threads: { label: 'llmload run --threads 2', extra: ['--threads', '2'] },
  };
  const peers = [...Object.keys(configs), ...(k6 ? ['k6'] : [])];
  const srv = await startServer();
  const env = { BASE_URL: srv.url, VUS: '50', ITERATIONS: '50' };
  const per = await interleaved(rounds, peers, async (peer, i) => {
    const file = path.join(tmp, `startup-${peer}-${i}.json`);
    const extra = ['--iterations', '50', ...(configs[peer]?.extra ?? [])];
    const r = peer === 'k6' ? await runK6(SCRIPT, { env, summaryFile: file, extra }) : await runLlmloadSummary(SCRIPT, { env, file, extra });
    return { cpu: r.cpuSeconds, wall: r.wallSeconds };
  });
  srv.stop();
  const med = (peer, k) => median(per[peer].map((x) => x[k]));
  const rows = peers.map((peer) => ({
    benchmark: `start-up, 50 VUs × 1 iteration, × ${per[peer].length}: ${configs[peer]?.label ?? k6}`,
    result: `${num(med(peer, 'cpu'), 2)} CPU-s, ${num(med(peer, 'wall'), 2)} s`,
    detail: `rounds: ${per[peer].map((x) => `${num(x.cpu, 2)}/${num(x.wall, 2)} s`).join(', ')}`,
  }));
  return { rows, measures: {} };
}
