// The earlier runtime-core benchmarks (issues 2 and 11), each against its own bench/server.mjs process:
//   arrival: constant-arrival-rate 2,000/s of http.get — achieved rate and schedule lag (warm target, then a cold
//            target with --no-warmup to show what each part is worth);
//   sync:    the closed loop as a k6-style sync script vs the async one, CPU per request;
//   steady:  500 it/s for 2 minutes (--long: 10), RSS after each minute.
import path from 'node:path';
import { interleaved, median, num, runLlmload, runLlmloadSummary, startServer } from './lib.mjs';
import { runAutocannon } from './peers.mjs';

export async function arrivalBench({ seconds = 30, rate = 2000, tmp }) {
  const rows = [];
  const measures = {};
  // The target is warmed first (autocannon, 2 s), as any target of a benchmark should be: a fresh Node server's
  // own JIT warm-up otherwise slows the first second's responses and shows up as client lag.
  for (const [label, warmServer, extra] of [
    ['', true, []],
    [' (cold server, --no-warmup)', false, ['--no-warmup']],
  ]) {
    const srv = await startServer();
    if (warmServer) await runAutocannon(srv.url, { connections: 20, seconds: 2 });
    const env = { BASE_URL: srv.url, RATE: String(rate), DURATION: `${seconds}s` };
    const { summary: s } = await runLlmloadSummary('bench/scripts/arrival-rate.ts', { env, extra, file: path.join(tmp, `arrival-${warmServer}.json`) });
    srv.stop();
    const done = s.metrics.iterations.count;
    const dropped = s.metrics.dropped_iterations?.count ?? 0;
    const lag = s.metrics.iteration_schedule_lag;
    const error = (done / (rate * seconds) - 1) * 100;
    if (warmServer) Object.assign(measures, { 'arrival.rate_error': Math.abs(error), 'arrival.lag_p99': lag['p(99)'] });
    rows.push({
      benchmark: `constant-arrival-rate ${num(rate)}/s × ${seconds}s${label}`,
      result: `${(done / seconds).toFixed(1)} it/s achieved (${error.toFixed(2)} % vs target), dropped ${dropped}`,
      detail: `schedule lag p50 ${lag.med.toFixed(3)} ms, p99 ${lag['p(99)'].toFixed(3)} ms, max ${lag.max.toFixed(1)} ms`,
    });
  }
  return { rows, measures };
}

// The same closed loop written both ways, interleaved rounds: req/s and client CPU per request.
export async function syncBench({ rounds = 3, seconds = 10, tmp }) {
  const scripts = { async: 'bench/scripts/closed-loop.ts', sync: 'bench/scripts/closed-loop-k6.js' };
  const per = await interleaved(rounds, ['async', 'sync'], async (style, i) => {
    const srv = await startServer();
    const file = path.join(tmp, `sync-${style}-${i}.json`);
    const r = await runLlmloadSummary(scripts[style], { env: { BASE_URL: srv.url, VUS: '50', DURATION: `${seconds}s` }, file });
    srv.stop();
    const n = r.summary.metrics.http_reqs.count;
    return { rps: n / seconds, cpuPer10k: (r.cpuSeconds / n) * 10_000 };
  });
  const rows = ['async', 'sync'].map((style) => ({
    benchmark: `closed loop, 50 VUs, ${style === 'sync' ? 'k6-style sync script' : 'async script'}, ${seconds}s × ${rounds}`,
    result: `${median(per[style].map((x) => x.rps)).toFixed(0)} req/s, ${median(per[style].map((x) => x.cpuPer10k)).toFixed(2)} CPU-s per 10k requests`,
    detail: `rounds: ${per[style].map((x) => `${x.rps.toFixed(0)} req/s ${x.cpuPer10k.toFixed(2)}`).join('; ')}`,
  }));
  const ratio = median(per.sync.map((x) => x.cpuPer10k)) / median(per.async.map((x) => x.cpuPer10k));
  rows.push({ benchmark: 'sync vs async CPU per request', result: `${ratio.toFixed(2)}× (target ≤ 1.5×)`, detail: 'median of interleaved rounds' });
  return { rows, measures: { 'sync.cpu_ratio': ratio } };
}

export async function steadyBench({ long }) {
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
  const rows = [
    {
      benchmark: `steady 500 it/s, RSS after 1 min vs ${minutes} min`,
      result: `${at(60_000).toFixed(1)} MiB vs ${at(minutes * 60_000 - 5000).toFixed(1)} MiB`,
      detail: `each minute: ${Array.from({ length: minutes }, (_, i) => at((i + 1) * 60_000 - (i + 1 === minutes ? 5000 : 0)).toFixed(0)).join(', ')} MiB${long ? '' : ' (--long: 10 minutes)'}`,
    },
  ];
  return { rows, measures: {} };
}
