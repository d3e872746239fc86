// The coordinator's side of a distributed run (issue 17): every second each of 16 simulated agents pushes the
// deltas of its 200 series (120 trends with realistic latency spreads, 50 counters, 30 rates) as JSON RawStates,
// and the coordinator parses and merges them into one engine (runtime/distributed/raw-state.ts). The pushes are
// made first (the agents' work, not measured), with real HDR compressed encoding; then they arrive at 1 Hz for
// `seconds` seconds and process.cpuUsage() over that window, divided by its wall time, is the coordinator's CPU
// share of one core. Target: < 10 %. `node bench/merge-bench.mjs [seconds]` runs it alone.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { num } from './lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const AGENTS = 16;
const TRENDS = 120;
const COUNTERS = 50;
const RATES = 30;

/** The engine's own code, bundled from the sources (the bench runs without a build step). */
async function loadEngine() {
  const out = path.join(root, 'node_modules', '.cache', `merge-bench-${process.pid}.mjs`);
  const contents = [
    "export { captureState, createDeltaEngine, mergeState } from './runtime/distributed/raw-state.ts';",
    "export { MetricsEngine } from './runtime/metrics/engine.ts';",
    "export { MetricRegistry } from './runtime/metrics/metric-registry.ts';",
  ].join('\n');
  await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  try {
    return await import(pathToFileURL(out).href);
  } finally {
    rmSync(out, { force: true });
  }
}

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
const normal = (next) => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());

/**
 * The series: trends with lognormal latencies, medians from 1 ms (ITL-like) to 2 s (E2E-like) and spreads from
 * tight to heavy-tailed; 20 to 2,000 samples a second each (ITL series see the most).
 */
function seriesPlan(defs) {
  const next = rng(42);
  const trends = Array.from({ length: TRENDS }, (_, i) => ({
    name: `t_${i}`,
    median: Math.exp(Math.log(1) + next() * Math.log(2000)),
    sigma: 0.2 + next() * 1.0,
    perSecond: Math.round(Math.exp(Math.log(20) + next() * Math.log(100))),
  }));
  for (const t of trends) defs.define(t.name, 'trend', 'time');
  for (let i = 0; i < COUNTERS; i++) defs.define(`c_${i}`, 'counter', 'default');
  for (let i = 0; i < RATES; i++) defs.define(`r_${i}`, 'rate', 'default');
  return trends;
}

/** Each agent's pushes for `seconds` seconds, as the JSON strings it would send. */
function makePushes(lib, seconds) {
  const registry = new lib.MetricRegistry();
  const trends = seriesPlan(registry);
  const agents = [];
  for (let a = 0; a < AGENTS; a++) {
    const next = rng(1000 + a);
    const main = new lib.MetricsEngine(registry, { batch: false });
    const pushes = [];
    for (let s = 0; s < seconds; s++) {
      const delta = lib.createDeltaEngine(main);
      const t0 = 1_700_000_000_000 + s * 1000;
      for (const t of trends) {
        for (let k = 0; k < t.perSecond; k++) delta.push({ metric: t.name, time: t0 + k, value: t.median * Math.exp(t.sigma * normal(next)), tags: {} });
      }
      for (let i = 0; i < COUNTERS; i++) delta.push({ metric: `c_${i}`, time: t0, value: Math.floor(next() * 1000), tags: {} });
      for (let i = 0; i < RATES; i++) for (let k = 0; k < 50; k++) delta.push({ metric: `r_${i}`, time: t0, value: next() < 0.97 ? 1 : 0, tags: {} });
      pushes.push(JSON.stringify(lib.captureState(delta, { testRunDurationMs: (s + 1) * 1000 })));
    }
    agents.push(pushes);
  }
  return { registry, agents };
}

export async function mergeBench({ seconds = 10 } = {}) {
  const lib = await loadEngine();
  const rounds = Math.max(10, Math.round(seconds));
  const { registry, agents } = makePushes(lib, rounds);
  const bytes = agents.reduce((n, p) => n + p.reduce((m, s) => m + s.length, 0), 0) / (AGENTS * rounds);
  const coordinator = new lib.MetricsEngine(registry, { batch: false });
  globalThis.gc?.();
  const busy = [];
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let s = 0; s < rounds; s++) {
    // Pushes arrive once a second; the coordinator sleeps in between.
    const due = wall0 + s * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
    const b0 = performance.now();
    for (const pushes of agents) lib.mergeState(coordinator, JSON.parse(pushes[s]));
    busy.push(performance.now() - b0);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, wall0 + rounds * 1000 - performance.now())));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const cpuPct = ((cpu.user + cpu.system) / 1000 / wallMs) * 100;
  const samples = coordinator.get('t_0').sink.count;
  busy.sort((a, b) => a - b);
  return {
    rows: [
      {
        benchmark: `coordinator merge: ${AGENTS} agents × ${TRENDS + COUNTERS + RATES} series (${TRENDS} trends), pushes at 1 Hz for ${rounds} s`,
        result: `${num(cpuPct, 2)} % of one core`,
        detail: `per second of pushes: median ${num(busy[busy.length >> 1], 1)} ms, max ${num(busy.at(-1), 1)} ms busy; push ${num(bytes / 1024, 1)} KiB JSON; t_0 merged ${samples} samples`,
      },
    ],
    measures: { 'merge.cpu_pct': cpuPct },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await mergeBench({ seconds: Number(process.argv[2] ?? 10) });
  for (const row of r.rows) console.log(`${row.benchmark}\n  ${row.result}\n  ${row.detail}`);
}
