// The targets `npm run bench -- --check` holds the numbers to (issue 14, and the earlier issues' bench targets),
// and the comparison: pure functions, unit-tested in test/unit/bench-checks.test.ts.

/**
 * One target. `id` is the key a benchmark reports its measure under; `op` says which side is good; `limit` is
 * the number, before the tolerance. `steadiness`: the measure that says how steady the machine was
 * while it was measured (a spread over rounds of code that did not change, see NOISY).
 * @typedef {{ id: string, bench: string, what: string, op: '>=' | '<=', limit: number, unit: string, steadiness?: string }} Target
 */

/**
 * A spread (slowest round's CPU a request over the quickest's) of a control that runs the same code every round,
 * above which the machine had slow phases: a ratio against a peer that falls short then says so (bench/README,
 * "An A/A run"). The failure stands: the guard cannot tell a slow phase from a regression, the person can.
 */
export const NOISY = 1.25;

/** @type {Target[]} */
export const TARGETS = [
  { id: 'closed.rps_vs_k6', bench: 'closed', what: 'closed loop 50 VUs: req/s vs k6', op: '>=', limit: 1.0, unit: '×', steadiness: 'closed.floor_spread' },
  {
    id: 'closed.cpu_vs_k6',
    bench: 'closed',
    what: 'closed loop 50 VUs: CPU per request vs k6',
    op: '<=',
    limit: 1.0,
    unit: '×',
    steadiness: 'closed.floor_spread',
  },
  // The comparison means nothing if the target is the limit: wrk must get well above both clients, and the
  // single-threaded target must have had CPU to spare while they ran.
  {
    id: 'closed.target_headroom',
    bench: 'closed',
    what: 'closed loop: wrk req/s vs the faster client (target not the bottleneck)',
    op: '>=',
    limit: 1.2,
    unit: '×',
  },
  { id: 'closed.target_cores', bench: 'closed', what: 'closed loop: target CPU while a client ran (not the bottleneck)', op: '<=', limit: 0.9, unit: 'cores' },
  { id: 'arrival-cpu.cpu_vs_k6', bench: 'arrival-cpu', what: 'arrival 1,000/s empty iteration: client CPU vs k6', op: '<=', limit: 1.5, unit: '×' },
  { id: 'arrival-cpu.lag_p99', bench: 'arrival-cpu', what: 'arrival 1,000/s: iteration_schedule_lag p99', op: '<=', limit: 2, unit: 'ms' },
  // The issue asks for "no spinning" without a number; busy-waiting the last 2 ms of each 10 ms costs ~20 % of a
  // core, an idle scheduler a fraction of 1 %: 5 % separates the two.
  { id: 'idle.cores', bench: 'idle', what: 'arrival 100/s empty iteration: CPU per wall second (no spinning)', op: '<=', limit: 0.05, unit: 'cores' },
  { id: 'memory.mib_per_vu', bench: 'memory', what: 'idle VUs (k6 script): MiB per VU at 1,000 VUs', op: '<=', limit: 0.12, unit: 'MiB' },
  { id: 'memory.mib_per_vu_async', bench: 'memory', what: 'idle VUs (async script): MiB per VU at 1,000 VUs', op: '<=', limit: 0.12, unit: 'MiB' },
  { id: 'streaming.rps_vs_vllm', bench: 'streaming', what: "streaming 64 VUs, zero-delay mock: req/s vs vLLM's client", op: '>=', limit: 3, unit: '×' },
  { id: 'streaming.cpu_vs_vllm', bench: 'streaming', what: "streaming 64 VUs: CPU per request vs vLLM's client", op: '<=', limit: 0.3, unit: '×' },
  { id: 'streaming.open_streams', bench: 'streaming', what: 'concurrent open streams in one process', op: '>=', limit: 5000, unit: 'streams' },
  { id: 'warm.ttft_p99_excess', bench: 'warm', what: 'closed loop N=64, TTFT 20 ms: client TTFT p99 − mock p99', op: '<=', limit: 10, unit: 'ms' },
  { id: 'ttft.p50_error', bench: 'ttft', what: "N=8, TTFT 20 ms: |client TTFT p50 − mock's p50|", op: '<=', limit: 0.5, unit: 'ms' },
  { id: 'arrival.rate_error', bench: 'arrival', what: 'arrival 2,000/s http.get: |achieved − target| rate', op: '<=', limit: 1, unit: '%' },
  { id: 'arrival.lag_p99', bench: 'arrival', what: 'arrival 2,000/s http.get: iteration_schedule_lag p99', op: '<=', limit: 5, unit: 'ms' },
  { id: 'sync.cpu_ratio', bench: 'sync', what: 'k6-style sync script vs async: CPU per request', op: '<=', limit: 1.5, unit: '×' },
  { id: 'sweep.gap_max', bench: 'sweep', what: 'sweep: longest gap between steps beyond the cooldown', op: '<=', limit: 500, unit: 'ms' },
  { id: 'report.rps_cost', bench: 'report', what: 'recording for --out html=: req/s lost, zero-delay mock, 50 VUs', op: '<=', limit: 3, unit: '%' },
  { id: 'merge.cpu_pct', bench: 'merge', what: 'coordinator: merging 16 agents × 200 series pushed at 1 Hz, CPU of one core', op: '<=', limit: 10, unit: '%' },
  { id: 'distributed.start_skew', bench: 'distributed', what: '3 agents: spread of first requests vs their due times', op: '<=', limit: 5, unit: 'ms' },
  { id: 'distributed.scale_ratio', bench: 'distributed', what: '3 agents vs 1: merged request rate (a core per agent)', op: '>=', limit: 2.5, unit: '×' },
  { id: 'sweep.total_ratio', bench: 'sweep', what: 'sweep 10 × 10 s: wall time over steps + cooldowns', op: '<=', limit: 1.1, unit: '×' },
];

