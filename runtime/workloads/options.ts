/** Small readers for workload options (they come from scripts as plain JSON). */
import type { Seed } from '../random.js';
import { spec } from './workload-error.js';

export type Obj = Record<string, unknown>;

export function asObject(v: unknown, where: string): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw spec(where, `options must be an object, got ${JSON.stringify(v)}`);
  return v as Obj;
}

export function checkKeys(o: Obj, known: readonly string[], where: string): void {
  for (const k of Object.keys(o)) {
    if (o[k] !== undefined && !known.includes(k)) throw spec(where, `unknown option "${k}" (known: ${known.join(', ')})`);
  }
}

export function optInt(o: Obj, key: string, where: string, min: number, fallback?: number): number | undefined {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw spec(where, `option "${key}" must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  return v;
}

export function optBool(o: Obj, key: string, where: string): boolean {
  const v = o[key];
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw spec(where, `option "${key}" must be true or false, got ${JSON.stringify(v)}`);
  return v;
}

export function optString(o: Obj, key: string, where: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v === '') throw spec(where, `option "${key}" must be a non-empty string, got ${JSON.stringify(v)}`);
  return v;
}

/** Workloads are reproducible by default: no seed means seed 0 (as vLLM's bench). */
export function optSeed(o: Obj, where: string): Seed {
  const v = o.seed;
  if (v === undefined) return 0;
  if (typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v))) return v;
  throw spec(where, `option "seed" must be a number or a string, got ${JSON.stringify(v)}`);
}

/** A key prefix for seeded streams: `number:42` and `string:42` differ. */
export const seedTag = (seed: Seed): string => `${typeof seed}:${seed}`;
