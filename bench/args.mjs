// Command line of bench/run.mjs (`npm run bench -- …`): pure, unit-tested in test/unit/bench-checks.test.ts.

/** Every benchmark, in the order they run. `target: true`: issue 14's, run by `--check` unless `--only` says. */
export const BENCHES = [
  { name: 'closed', target: true, about: 'closed loop 50 VUs http.get: llmload, k6, wrk, autocannon' },
  { name: 'arrival-cpu', target: true, about: 'constant-arrival-rate 1,000/s, empty iteration: llmload vs k6' },
  { name: 'idle', target: true, about: 'constant-arrival-rate 100/s, empty iteration: CPU per wall second' },
  { name: 'memory', target: true, about: '10 and 1,000 VUs in sleep(): MiB per VU, llmload vs k6' },
  { name: 'streaming', target: true, about: "zero-delay mock, 64 VUs (vs vLLM's client), TTFT error, open streams" },
  { name: 'warm', target: true, about: 'closed loop N=64 vs a 20 ms-TTFT mock: TTFT p99 vs the mock' },
  { name: 'ttft', target: true, about: 'N=8 vs a 20 ms-TTFT mock: TTFT p50 vs the mock' },
  { name: 'startup', target: false, about: 'run --iterations 50 (warm-up on, off, --threads 2) vs k6: start-up CPU' },
  { name: 'arrival', target: false, about: 'constant-arrival-rate 2,000/s http.get: rate and schedule lag' },
  { name: 'sync', target: false, about: 'k6-style sync script vs async script, CPU per request' },
  { name: 'steady', target: false, about: 'steady 500 it/s: RSS over minutes (--long: 10)' },
  { name: 'api', target: false, about: 'the closed loop through the CLI and through run()' },
  { name: 'sweep', target: false, about: 'llmload sweep, 10 guidellm steps vs the mock: inter-step gap and total time' },
  { name: 'report', target: false, about: 'zero-delay mock, 50 VUs, with vs without --out html=: req/s cost of recording' },
  { name: 'distributed', target: false, about: 'coordinator + 1 or 3 agents vs the mock: request-rate scaling and start skew' },
  { name: 'merge', target: false, about: "coordinator's merge of 16 agents × 200 series pushed at 1 Hz: CPU % of one core" },
];

const USAGE = `usage: npm run bench -- [--check] [--only=a,b] [--rounds=N] [--seconds=S] [--tolerance=0.1] [--long]
  --check        compare with the targets; exit 1 naming each one that falls short
  --only=a,b     run these benchmarks (default: all; with --check, those with targets)
  --rounds=N     interleaved rounds per benchmark (default: each benchmark's own)
  --seconds=S    length of each measured run (default: each benchmark's own)
  --tolerance=T  how far on the bad side of a target still passes, as a fraction (default 0.1)
  --long         the steady-state memory run lasts 10 minutes instead of 2
benchmarks:
${BENCHES.map((b) => `  ${b.name.padEnd(12)} ${b.about}${b.target ? '' : ' (no --check default)'}`).join('\n')}`;

/**
 * Parses the arguments. Throws an Error whose message includes the usage for anything it does not know.
 * @returns {{ check: boolean, only: string[], rounds?: number, seconds?: number, tolerance: number, long: boolean, help: boolean }}
 */
export function parseArgs(argv) {
  const out = { check: false, only: undefined, rounds: undefined, seconds: undefined, tolerance: 0.1, long: false, help: false };
  const positive = (name, v) => {
    const n = Number(v);
    if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${name} must be a positive number, got "${v}"\n${USAGE}`);
    return n;
  };
  for (const a of argv) {
    const [key, value] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    if (key === '--check' && value === undefined) out.check = true;
    else if (key === '--long' && value === undefined) out.long = true;
    else if ((key === '--help' || key === '-h') && value === undefined) out.help = true;
    else if (key === '--only' && value) out.only = value.split(',').filter(Boolean);
    else if (key === '--rounds' && value) out.rounds = Math.round(positive('--rounds', value));
    else if (key === '--seconds' && value) out.seconds = positive('--seconds', value);
    else if (key === '--tolerance' && value !== undefined) {
      const t = Number(value);
      if (!(t >= 0 && t < 1)) throw new Error(`--tolerance must be a fraction in [0, 1), got "${value}"\n${USAGE}`);
      out.tolerance = t;
    } else throw new Error(`unknown argument "${a}"\n${USAGE}`);
  }
  const known = new Set(BENCHES.map((b) => b.name));
  const unknown = (out.only ?? []).filter((n) => !known.has(n));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.map((n) => `"${n}"`).join(', ')}\n${USAGE}`);
  out.only ??= BENCHES.filter((b) => !out.check || b.target).map((b) => b.name);
  return out;
}

export { USAGE };
