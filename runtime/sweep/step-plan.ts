/**
 * The sweep's next step from the steps so far, for each mode, and the early
 * stop rules. Pure: a resumed sweep replays its recorded rows through it and
 * gets the same plan.
 */
import type { SweepConfig } from './config.js';
import { bracketOf, guidellmRates, nextSearchStep, type SearchOutcome, type SearchPoint } from './planner.js';
import type { StepKind } from './step-result.js';

/** What a step needs from the ones before it. */
export interface PlannedRow {
  value: number;
  kind: StepKind;
  pass: boolean;
  saturated: boolean;
  achievedRps: number;
  steadyRps: number | null;
}

export interface NextStep {
  value: number;
  kind: StepKind;
  variable: 'vus' | 'rate';
}

/** Why the sweep ended. */
export type SweepEnd =
  | { reason: 'planned' }
  | { reason: 'stop-on-slo'; step: number }
  | { reason: 'stop-on-saturation'; step: number }
  | { reason: 'search'; search: SearchOutcome };

/** The next step, or why the sweep is over. `openLoop`: the scenario's knob is a rate (list mode's default). */
export function nextStep(cfg: SweepConfig, rows: readonly PlannedRow[], openLoop: boolean): NextStep | { end: SweepEnd } {
  const last = rows.at(-1);
  if (last && cfg.mode !== 'slo-search') {
    if (cfg.stopOn.includes('slo') && !last.pass) return { end: { reason: 'stop-on-slo', step: rows.length - 1 } };
    if (cfg.stopOn.includes('saturation') && last.saturated) return { end: { reason: 'stop-on-saturation', step: rows.length - 1 } };
  }
  if (cfg.mode === 'list') {
    const variable = cfg.variable ?? (openLoop ? 'rate' : 'vus');
    const value = cfg.values[rows.length];
    return value === undefined ? { end: { reason: 'planned' } } : { value, kind: variable, variable };
  }
  if (cfg.mode === 'guidellm') return nextGuidellm(cfg, rows);
  const variable = cfg.variable ?? 'vus';
  const points = searchPoints(cfg, rows);
  const next = nextSearchStep(
    { range: cfg.range, precision: cfg.precision, maxSteps: cfg.maxSteps, integer: variable === 'vus', confirm: cfg.confirm },
    points,
  );
  if ('done' in next) return { end: { reason: 'search', search: next.done } };
  return { value: next.value, kind: variable, variable };
}

/** A step passes the search when its SLOs held (and it did not saturate, with stopOn: ['saturation']). */
export function searchPoints(cfg: SweepConfig, rows: readonly PlannedRow[]): SearchPoint[] {
  const strict = cfg.stopOn.includes('saturation');
  return rows.map((r) => ({ value: r.value, pass: r.pass && !(strict && r.saturated) }));
}

/** Max passing and first failing over the steps (any mode). */
export function passBracket(cfg: SweepConfig, rows: readonly PlannedRow[]) {
  return bracketOf(searchPoints(cfg, rows));
}

/** GuideLLM: 1 VU, then maxConcurrency VUs, then the rates between their throughputs. */
function nextGuidellm(cfg: SweepConfig, rows: readonly PlannedRow[]): NextStep | { end: SweepEnd } {
  if (rows.length === 0) return { value: 1, kind: 'synchronous', variable: 'vus' };
  if (rows.length === 1) return { value: cfg.maxConcurrency, kind: 'throughput', variable: 'vus' };
  const rSync = rows[0]!.achievedRps;
  const rThr = rows[1]!.steadyRps ?? rows[1]!.achievedRps;
  const rates = guidellmRates(rSync, rThr, cfg.steps).map((r) => Math.round(r * 1000) / 1000);
  const value = rates[rows.length - 2];
  if (value === undefined || !(value > 0)) return { end: { reason: 'planned' } };
  return { value, kind: 'rate', variable: 'rate' };
}
