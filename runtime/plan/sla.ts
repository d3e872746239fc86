/**
 * `--sla 'llm_ttft:p(90)<300'`: a metric (or `metric{tag:value}`), a colon and
 * a threshold expression, parsed by the thresholds' own parser. Pure.
 */
import { invalidOption } from '../errors.js';
import { parseThresholdExpression, type ThresholdExpression } from '../thresholds/parse.js';
import { compareThreshold } from '../thresholds/thresholds.js';

/** One SLA term. */
export interface SlaTerm extends ThresholdExpression {
  /** As written: `llm_ttft:p(90)<300`. */
  text: string;
  metric: string;
}

/** The outcome of one term on one candidate. */
export interface SlaOutcome {
  sla: string;
  observed: number | null;
  ok: boolean;
}

const TERM = /^\s*([A-Za-z_][A-Za-z0-9_.]*(?:\{[^}]*\})?)\s*:(.+)$/;

/** Parses one `--sla`; exit 104 naming the flag and the term. */
export function parseSla(text: string): SlaTerm {
  const m = TERM.exec(text);
  if (!m) throw invalidOption('--sla', `"${text}": expected METRIC:EXPRESSION, e.g. llm_ttft:p(90)<300`);
  try {
    return { ...parseThresholdExpression(m[2]!.trim()), text: text.trim(), metric: m[1]! };
  } catch (err) {
    throw invalidOption('--sla', `"${text}": ${(err as Error).message}`);
  }
}

/**
 * Judges every term with `lookup(metric, aggregation)`. A value the result
 * does not have fails the term: nothing measured is not a pass.
 */
export function judgeSla(terms: readonly SlaTerm[], lookup: (metric: string, aggregation: string) => number | undefined): SlaOutcome[] {
  return terms.map((t) => {
    const v = lookup(t.metric, t.aggregation);
    if (v === undefined || !Number.isFinite(v)) return { sla: t.text, observed: null, ok: false };
    return { sla: t.text, observed: v, ok: compareThreshold(t.operator, v, t.value) };
  });
}
