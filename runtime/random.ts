/**
 * A small seeded PRNG (sfc32, 53-bit doubles) and the samplers load shapes
 * need. Seeded runs never touch Math.random, so a schedule is reproducible
 * from its seed; an unseeded Random picks a seed and exposes it so a run can
 * print it and be repeated.
 */
import { getRandomValues } from 'node:crypto';

export type Seed = number | string;

/** A fresh random 32-bit seed (for runs that were given none). */
export function randomSeed(): number {
  return getRandomValues(new Uint32Array(1))[0];
}

/** cyrb128: hashes a string into four 32-bit words to seed sfc32. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Random {
  /** The seed this generator started from (given, or picked at random). */
  readonly seed: Seed;
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Numbers and strings are both hashed (typeof is part of the key, so 1 and "1" differ). */
  constructor(seed?: Seed) {
    this.seed = seed ?? randomSeed();
    [this.a, this.b, this.c, this.d] = hash128(`${typeof this.seed}:${this.seed}`);
    // Discard the first outputs: sfc32 mixes its state in a few rounds.
    for (let i = 0; i < 15; i++) this.nextUint32();
  }

  /** sfc32 (Chris Doty-Humphrey's Small Fast Counter): one 32-bit word. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Exponential with the given mean (default 1). */
  exponential(mean = 1): number {
    return -Math.log(1 - this.next()) * mean; // 1 - next() is in (0, 1]
  }

  /** Normal via Box–Muller (no cached pair, so the sequence depends only on call order). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Gamma(shape, scale): mean shape·scale, variance shape·scale².
   * Marsaglia & Tsang (2000); shape < 1 by the boost Gamma(a) = Gamma(a+1)·U^(1/a).
   */
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0) || !(scale > 0)) throw new RangeError(`gamma: shape and scale must be > 0 (got ${shape}, ${scale})`);
    if (shape < 1) {
      const u = 1 - this.next();
      return this.gamma(shape + 1, scale) * u ** (1 / shape);
    }
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v * scale;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }
}

/** Shorthand: a Random from a seed, or with a random seed it exposes. */
export function createRandom(seed?: Seed): Random {
  return new Random(seed);
}
