import type { CompareMetric, RunNumbers } from './run-numbers.js';

/** A sweep step's numbers compare compares at the same load value: `ttft_p95@10` is TTFT p95 of the step at 10. */
export const STEP_METRICS: readonly CompareMetric[] = [
  { id: 'ttft_p95', label: 'TTFT p95', better: 'lower', unit: 'ms' },
  { id: 'tpot_p95', label: 'TPOT p95', better: 'lower', unit: 'ms' },
  { id: 'e2e_p95', label: 'E2E p95', better: 'lower', unit: 'ms' },
  { id: 'output_tok_s', label: 'output tok/s', better: 'higher', unit: '/s' },
  { id: 'success_req_s', label: 'successful req/s', better: 'higher', unit: '/s' },
  { id: 'failure_rate', label: 'failure rate', better: 'lower', unit: '' },
];

/** A sweep's own conclusions: higher is better for both. */
export const SWEEP_METRICS: readonly CompareMetric[] = [
  { id: 'max_goodput_req_s', label: 'max goodput req/s', better: 'higher', unit: '/s' },
  { id: 'max_passing', label: 'max passing load', better: 'higher', unit: 'load' },
];

interface SweepStepLike {
  value: number;
  requests: number;
  failed: number;
  achievedRps: number;
  outputTokensPerSecond: number;
  ttft: { p95: number | null };
  tpotP95: number | null;
  e2eP95: number | null;
}

interface SweepDocLike {
  schema: 'llmload-sweep';
  scenario?: string;
  config?: { mode?: string; variable?: string };
  steps?: SweepStepLike[];
  result?: { maxGoodput?: { rps: number } | null; maxPassing?: number | null } | null;
}

/** Whether a parsed JSON file is a sweep.json. */
export function isSweep(json: unknown): json is SweepDocLike {
  return typeof json === 'object' && json !== null && (json as { schema?: unknown }).schema === 'llmload-sweep';
}

/**
 * A sweep.json → its numbers: the result (max goodput req/s, max passing
 * load) and every step's numbers under `<metric>@<load value>`, so two sweeps
 * are compared step by step where their loads are the same.
 */
export function sweepNumbers(doc: SweepDocLike, file: string): RunNumbers {
  const values: Record<string, number> = {};
  if (doc.result?.maxGoodput) values.max_goodput_req_s = doc.result.maxGoodput.rps;
  if (typeof doc.result?.maxPassing === 'number') values.max_passing = doc.result.maxPassing;
  for (const s of doc.steps ?? []) {
    const at = `@${s.value}`;
    if (s.ttft.p95 !== null) values[`ttft_p95${at}`] = s.ttft.p95;
    if (s.tpotP95 !== null) values[`tpot_p95${at}`] = s.tpotP95;
    if (s.e2eP95 !== null) values[`e2e_p95${at}`] = s.e2eP95;
    values[`output_tok_s${at}`] = s.outputTokensPerSecond;
    if (s.requests > 0) {
      values[`success_req_s${at}`] = s.achievedRps * (1 - s.failed / s.requests);
      values[`failure_rate${at}`] = s.failed / s.requests;
    }
  }
  const mode = doc.config?.mode ?? 'unknown';
  return {
    file,
    scenarios: [{ name: doc.scenario ?? '', executor: `sweep (${mode}${doc.config?.variable ? `, ${doc.config.variable}` : ''})`, load: {} }],
    values,
  };
}

/** The descriptor of a metric id, including the per-step `<metric>@<value>` ones; undefined when unknown. */
export function sweepMetric(id: string): CompareMetric | undefined {
  const whole = SWEEP_METRICS.find((m) => m.id === id);
  if (whole) return whole;
  const at = id.lastIndexOf('@');
  if (at < 0) return undefined;
  const base = STEP_METRICS.find((m) => m.id === id.slice(0, at));
  return base && { ...base, id, label: `${base.label} @ ${id.slice(at + 1)}` };
}
