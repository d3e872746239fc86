/**
 * Token-length distributions for synthetic inputs and outputs. A spec (the
 * LengthSpec of runtime/modules/workloads.ts) is a number (fixed) or
 * `{ dist, ... }`; samples are integers ≥ 1, clamped to [min, max] when given.
 * Sampling is seeded (runtime/random.ts), so the same seed gives the same
 * lengths everywhere.
 */
import type { Random } from '../random.js';
import { spec as specError } from './workload-error.js';

/** A validated distribution: draws one length. */
export interface LengthSampler {
  sample(rng: Random): number;
  /** Smallest length it can return. */
  readonly min: number;
  /** Largest length it can return (Infinity when unbounded). */
  readonly max: number;
  describe(): string;
}

const KEYS: Record<string, readonly string[]> = {
  fixed: ['dist', 'value'],
  normal: ['dist', 'mean', 'stddev', 'min', 'max'],
  uniform: ['dist', 'min', 'max'],
  lognormal: ['dist', 'mean', 'stddev', 'min', 'max'],
  empirical: ['dist', 'values', 'weights'],
};

function int(v: unknown, where: string, key: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw specError(where, `"${key}" must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return v;
}

function num(v: unknown, where: string, key: string, min: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw specError(where, `"${key}" must be a number ≥ ${min}, got ${JSON.stringify(v)}`);
  return v;
}

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Validates `spec` (`where` names it in messages, e.g. `Prompts "isl": input`). */
export function lengthSampler(spec: unknown, where: string): LengthSampler {
  if (typeof spec === 'number') spec = { dist: 'fixed', value: spec };
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) {
    throw specError(where, `must be a token count or { dist: "fixed" | "normal" | "uniform" | "lognormal" | "empirical", ... }, got ${JSON.stringify(spec)}`);
  }
  const s = spec as Record<string, unknown>;
  const dist = String(s.dist);
  const keys = KEYS[dist];
  if (!keys) throw specError(where, `unknown "dist" ${JSON.stringify(s.dist)} (use fixed, normal, uniform, lognormal or empirical)`);
  for (const k of Object.keys(s)) if (!keys.includes(k)) throw specError(where, `unknown option "${k}" for dist "${dist}" (known: ${keys.join(', ')})`);
  const lo = s.min === undefined ? 1 : int(s.min, where, 'min');
  const hi = s.max === undefined ? Infinity : int(s.max, where, 'max');
  if (hi < lo) throw specError(where, `"max" (${hi}) is less than "min" (${lo})`);
  switch (dist) {
    case 'fixed': {
      const v = int(s.value, where, 'value');
      return { min: v, max: v, sample: () => v, describe: () => `${v}` };
    }
    case 'uniform': {
      if (s.min === undefined || s.max === undefined) throw specError(where, 'dist "uniform" needs "min" and "max"');
      return { min: lo, max: hi, sample: (r) => lo + r.int(hi - lo + 1), describe: () => `uniform ${lo}..${hi}` };
    }
    case 'normal': {
      const mean = num(s.mean, where, 'mean', 1);
      const sd = num(s.stddev, where, 'stddev', 0);
      return { min: lo, max: hi, sample: (r) => clamp(Math.round(r.normal(mean, sd)), lo, hi), describe: () => `normal(${mean}, ${sd})` };
    }
    case 'lognormal': {
      const mean = num(s.mean, where, 'mean', 1);
      const sd = num(s.stddev, where, 'stddev', 0);
      // Moments of the length → parameters of its logarithm.
      const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
      const mu = Math.log(mean) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return {
        min: lo,
        max: hi,
        sample: (r) => clamp(Math.round(Math.exp(r.normal(mu, sigma))), lo, hi),
        describe: () => `lognormal(mean ${mean}, stddev ${sd})`,
      };
    }
    default:
      return empirical(s, where);
  }
}

function empirical(s: Record<string, unknown>, where: string): LengthSampler {
  if (!Array.isArray(s.values) || s.values.length === 0) throw specError(where, '"values" must be a non-empty array of token counts');
  const values = s.values.map((v, i) => int(v, where, `values[${i}]`));
  let weights: number[] | undefined;
  if (s.weights !== undefined) {
    if (!Array.isArray(s.weights) || s.weights.length !== values.length)
      throw specError(where, `"weights" must be an array as long as "values" (${values.length})`);
    weights = s.weights.map((w, i) => num(w, where, `weights[${i}]`, 0));
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) cumulative.push((total += weights ? weights[i]! : 1));
  if (!(total > 0)) throw specError(where, '"weights" must not all be 0');
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    sample(r) {
      const x = r.next() * total;
      let i = 0;
      while (cumulative[i]! <= x) i++;
      return values[i]!;
    },
    describe: () => `empirical(${values.length} values)`,
  };
}
