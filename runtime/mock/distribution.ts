/**
 * Value distributions for the mock's timings and lengths, written as short
 * strings so they fit on a command line:
 *
 *   "20" | "fixed:20"          always 20
 *   "uniform:10,30"            uniform in [10, 30]
 *   "normal:20,5"              mean 20, standard deviation 5
 *   "lognormal:20,5"           mean 20, standard deviation 5 (right-skewed, like real TTFTs)
 *   "exponential:20"           mean 20
 *   "gamma:20,5"               mean 20, standard deviation 5
 *
 * Draws below `min` are clamped to it (a normal TTFT is never negative).
 * Integer distributions (token counts) round to the nearest integer.
 */
import { invalidOption } from '../errors.js';
import type { Random } from '../random.js';

export type DistributionKind = 'fixed' | 'uniform' | 'normal' | 'lognormal' | 'exponential' | 'gamma';

/** A parsed distribution: draw values with `sample(rng)`. */
export interface Distribution {
  readonly kind: DistributionKind;
  /** The spec in canonical form, e.g. "normal:20,5". */
  readonly spec: string;
  /** Expected value before clamping and rounding. */
  readonly mean: number;
  sample(rng: Random): number;
}

const ARITY: Record<DistributionKind, number> = { fixed: 1, uniform: 2, normal: 2, lognormal: 2, exponential: 1, gamma: 2 };

export interface DistributionOptions {
  /** Round to integers (token counts). */
  integer?: boolean;
  /** Lower bound of every draw (default 0). */
  min?: number;
}

/**
 * Parses `spec` (a string as above, or a plain number); `where` names the
 * option in error messages, e.g. `mock option "ttft"`.
 */
export function parseDistribution(spec: unknown, where: string, opts: DistributionOptions = {}): Distribution {
  const min = opts.min ?? 0;
  const text = typeof spec === 'number' ? String(spec) : typeof spec === 'string' ? spec.trim() : undefined;
  if (text === undefined || text === '') throw invalidOption(where, `expected a number or a distribution such as "normal:20,5", got ${JSON.stringify(spec)}`);
  const colon = text.indexOf(':');
  const kind = (colon < 0 ? 'fixed' : text.slice(0, colon).trim().toLowerCase()) as DistributionKind;
  if (!(kind in ARITY)) {
    throw invalidOption(where, `unknown distribution "${kind}" (use fixed, uniform, normal, lognormal, exponential or gamma)`);
  }
  const args = (colon < 0 ? text : text.slice(colon + 1)).split(',').map((s) => s.trim());
  const nums = args.map(Number);
  if (args.length !== ARITY[kind] || nums.some((n, i) => args[i] === '' || !Number.isFinite(n))) {
    const shape = ARITY[kind] === 1 ? `${kind}:VALUE` : `${kind}:A,B`;
    throw invalidOption(where, `"${text}" must look like "${shape}" with numbers`);
  }
  const [a, b = 0] = nums;
  const round = opts.integer ? Math.round : (x: number) => x;
  const clamp = (x: number) => round(Math.max(min, x));
  const canonical = `${kind}:${nums.join(',')}`;
  const make = (mean: number, draw: (rng: Random) => number): Distribution => ({
    kind,
    spec: canonical,
    mean,
    sample: (rng) => clamp(draw(rng)),
  });

  switch (kind) {
    case 'fixed': {
      const v = clamp(a);
      return make(a, () => v);
    }
    case 'uniform':
      if (b < a) throw invalidOption(where, `uniform:${a},${b} has its maximum below its minimum`);
      return make((a + b) / 2, (rng) => a + rng.next() * (b - a));
    case 'normal':
      if (b < 0) throw invalidOption(where, `normal standard deviation must be ≥ 0, got ${b}`);
      return make(a, (rng) => rng.normal(a, b));
    case 'exponential':
      if (!(a > 0)) throw invalidOption(where, `exponential mean must be > 0, got ${a}`);
      return make(a, (rng) => rng.exponential(a));
    case 'lognormal': {
      if (!(a > 0) || b < 0) throw invalidOption(where, `lognormal needs mean > 0 and standard deviation ≥ 0, got ${a},${b}`);
      // Parameters of the underlying normal from the requested mean and sd.
      const sigma2 = Math.log(1 + (b * b) / (a * a));
      const mu = Math.log(a) - sigma2 / 2;
      const sigma = Math.sqrt(sigma2);
      return make(a, (rng) => Math.exp(rng.normal(mu, sigma)));
    }
    case 'gamma': {
      if (!(a > 0) || !(b > 0)) throw invalidOption(where, `gamma needs mean > 0 and standard deviation > 0, got ${a},${b}`);
      const shape = (a * a) / (b * b);
      const scale = (b * b) / a;
      return make(a, (rng) => rng.gamma(shape, scale));
    }
  }
}
