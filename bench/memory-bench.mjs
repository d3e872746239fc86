// Idle VU memory (issue 14): VUs that only sleep, at 10 and at 1,000 VUs; the cost of a VU is the slope of the
// peak RSS (VmHWM) between the two. llmload runs the k6 script k6 runs (bench/scripts/idle-vus-k6.js) and its own
// async one (bench/scripts/idle-vus.ts).
import path from 'node:path';
import { interleaved, median, num, runLlmloadSummary } from './lib.mjs';
import { k6Version, runK6 } from './peers.mjs';

const PEERS = {
  llmload: { label: 'llmload, k6 script', script: 'bench/scripts/idle-vus-k6.js', measure: 'memory.mib_per_vu' },
  'llmload-async': { label: 'llmload, async script', script: 'bench/scripts/idle-vus.ts', measure: 'memory.mib_per_vu_async' },
  k6: { label: 'k6', script: 'bench/scripts/idle-vus-k6.js' },
};

export async function memoryBench({ rounds = 1, seconds = 6, counts = [10, 1000], tmp }) {
  const k6 = k6Version();
  const names = ['llmload', 'llmload-async', ...(k6 ? ['k6'] : [])];
  const per = await interleaved(rounds, names, async (peer, i) => {
    const peaks = [];
    for (const vus of counts) {
      const env = { VUS: String(vus), DURATION: `${seconds}s` };
      const file = path.join(tmp, `memory-${peer}-${vus}-${i}.json`);
      const { script } = PEERS[peer];
      const r = peer === 'k6' ? await runK6(script, { env, summaryFile: file }) : await runLlmloadSummary(script, { env, file });
      // Every VU must have been up, or the slope says nothing.
      if (r.summary.metrics.vus_max?.max < vus) throw new Error(`memory ${peer}: only ${r.summary.metrics.vus_max.max} of ${vus} VUs started`);
      peaks.push(r.peakRssKb / 1024);
    }
    return { low: peaks[0], high: peaks[1], perVu: (peaks[1] - peaks[0]) / (counts[1] - counts[0]) };
  });
  const med = (peer, k) => median(per[peer].map((x) => x[k]));
  const rows = names.map((peer) => ({
    benchmark: `RSS per idle VU (${num(counts[1])} VUs in sleep()): ${peer === 'k6' ? k6 : PEERS[peer].label}`,
    result: `${num(med(peer, 'perVu'), 3)} MiB/VU`,
    detail: `peak RSS ${num(med(peer, 'low'))} MiB @${counts[0]} VUs, ${num(med(peer, 'high'))} MiB @${num(counts[1])} VUs`,
  }));
  const measures = {};
  for (const peer of ['llmload', 'llmload-async']) measures[PEERS[peer].measure] = med(peer, 'perVu');
  if (k6) {
    rows.push({
      benchmark: 'RSS per idle VU: llmload (k6 script) vs k6',
      result: `${num(med('llmload', 'perVu') / med('k6', 'perVu'), 2)}×`,
      detail: 'target: ≤ 0.12 MiB per VU',
    });
  }
  return { rows, measures };
}
