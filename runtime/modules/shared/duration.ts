/**
 * k6 durations, the one parser for the host's options and the VU modules'
 * arguments (an http timeout, an openai idleTimeout): plain ECMAScript with
 * no imports, so both sides bundle it. Each side wraps it in its own error
 * (LlmloadError for options, TypeError for a script's arguments).
 */

/** Nanoseconds per unit: Go's time.ParseDuration units plus k6's "d" (days). */
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;

/** Why a value is not a duration: `problem` is set when there is more to say than "not a duration". */
export interface NotADuration {
  problem?: 'must not be negative';
}

const NOT_A_DURATION: NotADuration = Object.freeze({});
const NEGATIVE: NotADuration = Object.freeze({ problem: 'must not be negative' });

/**
 * A k6 duration in milliseconds: a string such as "30s", "1m30s", "500ms",
 * "2h", "1.5s", "1d" or "0", or a number of milliseconds; or why `value` is
 * not one. Negative durations are refused (nothing of ours means anything
 * with one).
 */
export function readDuration(value: unknown): number | NotADuration {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return NOT_A_DURATION;
    return value < 0 ? NEGATIVE : value;
  }
  if (typeof value !== 'string') return NOT_A_DURATION;
  const text = value.trim();
  if (text === '0' || text === '+0' || text === '-0') return 0;
  let i = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    i = 1;
  }
  if (i === text.length) return NOT_A_DURATION;
  // Sum in whole nanoseconds, like Go, so "1.1s" is exactly 1100 ms.
  let ns = 0;
  while (i < text.length) {
    PART.lastIndex = i;
    const m = PART.exec(text);
    if (!m) return NOT_A_DURATION;
    const [whole, frac = ''] = m[1]!.split('.');
    const unit = UNIT_NS[m[2]!]!;
    ns += Number(whole || '0') * unit;
    if (frac !== '') ns += Math.trunc((Number(frac) * unit) / 10 ** frac.length);
    i = PART.lastIndex;
  }
  if (negative && ns > 0) return NEGATIVE;
  return ns / 1e6;
}

/** Trims trailing zeros of a decimal fraction: "500" → "5", "000" → "". */
function fraction(n: number, digits: number): string {
  return n === 0 ? '' : '.' + String(n).padStart(digits, '0').replace(/0+$/, '');
}

/**
 * Formats milliseconds the way Go's time.Duration prints (and so k6):
 * "0s", "500ms", "1.5s", "1m30s", "10m0s", "2h0m0s".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? '-' : '';
  const ns = Math.round(Math.abs(ms) * 1e6);
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${Math.floor(ns / 1e3)}${fraction(ns % 1e3, 3)}µs`;
  if (ns < 1e9) return `${sign}${Math.floor(ns / 1e6)}${fraction(ns % 1e6, 6)}ms`;
  const h = Math.floor(ns / 3600e9);
  const m = Math.floor((ns % 3600e9) / 60e9);
  const sNs = ns % 60e9;
  const s = `${Math.floor(sNs / 1e9)}${fraction(sNs % 1e9, 9)}s`;
  if (h > 0) return `${sign}${h}h${m}m${s}`;
  if (m > 0) return `${sign}${m}m${s}`;
  return `${sign}${s}`;
}
