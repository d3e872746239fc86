/**
 * `options.sweep` (script, config file) with the sweep's CLI flags over it,
 * validated: every problem is an LlmloadError naming the option (exit 104).
 */
import { invalidOption } from '../errors.js';
import { checkKeys, expectArray, expectBool, expectDuration, expectInt, expectNumber, expectObject, expectOneOf, expectString } from '../options/check.js';
import type { ThresholdSpec } from '../options/types.js';

export const SWEEP_MODES = ['guidellm', 'list', 'slo-search'] as const;
export type SweepMode = (typeof SWEEP_MODES)[number];

/** A validated sweep configuration. Durations in ms. */
export interface SweepConfig {
  mode: SweepMode;
  /** The scenario whose load changes (default: the script's only scenario). */
  scenario?: string;
  /** guidellm: total steps (sync + throughput + steps − 2 rates). */
  steps: number;
  /** guidellm: VUs of the throughput step. */
  maxConcurrency: number;
  /** guidellm: arrivals of the rate steps. */
  arrival: 'constant' | 'poisson';
  /** list: the values, ascending. */
  values: number[];
  /** list and slo-search: what the values are (list: from the scenario's executor when not given). */
  variable?: 'vus' | 'rate';
  /** slo-search. */
  range: [number, number];
  precision: number;
  maxSteps: number;
  confirm: boolean;
  /** SLO expressions in threshold syntax (default: the script's thresholds). */
  slo?: Record<string, ThresholdSpec[]>;
  /** A step also needs llm_goodput ≥ this (0..1). */
  attainment?: number;
  stepDuration: number;
  warmup: number;
  cooldown: number;
  stopOn: Array<'slo' | 'saturation'>;
  /** CI gate: `{ max_passing: '>=8', max_goodput: '>=20' }`. */
  require: Record<string, string>;
  /** Measurements per point (`--repeat`). */
  repeat: number;
  /** Arrival-rate steps: VUs allocated before the step and at most (default: from the scenario, else 2 × rate · e2e bound). */
  preAllocatedVUs?: number;
  maxVUs?: number;
}

const KEYS = [
  'mode',
  'scenario',
  'steps',
  'maxConcurrency',
  'arrival',
  'values',
  'variable',
  'range',
  'precision',
  'maxSteps',
  'confirm',
  'slo',
  'attainment',
  'stepDuration',
  'warmup',
  'cooldown',
  'stopOn',
  'require',
  'repeat',
  'preAllocatedVUs',
  'maxVUs',
] as const;

export const REQUIRE_KEYS = ['max_passing', 'max_goodput'] as const;

/** Parses `raw` (`options.sweep` merged with the flags); `where` names it in errors. */
export function parseSweepConfig(raw: unknown, where = 'options.sweep'): SweepConfig {
  const o = (raw ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o)) throw invalidOption(where, 'must be an object');
  checkKeys(o, KEYS, where);
  const mode = expectOneOf(o, 'mode', where, SWEEP_MODES, 'guidellm');
  const steps = expectInt(o, 'steps', where, 10);
  if (steps < 3) throw invalidOption(`${where}.steps`, `must be at least 3 (a synchronous, a throughput and one rate step), got ${steps}`);
  const maxConcurrency = positive(expectInt(o, 'maxConcurrency', where, 32), `${where}.maxConcurrency`);
  const values = numbers(expectArray(o, 'values', where) ?? [], `${where}.values`);
  if (mode === 'list' && values.length === 0) throw invalidOption(`${where}.values`, "mode 'list' needs at least one value");
  const range = numbers(expectArray(o, 'range', where) ?? [1, 256], `${where}.range`);
  if (range.length !== 2 || range[0]! > range[1]!) throw invalidOption(`${where}.range`, 'must be [low, high] with 0 < low <= high');
  const attainment = expectNumber(o, 'attainment', where);
  if (attainment !== undefined && !(attainment > 0 && attainment <= 1)) throw invalidOption(`${where}.attainment`, `must be in (0, 1], got ${attainment}`);
  const stopOn = (expectArray(o, 'stopOn', where) ?? []).map((s, i) => {
    if (s !== 'slo' && s !== 'saturation') throw invalidOption(`${where}.stopOn[${i}]`, `must be 'slo' or 'saturation', got ${JSON.stringify(s)}`);
    return s;
  });
  const stepDuration = expectDuration(o, 'stepDuration', where, '30s');
  if (stepDuration < 1000) throw invalidOption(`${where}.stepDuration`, 'must be at least 1s');
  return {
    mode,
    scenario: expectString(o, 'scenario', where),
    steps,
    maxConcurrency,
    arrival: expectOneOf(o, 'arrival', where, ['constant', 'poisson'] as const, 'constant'),
    values: [...new Set(values)].sort((a, b) => a - b),
    variable: expectOneOf(o, 'variable', where, ['vus', 'rate'] as const),
    range: [range[0]!, range[1]!],
    precision: positive(expectNumber(o, 'precision', where, 1), `${where}.precision`),
    maxSteps: positive(expectInt(o, 'maxSteps', where, 12), `${where}.maxSteps`),
    confirm: expectBool(o, 'confirm', where, true),
    slo: o.slo === undefined ? undefined : sloSpecs(expectObject(o, 'slo', where)!, `${where}.slo`),
    attainment,
    stepDuration,
    warmup: expectDuration(o, 'warmup', where, '0s'),
    cooldown: expectDuration(o, 'cooldown', where, '0s'),
    stopOn,
    require: requireGate(expectObject(o, 'require', where), `${where}.require`),
    repeat: positive(expectInt(o, 'repeat', where, 1), `${where}.repeat`),
    preAllocatedVUs: expectInt(o, 'preAllocatedVUs', where),
    maxVUs: expectInt(o, 'maxVUs', where),
  };
}

function positive(n: number, where: string): number {
  if (!(n > 0)) throw invalidOption(where, `must be positive, got ${n}`);
  return n;
}

function numbers(list: unknown[], where: string): number[] {
  return list.map((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw invalidOption(`${where}[${i}]`, `must be a positive number, got ${JSON.stringify(v)}`);
    return v;
  });
}

/** Threshold syntax: `{ llm_ttft: 'p(95)<500' }` or a list per metric. */
function sloSpecs(o: Record<string, unknown>, where: string): Record<string, ThresholdSpec[]> {
  const out: Record<string, ThresholdSpec[]> = {};
  for (const [metric, v] of Object.entries(o)) {
    const items = Array.isArray(v) ? v : [v];
    out[metric] = items.map((item) => {
      if (typeof item !== 'string') throw invalidOption(`${where}.${metric}`, `must be an expression like 'p(95)<500', got ${JSON.stringify(item)}`);
      return { threshold: item, abortOnFail: false, delayAbortEval: 0, allowEmpty: false };
    });
  }
  if (Object.keys(out).length === 0) throw invalidOption(where, 'needs at least one expression');
  return out;
}

/** `{ max_passing: '>=8' }`: each value is an operator and a number. */
function requireGate(o: Record<string, unknown> | undefined, where: string): Record<string, string> {
  if (!o) return {};
  checkKeys(o, REQUIRE_KEYS, where);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (typeof v !== 'string' || !/^\s*(<=|>=|<|>|==)\s*[+-]?\d+(\.\d+)?\s*$/.test(v)) {
      throw invalidOption(`${where}.${k}`, `must be an operator and a number, e.g. '>=8', got ${JSON.stringify(v)}`);
    }
    out[k] = v.trim();
  }
  return out;
}
