// Closed loop, plain HTTP (issue 14): 50 VUs of `http.get` against one Node `http` target (bench/server.mjs),
// llmload (one thread, checked; and `--threads 2`, shown) and k6 running the same k6 script file (bench/scripts/closed-loop-k6.js), as
// does llmload as one coordinator and 2 agent processes (bench/agents-peer.mjs; shown, not checked), wrk and autocannon with as
// many connections as the ceiling of that target (in the first round only: they are not compared, they show
// what the target can do), and so do two floors of one Node thread (bench/node-floor.mjs: undici's raw dispatch
// loop alone, and the same loop through one isolated-vm context), to show what any client on one Node thread
// could reach on this machine in the same rounds. Interleaved rounds; req/s and CPU-s per 10k requests of the client's whole process
// (start-up included, as a user pays it), and the target's own CPU during each run, to show it had room.
import path from 'node:path';
import { runAgents } from './agents-peer.mjs';
import { NOISY } from './checks.mjs';
import { cpuOf, interleaved, median, num, runFloor, runLlmloadSummary, startServer } from './lib.mjs';
import { k6Version, runAutocannon, runK6, runWrk, wrkAvailable } from './peers.mjs';
import { cpuRateBetween } from './proc-stats.mjs';

const SCRIPT = 'bench/scripts/closed-loop-k6.js';

/** CPU-s per 10k requests over the middle of the load (start-up and shutdown left out), for the detail column. */
function steadyPer10k(run, seconds, requests) {
  const end = run.samples.at(-1)?.t ?? 0;
  const rate = cpuRateBetween(run.samples, end - seconds * 900, end - seconds * 200);
  return (rate / (requests / seconds)) * 10_000;
}

/**
 * How steady the machine was: the two floors run the same code every round, so the spread of their CPU a
 * request over the rounds (the slowest round's over the quickest's; the larger of the two) is the machine's, not
 * llmload's. `closed.floor_spread` (checks.mjs NOISY); none with one round.
 */
function steadiness(per, rows) {
  if (per.floor.length < 2) return {};
  const spreads = ['floor', 'isolate-floor'].map((peer) => {
    const cpu = per[peer].map((x) => x.cpuPer10k);
    return Math.max(...cpu) / Math.min(...cpu);
  });
  const spread = Math.max(...spreads);
  rows.push({
    benchmark: 'closed loop: how steady was the machine?',
    result: `the floors' CPU a request varied ${num(spreads[0], 2)}× (undici alone) and ${num(spreads[1], 2)}× (through an isolate) over the rounds`,
    detail: `the same code every round: above ${NOISY}× some rounds fell in a slow phase of the machine, and a ratio that falls short may be the machine's`,
  });
  return { 'closed.floor_spread': spread };
}

