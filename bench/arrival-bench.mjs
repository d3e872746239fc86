// What the arrival-rate scheduler alone costs (issue 14): constant-arrival-rate of an empty iteration, llmload and
// k6 running the same script file (bench/scripts/arrival-empty-k6.js), interleaved rounds.
//   arrival-cpu: 1,000/s — client CPU of the whole process, peak RSS, and llmload's iteration_schedule_lag p99;
//   idle:        100/s   — CPU seconds per wall second over the middle of the run (start-up and shutdown left
//                          out): a scheduler with nothing due for the next few ms must sleep, not spin.
import path from 'node:path';
import { interleaved, median, num, runLlmloadSummary } from './lib.mjs';
import { k6Version, runK6 } from './peers.mjs';
import { cpuRateBetween } from './proc-stats.mjs';

const SCRIPT = 'bench/scripts/arrival-empty-k6.js';

async function runBoth(name, { rounds, seconds, rate, tmp }) {
  const k6 = k6Version();
  const env = { RATE: String(rate), DURATION: `${seconds}s` };
  const per = await interleaved(rounds, ['llmload', ...(k6 ? ['k6'] : [])], async (peer, i) => {
    const file = path.join(tmp, `${name}-${peer}-${i}.json`);
    const r = peer === 'llmload' ? await runLlmloadSummary(SCRIPT, { env, file }) : await runK6(SCRIPT, { env, summaryFile: file });
    const m = r.summary.metrics;
    const end = r.samples.at(-1)?.t ?? 0;
    return {
      cpu: r.cpuSeconds,
      // The load runs for `seconds` and ends shortly before the process does.
      cores: cpuRateBetween(r.samples, end - seconds * 800, end - seconds * 100),
      rssMiB: r.peakRssKb / 1024,
      iterations: m.iterations.count,
      dropped: m.dropped_iterations?.count ?? 0,
      lagP99: m.iteration_schedule_lag?.['p(99)'],
      lagMax: m.iteration_schedule_lag?.max,
    };
  });
  return { k6, per, med: (peer, k) => median(per[peer].map((x) => x[k])) };
}

const noK6 = { skipped: 'k6 not found (set K6_BIN; see bench/README.md)' };

export async function arrivalCpuBench({ rounds = 2, seconds = 20, rate = 1000, tmp }) {
  const { k6, per, med } = await runBoth('arrival-cpu', { rounds, seconds, rate, tmp });
  const rows = Object.keys(per).map((peer) => ({
    benchmark: `constant-arrival-rate ${num(rate)}/s × ${seconds}s, empty iteration × ${rounds}: ${peer === 'k6' ? k6 : 'llmload'}`,
    result: `${num(med(peer, 'cpu'), 2)} CPU-s, peak RSS ${num(med(peer, 'rssMiB'))} MiB${peer === 'llmload' ? `, schedule lag p99 ${num(med(peer, 'lagP99'), 3)} ms` : ''}`,
    detail:
      `${num(med(peer, 'cores'), 3)} cores in the steady part; ${num(med(peer, 'iterations'))} iterations, dropped ${num(med(peer, 'dropped'))}` +
      `${peer === 'llmload' ? `, lag max ${num(med(peer, 'lagMax'), 1)} ms` : ''}; rounds: ${per[peer].map((x) => num(x.cpu, 2)).join(', ')} CPU-s`,
  }));
  const measures = { 'arrival-cpu.lag_p99': med('llmload', 'lagP99') };
  if (k6) {
    measures['arrival-cpu.cpu_vs_k6'] = med('llmload', 'cpu') / med('k6', 'cpu');
    rows.push({
      benchmark: `constant-arrival-rate ${num(rate)}/s: llmload vs k6`,
      result: `${num(measures['arrival-cpu.cpu_vs_k6'], 2)}× the CPU, ${num(med('llmload', 'rssMiB') / med('k6', 'rssMiB'), 2)}× the peak RSS`,
      detail: 'medians of interleaved rounds; target ≤ 1.5× the CPU, lag p99 < 2 ms',
    });
  } else {
    measures['arrival-cpu.cpu_vs_k6'] = noK6;
    rows.push({ benchmark: `constant-arrival-rate ${num(rate)}/s: k6`, result: `skipped: ${noK6.skipped}`, detail: '' });
  }
  return { rows, measures };
}

export async function idleBench({ rounds = 2, seconds = 10, rate = 100, tmp }) {
  const { k6, per, med } = await runBoth('idle', { rounds, seconds, rate, tmp });
  const rows = Object.keys(per).map((peer) => ({
    benchmark: `idle CPU, constant-arrival-rate ${rate}/s × ${seconds}s, empty iteration × ${rounds}: ${peer === 'k6' ? k6 : 'llmload'}`,
    result: `${num(med(peer, 'cores'), 3)} CPU-s per wall second`,
    detail: `middle 70 % of the run; whole process ${num(med(peer, 'cpu'), 2)} CPU-s; rounds: ${per[peer].map((x) => num(x.cores, 3)).join(', ')}`,
  }));
  const measures = { 'idle.cores': med('llmload', 'cores') };
  if (k6) {
    rows.push({
      benchmark: `idle CPU at ${rate}/s: llmload vs k6`,
      result: `${num(med('llmload', 'cores') / med('k6', 'cores'), 2)}×`,
      detail: 'target: llmload ≤ 0.05 cores (no spinning)',
    });
  }
  return { rows, measures };
}
