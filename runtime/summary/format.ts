import type { MetricType, ValueType } from '../metrics/types.js';

/**
 * Human-readable values, as k6's end-of-test summary prints them: rates as
 * percentages (truncated to 2 decimals), data in decimal units (kB, MB),
 * durations in the largest fitting unit (ns, µs, ms, s, 1m30s, 1h2m3s), plain
 * numbers rounded (humanizeNumber; k6 prints 6 decimals).
 */
export function humanizeValue(value: number, metric: { type: MetricType; contains: ValueType }, timeUnit = ''): string {
  if (metric.type === 'rate') return percent(value);
  switch (metric.contains) {
    case 'data':
      return humanizeBytes(value);
    case 'time':
      return humanizeDuration(value, timeUnit);
    default:
      return humanizeNumber(value);
  }
}

/** Integers as they are; 2 decimals from 1 up; 3 significant digits below 1 (0.0123). */
export function humanizeNumber(v: number): string {
  if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 1) return toFixedNoTrailingZeros(v, 2);
  return String(Number(v.toPrecision(3)));
}

/** 0.12345 → '12.34%' (truncated, not rounded, as k6; the epsilon absorbs float noise like 0.29·10⁴ = 2899.999…). */
export function percent(rate: number): string {
  return (Math.trunc(rate * 10000 + 1e-7) / 100).toFixed(2) + '%';
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];

/** 1234 → '1.2 kB', 5_400_000 → '5.4 MB' (base 1000, as k6). */
export function humanizeBytes(bytes: number): string {
  if (bytes < 10) return toFixedNoTrailingZeros(bytes, 2) + ' B';
  const e = Math.min(Math.floor(Math.log(bytes) / Math.log(1000)), BYTE_UNITS.length - 1);
  const v = Math.floor((bytes / 1000 ** e) * 10 + 0.5) / 10;
  return v.toFixed(v < 10 ? 1 : 0) + ' ' + BYTE_UNITS[e];
}

const TIME_UNITS: Record<string, { unit: string; coef: number }> = {
  s: { unit: 's', coef: 0.001 },
  ms: { unit: 'ms', coef: 1 },
  us: { unit: 'µs', coef: 1000 },
};

/** A duration in ms; `timeUnit` ('s' | 'ms' | 'us') forces one unit with 2 decimals. */
export function humanizeDuration(ms: number, timeUnit = ''): string {
  const fixed = TIME_UNITS[timeUnit];
  if (fixed) return (ms * fixed.coef).toFixed(2) + fixed.unit;
  if (ms < 0) return '-' + humanizeDuration(-ms);
  if (ms === 0) return '0s';
  if (ms < 0.001) return Math.trunc(ms * 1e6) + 'ns';
  if (ms < 1) return truncNoTrailingZeros(ms * 1000, 2) + 'µs';
  if (ms < 1000) return truncNoTrailingZeros(ms, 2) + 'ms';
  let out = truncNoTrailingZeros((ms % 60000) / 1000, ms > 60000 ? 0 : 2) + 's';
  let rest = Math.trunc(ms / 60000);
  if (rest < 1) return out;
  out = (rest % 60) + 'm' + out;
  rest = Math.trunc(rest / 60);
  return rest < 1 ? out : rest + 'h' + out;
}

export function toFixedNoTrailingZeros(v: number, prec: number): string {
  return String(parseFloat(v.toFixed(prec)));
}

function truncNoTrailingZeros(v: number, prec: number): string {
  const m = 10 ** prec;
  return toFixedNoTrailingZeros(Math.trunc(v * m + 1e-7) / m, prec);
}
