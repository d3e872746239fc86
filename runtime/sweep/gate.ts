/**
 * `sweep.require`: a CI gate on capacity, e.g. `{ max_passing: '>=8' }` or
 * `{ max_goodput: '>=20' }` (req/s). A sweep that falls short exits 99.
 */
import { compareThreshold } from '../thresholds/thresholds.js';
import type { Operator } from '../thresholds/parse.js';
import type { SweepAnalysis } from './result.js';

/** One line per requirement the sweep did not meet (empty: all met). */
export function requireFailures(require: Readonly<Record<string, string>>, a: SweepAnalysis): string[] {
  const out: string[] = [];
  for (const [key, expr] of Object.entries(require)) {
    const m = /^(<=|>=|<|>|==)\s*([+-]?\d+(?:\.\d+)?)$/.exec(expr.trim());
    if (!m) continue;
    const observed = key === 'max_passing' ? a.maxPassing : (a.maxGoodput?.rps ?? null);
    if (observed === null || !compareThreshold(m[1] as Operator, observed, Number(m[2]))) {
      out.push(`${key}: '${expr}' not met (observed ${observed === null ? 'none' : Number(observed.toFixed(3))})`);
    }
  }
  return out;
}
