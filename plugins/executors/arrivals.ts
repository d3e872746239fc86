import {
  Random,
  expectInt,
  expectNumber,
  expectOneOf,
  optionError,
  randomSeed,
  showValue,
  type Arrival,
  type ArrivalsSchedule,
  type Seed,
} from 'llmload/plugin';
/**
 * Arrival schedules for the open-model executors, and the options they share
 * (preAllocatedVUs, maxVUs, distribution, burstiness, seed).
 *
 * Inter-arrival randomness uses time rescaling: cumulative positions S_k
 * (constant: S_k = k; poisson/gamma: S_0 = 0 plus Gamma(shape b, scale 1/b)
 * increments of mean 1) are mapped through N⁻¹ of the rate curve. With a flat
 * rate this is exactly vLLM's --burstiness: gaps are Gamma(b, mean 1/rate),
 * b = 1 is Poisson, larger b is more regular. Every due time is computed from
 * its position directly, so no floating error accumulates over a long run.
 */
import { mustNotBeNegative, mustBePositive, required } from './common.js';
import { CurveCursor, type RateCurve } from './rate-curve.js';

export const DISTRIBUTIONS = ['constant', 'poisson', 'gamma'] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** Options every arrival-rate executor accepts, normalised. */
export interface ArrivalOptions {
  preAllocatedVUs: number;
  maxVUs: number;
  distribution: Distribution;
  /** Gamma shape; 1 for poisson and constant. */
  burstiness: number;
  /** Set for poisson/gamma: the given seed, or one picked at validation so the run can print it. */
  seed?: Seed;
  /** true when the user gave the seed. */
  seedGiven: boolean;
}

export const ARRIVAL_KEYS = ['preAllocatedVUs', 'maxVUs', 'distribution', 'burstiness', 'seed'] as const;

export function readArrivalOptions(raw: Record<string, unknown>, where: string): ArrivalOptions {
  const preAllocatedVUs = required(expectInt(raw, 'preAllocatedVUs', where), 'preAllocatedVUs', where);
  mustNotBeNegative(preAllocatedVUs, 'preAllocatedVUs', where);
  const maxVUs = expectInt(raw, 'maxVUs', where, preAllocatedVUs);
  if (maxVUs < preAllocatedVUs) {
    throw optionError(where, 'maxVUs', `(${maxVUs}) can't be less than "preAllocatedVUs" (${preAllocatedVUs})`);
  }
  mustBePositive(maxVUs, 'maxVUs', where);

  const distribution = expectOneOf(raw, 'distribution', where, DISTRIBUTIONS, 'constant');
  const b = expectNumber(raw, 'burstiness', where);
  if (b !== undefined) {
    if (distribution !== 'gamma') {
      throw optionError(where, 'burstiness', `only applies to distribution "gamma" (got distribution "${distribution}")`);
    }
    mustBePositive(b, 'burstiness', where);
  }
  const s = raw.seed;
  if (s !== undefined && !(typeof s === 'string' || (typeof s === 'number' && Number.isFinite(s)))) {
    throw optionError(where, 'seed', `must be a number or a string, got ${showValue(s)}`);
  }
  const random = distribution !== 'constant';
  return {
    preAllocatedVUs,
    maxVUs,
    distribution,
    burstiness: b ?? 1,
    seed: random ? ((s as Seed | undefined) ?? randomSeed()) : (s as Seed | undefined),
    seedGiven: s !== undefined,
  };
}

/** `maxVUs: 5-10, distribution: gamma, burstiness: 2, seed: 42` (only what differs from k6). */
export function describeArrivalOptions(o: ArrivalOptions): string {
  let out = `maxVUs: ${o.preAllocatedVUs}${o.maxVUs > o.preAllocatedVUs ? `-${o.maxVUs}` : ''}`;
  if (o.distribution !== 'constant') {
    out += `, distribution: ${o.distribution}`;
    if (o.distribution === 'gamma') out += `, burstiness: ${o.burstiness}`;
    out += `, seed: ${typeof o.seed === 'string' ? JSON.stringify(o.seed) : o.seed}`;
  }
  return out;
}

/** The schedule: due times from the curve, reproducible per seed on every arrivals() call. */
export function arrivalsSchedule(curve: RateCurve, o: ArrivalOptions): ArrivalsSchedule {
  const duration = curve.duration;
  return {
    kind: 'arrivals',
    duration,
    preAllocatedVUs: o.preAllocatedVUs,
    maxVUs: o.maxVUs,
    *arrivals(): Generator<Arrival, void, undefined> {
      const cursor = new CurveCursor(curve);
      const rng = o.distribution === 'constant' ? undefined : new Random(o.seed);
      let position = 0;
      for (let k = 0; ; k++) {
        const at = cursor.dueAt(rng ? position : k);
        if (!(at < duration)) return;
        yield { at };
        if (rng) position += o.distribution === 'poisson' ? rng.exponential(1) : rng.gamma(o.burstiness, 1 / o.burstiness);
      }
    },
  };
}

/** The first `n` due times (ms) of a schedule (fewer if it ends sooner). */
export function firstArrivals(schedule: ArrivalsSchedule, n: number): number[] {
  const out: number[] = [];
  if (n <= 0) return out;
  const it = schedule.arrivals();
  for (let r = it.next(); !r.done; r = it.next()) {
    out.push(r.value.at);
    if (out.length >= n) break;
  }
  return out;
}

/** Due times (ms) in [fromMs, toMs). */
export function arrivalsBetween(schedule: ArrivalsSchedule, fromMs: number, toMs: number): number[] {
  const out: number[] = [];
  const it = schedule.arrivals();
  for (let r = it.next(); !r.done; r = it.next()) {
    if (r.value.at >= toMs) break;
    if (r.value.at >= fromMs) out.push(r.value.at);
  }
  return out;
}

/** How many arrivals a schedule holds in all (walks it; for inspect and tests). */
export function countArrivals(schedule: ArrivalsSchedule): number {
  let n = 0;
  const it = schedule.arrivals();
  while (!it.next().done) n++;
  return n;
}
