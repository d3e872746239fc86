import { LlmloadError } from '../errors.js';

/** Nanoseconds per unit. Go's time.ParseDuration units plus k6's "d" (days). */
const UNIT_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3, // U+00B5 micro sign
  'μs': 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
  d: 86400e9,
};

const PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d)/y;

function invalid(where: string, value: unknown, why?: string): LlmloadError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return new LlmloadError(
    'ERR_INVALID_OPTION',
    `${where}: invalid duration "${shown}" (${why ?? 'use e.g. "30s", "1m30s", "500ms"'})`,
  );
}

/**
 * Parses a k6 duration into milliseconds: a string such as "30s", "1m30s",
 * "500ms", "2h", "1.5s", "1d" or "0", or a number of milliseconds. Negative
 * durations are rejected (no option of ours means anything with one).
 * `where` names the option for the message, e.g. `scenario "x": option "duration"`.
 */
export function parseDuration(value: unknown, where: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(where, value);
    if (value < 0) throw invalid(where, value, 'must not be negative');
    return value;
  }
  if (typeof value !== 'string') throw invalid(where, value);
  const text = value.trim();
  if (text === '0' || text === '+0' || text === '-0') return 0;
  let i = 0;
  let negative = false;
  if (text[0] === '-' || text[0] === '+') {
    negative = text[0] === '-';
    i = 1;
  }
  if (i === text.length) throw invalid(where, value);
  // Sum in whole nanoseconds, like Go, so "1.1s" is exactly 1100 ms.
  let ns = 0;
  while (i < text.length) {
    PART.lastIndex = i;
    const m = PART.exec(text);
    if (!m) throw invalid(where, value);
    const [whole, frac = ''] = m[1].split('.');
    const unit = UNIT_NS[m[2]];
    ns += Number(whole || '0') * unit;
    if (frac !== '') ns += Math.trunc((Number(frac) * unit) / 10 ** frac.length);
    i = PART.lastIndex;
  }
  if (negative && ns > 0) throw invalid(where, value, 'must not be negative');
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
