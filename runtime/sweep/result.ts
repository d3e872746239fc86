/**
 * What a sweep concludes from its rows: max goodput, max passing and first
 * failing value, the binding SLO, the Pareto steps and the knee. Pure.
 */
import type { SweepConfig } from './config.js';
import { contradictions, type Contradiction } from './planner.js';
import { passBracket, type SweepEnd } from './step-plan.js';
import type { SweepStep } from './step-result.js';

export interface SweepAnalysis {
  /** The step with the most good requests per second. */
  maxGoodput: { step: number; value: number; rps: number } | null;
  maxPassing: number | null;
  firstFailing: number | null;
  /** At the max passing step: the SLO closest to its limit. */
  bindingSlo: { metric: string; threshold: string; observed: number; margin: number } | null;
  /** Steps no other step beats on both output tok/s (higher) and TTFT p99 (lower). */
  pareto: number[];
  /** The knee step (see kneeOf); null under 4 steps. */
  knee: { step: number; value: number } | null;
  /** Steps whose outcomes contradict a monotone server (noise, or a non-monotone server). */
  contradictions: Contradiction[];
  end: SweepEnd;
}

/**
 * Goodput req/s of a step: achieved req/s × llm_goodput when goodput SLOs are
 * set (options.goodput); otherwise the successful req/s of a step that held
 * its SLOs, and 0 for one that did not.
 */
export function goodputRps(s: SweepStep): number {
  if (s.goodputPct !== null) return (s.achievedRps * s.goodputPct) / 100;
  return s.pass ? s.achievedRps * (s.requests > 0 ? 1 - s.failed / s.requests : 0) : 0;
}

export function analyse(cfg: SweepConfig, steps: readonly SweepStep[], end: SweepEnd): SweepAnalysis {
  // guidellm's synchronous and throughput steps count VUs, its other steps req/s: the bracket is over the rates.
  const rows = steps.filter((s) => cfg.mode !== 'guidellm' || s.kind === 'rate').map((s) => ({ ...s, saturated: s.saturation.saturated }));
  let best: SweepAnalysis['maxGoodput'] = null;
  for (const s of steps) {
    const rps = goodputRps(s);
    if (rps > 0 && (best === null || rps > best.rps)) best = { step: s.step, value: s.value, rps };
  }
  const bracket = end.reason === 'search' ? end.search : passBracket(cfg, rows);
  const maxPassing = bracket.maxPassing ?? null;
  const passingStep = maxPassing === null ? undefined : rows.findLast((s) => s.value === maxPassing && s.pass);
  return {
    maxGoodput: best,
    maxPassing,
    firstFailing: bracket.firstFailing ?? null,
    bindingSlo: passingStep ? bindingOf(passingStep) : null,
    pareto: paretoOf(steps),
    knee: kneeOf(rows),
    contradictions: end.reason === 'search' ? end.search.contradictions : contradictionsOf(rows),
    end,
  };
}

function contradictionsOf(rows: readonly SweepStep[]): Contradiction[] {
  return contradictions(rows.map((r) => ({ value: r.value, pass: r.pass })));
}

function bindingOf(s: SweepStep): SweepAnalysis['bindingSlo'] {
  let best: SweepAnalysis['bindingSlo'] = null;
  for (const o of s.slo) {
    if (o.observed === null || o.margin === null) continue;
    if (best === null || o.margin < best.margin) best = { metric: o.metric, threshold: o.threshold, observed: o.observed, margin: o.margin };
  }
  return best;
}

/** Steps not dominated on (output tok/s ↑, TTFT p99 ↓); steps without a TTFT p99 are left out. */
export function paretoOf(steps: ReadonlyArray<Pick<SweepStep, 'step' | 'outputTokensPerSecond' | 'ttft'>>): number[] {
  const pts = steps.filter((s) => s.ttft.p99 !== null);
  return pts
    .filter(
      (a) =>
        !pts.some(
          (b) =>
            b !== a &&
            b.outputTokensPerSecond >= a.outputTokensPerSecond &&
            b.ttft.p99! <= a.ttft.p99! &&
            (b.outputTokensPerSecond > a.outputTokensPerSecond || b.ttft.p99! < a.ttft.p99!),
        ),
    )
    .map((s) => s.step);
}

/**
 * The knee, Kneedle's way (Satopää et al. 2011) on output tok/s against the
 * load value: both axes scaled to [0, 1] over the steps (sorted by value),
 * the knee is the step where throughput is furthest above the straight line
 * from the lightest to the heaviest step, i.e. where more load stops buying
 * proportionally more throughput. Absent under 4 steps, or when no step is
 * above the line (a straight or convex curve has no knee).
 */
export function kneeOf(steps: ReadonlyArray<Pick<SweepStep, 'step' | 'value' | 'outputTokensPerSecond'>>): { step: number; value: number } | null {
  if (steps.length < 4) return null;
  const sorted = [...steps].sort((a, b) => a.value - b.value);
  const x0 = sorted[0]!.value;
  const x1 = sorted.at(-1)!.value;
  const ys = sorted.map((s) => s.outputTokensPerSecond);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  if (x1 === x0 || y1 === y0) return null;
  let best: { step: number; value: number } | null = null;
  let bestD = 0;
  for (const s of sorted) {
    const d = (s.outputTokensPerSecond - y0) / (y1 - y0) - (s.value - x0) / (x1 - x0);
    if (d > bestD + 1e-12) [best, bestD] = [{ step: s.step, value: s.value }, d];
  }
  return best;
}
