/**
 * Exact rationals (bigint numerator and denominator,
 * always reduced, denominator > 0). Execution segments are fractions such as
 * 1/3: floats would lose or duplicate work at the boundaries, so nothing here
 * ever rounds.
 */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** num/den, reduced; den must not be 0. */
export function rational(num: bigint, den: bigint): Rational {
  if (den === 0n) throw new RangeError('rational with a zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const g = gcd(num, den) || 1n;
  return { num: (sign * num) / g, den: (sign * den) / g };
}

export const ZERO = rational(0n, 1n);
export const ONE = rational(1n, 1n);

export function compare(a: Rational, b: Rational): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

export function subtract(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}

/** "1/4", or "1" for an integer (big.Rat's RatString). */
export function ratString(r: Rational): string {
  return r.den === 1n ? String(r.num) : `${r.num}/${r.den}`;
}

const INT = /^[+-]?\d+$/;
const DECIMAL = /^([+-]?)(\d*)\.?(\d*)$/;

/** A decimal such as "0.25", "3" or ".5" as an exact rational; undefined when it is not one. */
function parseDecimal(s: string): Rational | undefined {
  const m = DECIMAL.exec(s);
  if (!m || (m[2] === '' && m[3] === '')) return undefined;
  const digits = BigInt(`${m[2] || '0'}${m[3]}`);
  return rational(m[1] === '-' ? -digits : digits, 10n ** BigInt(m[3]!.length));
}

/**
 * Parses what k6 accepts for a segment point: a fraction "1/4", a decimal
 * "0.25" or a percentage "25%" (k6 takes whole percentages; a decimal one is
 * taken exactly too). Undefined when the text is none of these.
 */
export function parseRational(text: string): Rational | undefined {
  const s = text.trim();
  if (s.endsWith('%')) {
    const p = parseDecimal(s.slice(0, -1));
    return p && rational(p.num, p.den * 100n);
  }
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const a = s.slice(0, slash);
    const b = s.slice(slash + 1);
    if (!INT.test(a) || !/^\+?\d+$/.test(b) || BigInt(b) === 0n) return undefined;
    return rational(BigInt(a), BigInt(b));
  }
  return parseDecimal(s);
}
