import { LlmloadError } from '../errors.js';
import { parseMetricKey } from '../metrics/metric-key.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import type { MetricDefinition, MetricType } from '../metrics/types.js';
import type { ThresholdSpec } from '../options/types.js';

export type Operator = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';
export type AggregationMethod = 'count' | 'rate' | 'value' | 'avg' | 'min' | 'med' | 'max' | 'p';

/** `'<agg> <op> <number>'`, parsed. */
export interface ThresholdExpression {
  source: string;
  method: AggregationMethod;
  /** N of p(N). */
  percentile?: number;
  /** The key of the value in a sink's `values()`: 'avg', 'rate', 'p(95)', 'p(99.9)'... */
  aggregation: string;
  operator: Operator;
  value: number;
}

/** A threshold ready to evaluate: the expression, its options and the metric it applies to. */
export interface ParsedThreshold extends ThresholdExpression {
  /** The metric key as written in options (`http_req_duration{status:200}`). */
  metricKey: string;
  definition: MetricDefinition;
  abortOnFail: boolean;
  delayAbortEval: number;
  allowEmpty: boolean;
}

/** Which aggregations each metric type supports in thresholds (k6's table). */
export const AGGREGATIONS_BY_TYPE: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  gauge: ['value'],
  rate: ['rate'],
  trend: ['avg', 'min', 'med', 'max', 'p(N)'],
};

// Longer operators before their prefixes, as k6 scans them.
const OPERATORS: readonly Operator[] = ['<=', '<', '>=', '>', '===', '==', '!='];
const NAMED = new Set(['count', 'rate', 'value', 'avg', 'min', 'med', 'max']);
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses one expression; throws an Error whose message says what is wrong. */
export function parseThresholdExpression(source: string): ThresholdExpression {
  if (typeof source !== 'string') throw new Error('a threshold must be a string like "p(95)<500"');
  let op: Operator | undefined;
  let at = -1;
  for (const candidate of OPERATORS) {
    at = source.indexOf(candidate);
    if (at >= 0) {
      op = candidate;
      break;
    }
  }
  if (!op) throw new Error('no comparison operator (expected one of < <= > >= == === !=)');
  const lhs = source.slice(0, at).trim();
  const rhs = source.slice(at + op.length).trim();
  if (!NUMBER.test(rhs)) throw new Error(`right-hand side ${JSON.stringify(rhs)} is not a number`);
  const value = Number(rhs);

  if (NAMED.has(lhs)) return { source, method: lhs as AggregationMethod, aggregation: lhs, operator: op, value };
  const p = /^p\((.*)\)$/.exec(lhs);
  if (p) {
    const inner = p[1]!.trim();
    const n = Number(inner);
    if (!NUMBER.test(inner) || n < 0 || n > 100) throw new Error(`percentile "${lhs}" must be p(N) with 0 <= N <= 100`);
    return { source, method: 'p', percentile: n, aggregation: `p(${n})`, operator: op, value };
  }
  if (lhs.startsWith('p(')) throw new Error(`malformed percentile "${lhs}" (expected p(N), e.g. p(95))`);
  throw new Error(`unknown aggregation ${JSON.stringify(lhs)} (expected count, rate, value, avg, min, med, max or p(N))`);
}

/**
 * Parses and validates every threshold of the options against the registry.
 * Any problem is an LlmloadError('ERR_INVALID_THRESHOLD') naming the threshold
 * and the metric, raised before the test starts.
 */
export function parseThresholds(specs: Record<string, ThresholdSpec[]>, registry: MetricRegistry): ParsedThreshold[] {
  const out: ParsedThreshold[] = [];
  for (const [metricKey, list] of Object.entries(specs)) {
    let name: string;
    try {
      name = parseMetricKey(metricKey).name;
    } catch (err) {
      throw invalid(`thresholds on "${metricKey}": ${(err as Error).message}`);
    }
    const definition = registry.get(name);
    for (const spec of list) {
      const where = `threshold "${spec.threshold}" on "${metricKey}"`;
      if (!definition) {
        const hint = closest(
          name,
          registry.all().map((d) => d.name),
        );
        throw invalid(`${where}: no metric named "${name}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
      }
      let expr: ThresholdExpression;
      try {
        expr = parseThresholdExpression(spec.threshold);
      } catch (err) {
        throw invalid(`${where}: ${(err as Error).message}`);
      }
      const allowed = AGGREGATIONS_BY_TYPE[definition.type];
      const method = expr.method === 'p' ? 'p(N)' : expr.method;
      if (!allowed.includes(method)) {
        throw invalid(`${where}: aggregation "${expr.aggregation}" does not apply to ${definition.type} metric "${name}" (use ${allowed.join(', ')})`);
      }
      out.push({ ...expr, metricKey, definition, abortOnFail: spec.abortOnFail, delayAbortEval: spec.delayAbortEval, allowEmpty: spec.allowEmpty });
    }
  }
  return out;
}

function invalid(message: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_THRESHOLD', message);
}

/** The closest name within edit distance 3, for "did you mean". */
function closest(name: string, names: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 4;
  for (const n of names) {
    const d = distance(name, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