/**
 * Compares measures with the targets of the benchmarks that ran. A measure passes within `tolerance` (0.1: 10 %
 * of the limit) on the bad side of it. `measures[id]` is a number, or `{ skipped: reason }` when a peer or a
 * tool was missing; a target whose benchmark ran but reported nothing is a failure (a broken benchmark must not
 * pass silently).
 * @param {Record<string, number | { skipped: string }>} measures
 * @param {Set<string>} ran names of the benchmarks that ran
 * @returns {{ target: Target, value?: number, verdict: 'pass' | 'FAIL' | 'skipped', note?: string }[]}
 */
export function evaluate(measures, ran, tolerance) {
  return TARGETS.filter((t) => ran.has(t.bench)).map((target) => {
    const m = measures[target.id];
    if (m && typeof m === 'object') return { target, verdict: 'skipped', note: m.skipped };
    if (typeof m !== 'number' || Number.isNaN(m)) return { target, verdict: 'FAIL', note: 'not measured' };
    const bound = target.op === '>=' ? target.limit * (1 - tolerance) : target.limit * (1 + tolerance);
    const ok = target.op === '>=' ? m >= bound : m <= bound;
    const spread = target.steadiness === undefined ? undefined : measures[target.steadiness];
    if (!ok && typeof spread === 'number' && spread > NOISY) {
      return { target, value: m, verdict: 'FAIL', note: `the machine was not steady (its control varied ${round(spread)}× over the rounds): run again` };
    }
    return { target, value: m, verdict: ok ? 'pass' : 'FAIL' };
  });
}

/** Rows for table(): one per target, with the limit and the measured value. */
export function checkRows(results, tolerance) {
  return results.map(({ target, value, verdict, note }) => ({
    check: target.what,
    target: `${target.op === '>=' ? '≥' : '≤'} ${target.limit} ${target.unit} (±${Math.round(tolerance * 100)} %)`,
    measured: value === undefined ? '–' : `${round(value)} ${target.unit}`,
    verdict: note ? `${verdict}: ${note}` : verdict,
  }));
}

function round(x) {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}
