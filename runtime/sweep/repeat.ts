/**
 * `--repeat N`: one point measured N times. The step's headline numbers are
 * the means over the repeats, with each one's spread (stddev, 95 %
 * t-interval); the point passes only when every repeat passed.
 */
import { spreadOf } from './stats.js';
import type { SweepStep } from './step-result.js';

/** The headline metrics a repeat reports the spread of. */
export const HEADLINE: ReadonlyArray<readonly [name: string, get: (s: SweepStep) => number | null]> = [
  ['achieved_rps', (s) => s.achievedRps],
  ['output_tokens_per_second', (s) => s.outputTokensPerSecond],
  ['ttft_p50', (s) => s.ttft.p50],
  ['ttft_p95', (s) => s.ttft.p95],
  ['ttft_p99', (s) => s.ttft.p99],
  ['tpot_p95', (s) => s.tpotP95],
  ['e2e_p95', (s) => s.e2eP95],
  ['goodput_pct', (s) => s.goodputPct],
];

/** The repeats of one point as one row (the first repeat's times and SLO details, the means' numbers). */
export function combineRepeats(reps: readonly SweepStep[]): SweepStep {
  const first = reps[0]!;
  if (reps.length === 1) return first;
  const repeats: NonNullable<SweepStep['repeats']> = {};
  const mean = (get: (s: SweepStep) => number | null): number | null => {
    const vs = reps.map(get).filter((v): v is number => v !== null);
    return vs.length === 0 ? null : spreadOf(vs).mean;
  };
  for (const [name, get] of HEADLINE) {
    const vs = reps.map(get).filter((v): v is number => v !== null);
    if (vs.length > 0) repeats[name] = spreadOf(vs);
  }
  const last = reps.at(-1)!;
  return {
    ...first,
    measureEnd: last.measureEnd,
    lastResponse: last.lastResponse,
    requests: reps.reduce((a, s) => a + s.requests, 0),
    failed: reps.reduce((a, s) => a + s.failed, 0),
    achievedRps: mean((s) => s.achievedRps)!,
    steadyRps: mean((s) => s.steadyRps),
    outputTokensPerSecond: mean((s) => s.outputTokensPerSecond)!,
    ttft: { p50: mean((s) => s.ttft.p50), p95: mean((s) => s.ttft.p95), p99: mean((s) => s.ttft.p99) },
    tpotP95: mean((s) => s.tpotP95),
    e2eP95: mean((s) => s.e2eP95),
    goodputPct: mean((s) => s.goodputPct),
    inFlight: mean((s) => s.inFlight)!,
    slo: reps.find((s) => !s.pass)?.slo ?? first.slo,
    pass: reps.every((s) => s.pass),
    saturation: reps.find((s) => s.saturation.saturated)?.saturation ?? first.saturation,
    repeats,
  };
}