export async function closedBench({ rounds = 3, seconds = 10, vus = 50, tmp }) {
  const k6 = k6Version();
  // `threads`: `llmload run --threads 2`; `agents`: the same test as a coordinator and 2 agent processes (both shown, not checked).
  // `floor`, `isolate-floor`: bench/node-floor.mjs (shown, not checked).
  const peers = ['llmload', 'threads', ...(k6 ? ['k6'] : []), 'agents', 'floor', 'isolate-floor', ...(wrkAvailable() ? ['wrk'] : []), 'autocannon'];
  const srv = await startServer();
  // A fresh Node target is cold JIT code: warm it before anything is measured.
  await runAutocannon(srv.url, { connections: vus, seconds: 2 });
  const env = { BASE_URL: srv.url, VUS: String(vus), DURATION: `${seconds}s` };
  const per = await interleaved(rounds, peers, async (peer, i) => {
    if (i > 0 && (peer === 'wrk' || peer === 'autocannon')) return undefined;
    const before = cpuOf(srv.pid);
    let r;
    if (peer === 'llmload') {
      const file = path.join(tmp, `closed-llmload-${i}.json`);
      const run = await runLlmloadSummary(SCRIPT, { env, file });
      r = { ...run, requests: run.summary.metrics.http_reqs.count, seconds };
    } else if (peer === 'threads') {
      const file = path.join(tmp, `closed-threads-${i}.json`);
      const run = await runLlmloadSummary(SCRIPT, { env, file, extra: ['--threads', '2'] });
      r = { ...run, requests: run.summary.metrics.http_reqs.count, seconds };
    } else if (peer === 'agents') {
      const run = await runAgents(SCRIPT, { env, file: path.join(tmp, `closed-agents-${i}.json`), agents: 2 });
      r = { ...run, requests: run.summary.metrics.http_reqs.count, seconds };
    } else if (peer === 'k6') {
      const run = await runK6(SCRIPT, { env, summaryFile: path.join(tmp, `closed-k6-${i}.json`) });
      r = { ...run, requests: run.summary.metrics.http_reqs.count, seconds };
    } else if (peer === 'floor' || peer === 'isolate-floor') {
      r = await runFloor(peer === 'floor' ? 'host' : 'callback', { url: srv.url, vus, seconds });
    } else if (peer === 'wrk') r = await runWrk(srv.url, { connections: vus, seconds });
    else r = await runAutocannon(srv.url, { connections: vus, seconds });
    const targetCpu = cpuOf(srv.pid) - before;
    return {
      rps: r.requests / r.seconds,
      cpuPer10k: (r.cpuSeconds / r.requests) * 10_000,
      steadyPer10k: steadyPer10k(r, r.seconds, r.requests),
      targetCores: targetCpu / r.seconds,
      rssMiB: r.peakRssKb / 1024,
    };
  });
  srv.stop();

  const med = (peer, k) => median(per[peer].map((x) => x[k]));
  const label = {
    llmload: 'llmload',
    threads: 'llmload --threads 2',
    k6: k6 ?? 'k6',
    agents: 'llmload coordinator + 2 agents',
    floor: 'one Node thread, undici raw dispatch only (bench/node-floor.mjs host)',
    'isolate-floor': 'one Node thread, the same through one isolate (bench/node-floor.mjs callback)',
    wrk: `wrk -t2 -c${vus}`,
    autocannon: `autocannon -c${vus}`,
  };
  const rows = peers.map((peer) => ({
    benchmark: `closed loop ${vus} VUs http.get ${seconds}s × ${per[peer].length}: ${label[peer]}`,
    result: `${num(med(peer, 'rps'))} req/s, ${num(med(peer, 'cpuPer10k'), 2)} CPU-s per 10k requests`,
    detail:
      `steady ${num(med(peer, 'steadyPer10k'), 2)} CPU-s/10k; target ${num(med(peer, 'targetCores'), 2)} cores; ` +
      `peak RSS ${num(med(peer, 'rssMiB'))} MiB; rounds: ${per[peer].map((x) => `${num(x.rps)}/${num(x.cpuPer10k, 2)}`).join(', ')}`,
  }));

  const measures = {};
  const noK6 = { skipped: 'k6 not found (set K6_BIN; see bench/README.md)' };
  if (k6) {
    // One row per llmload configuration against k6; `id` names its checked measures.
    const vsK6 = (peer, id, what, detail) => {
      const rps = med(peer, 'rps') / med('k6', 'rps');
      const cpu = med(peer, 'cpuPer10k') / med('k6', 'cpuPer10k');
      if (id !== undefined) Object.assign(measures, { [`closed.${id}rps_vs_k6`]: rps, [`closed.${id}cpu_vs_k6`]: cpu });
      rows.push({ benchmark: `closed loop: ${what} vs k6`, result: `${num(rps, 2)}× the req/s, ${num(cpu, 2)}× the CPU per request`, detail });
    };
    const checked = 'medians of interleaved rounds; targets ≥ 1.0× and ≤ 1.0×';
    vsK6('llmload', '', 'llmload', checked);
    // The issue's targets hold llmload as it runs by default. `--threads 2` trades CPU for rate: on a 2-core
    // machine that also runs the target a second core costs ~30 % a request in any layout (two processes pay
    // the same, bench/README "Per core, the second core"), so its ratios are shown, not held to k6's.
    vsK6('threads', undefined, 'llmload --threads 2', 'medians of interleaved rounds; shown, not checked: a second core that the target shares');
    vsK6(
      'agents',
      undefined,
      'llmload on two cores (coordinator + 2 agents)',
      'medians of interleaved rounds; shown, not checked (`--threads 2` is the same in one run)',
    );
    const floor = 'medians of interleaved rounds; shown, not checked: no metrics, timeouts, tags or scheduler';
    vsK6('floor', undefined, 'the floor of one Node thread (undici alone)', floor);
    vsK6('isolate-floor', undefined, 'the floor of one Node thread through an isolate', floor);
  } else {
    for (const id of ['rps_vs_k6', 'cpu_vs_k6']) measures[`closed.${id}`] = noK6;
    rows.push({ benchmark: 'closed loop: k6', result: `skipped: ${noK6.skipped}`, detail: '' });
  }
  Object.assign(measures, steadiness(per, rows));
  const ceiling = per.wrk ? 'wrk' : 'autocannon';
  const clients = k6 ? ['llmload', 'threads', 'k6'] : ['llmload', 'threads'];
  measures['closed.target_headroom'] = med(ceiling, 'rps') / Math.max(...clients.map((c) => med(c, 'rps')));
  measures['closed.target_cores'] = Math.max(...clients.map((c) => med(c, 'targetCores')));
  rows.push({
    benchmark: 'closed loop: is the target the bottleneck?',
    result: `${ceiling} gets ${num(measures['closed.target_headroom'], 2)}× the faster client's req/s; target used ≤ ${num(measures['closed.target_cores'], 2)} cores under a client`,
    detail: `${per.wrk ? '' : 'wrk not installed (apt-get install wrk); '}the target is one Node thread: below ~0.9 cores it waited for requests`,
  });
  return { rows, measures };
}
