/**
 * One step's row: what its measured requests (those that started after its
 * warm-up) add up to. Rates are over the measured window (`stepDuration`).
 */
import type { SaturationVerdict } from './saturation.js';
import type { SloOutcome, StepSlos } from './slo.js';
import type { StepCollector } from './step-collector.js';

/** guidellm's synchronous and throughput steps, or a step at a given rate / VU count. */
export type StepKind = 'synchronous' | 'throughput' | 'rate' | 'vus';

/** One row of the sweep (sweep.json `steps[]`). Times are epoch ms; latencies ms; null: no sample. */
export interface SweepStep {
  step: number;
  /** The load knob: VUs, or requests per second. */
  value: number;
  kind: StepKind;
  startedAt: number;
  /** When its first iteration (request) started; null when none did. */
  firstIteration: number | null;
  measureStart: number;
  measureEnd: number;
  /** When the step's last iteration ended (its last response). */
  lastResponse: number;
  /** Requests that started in the measured window. */
  requests: number;
  failed: number;
  /** requests / measured window. */
  achievedRps: number;
  /** (n − 1) / (last end − first end): the rate without the pipeline fill and drain (GuideLLM's throughput measure). */
  steadyRps: number | null;
  outputTokensPerSecond: number;
  ttft: { p50: number | null; p95: number | null; p99: number | null };
  tpotP95: number | null;
  e2eP95: number | null;
  /** llm_goodput rate × 100 (options.goodput SLOs); null without them. */
  goodputPct: number | null;
  /** Time-weighted mean of requests in flight over the measured window. */
  inFlight: number;
  /** Arrival steps: iterations due in the measured window, and those dropped. */
  scheduled?: number;
  dropped?: number;
  slo: SloOutcome[];
  /** Every SLO held. */
  pass: boolean;
  saturation: SaturationVerdict;
  /** --repeat: the spread of the headline numbers over the repeats. */
  repeats?: Record<string, { n: number; mean: number; stddev: number; ci95: [number, number] }>;
}

export interface MeasureInput {
  step: number;
  value: number;
  kind: StepKind;
  collector: StepCollector;
  slos: StepSlos;
  startedAt: number;
  firstIteration: number | null;
  measureStart: number;
  measureEnd: number;
  lastResponse: number;
  durationMs: number;
}

/** The step's row from its collector (saturation is added by the caller). */
export function measureStep(m: MeasureInput): Omit<SweepStep, 'saturation'> {
  const engine = m.collector.engine;
  const window = Math.max(1, m.measureEnd - m.measureStart);
  const values = (key: string, stats: string[] = []) => {
    const t = engine.get(key);
    return t && !t.sink.isEmpty() ? t.sink.values(window, stats) : undefined;
  };
  const requests = values('llm_reqs')?.count ?? 0;
  const failures = values('llm_req_failed');
  const ttft = values('llm_ttft', ['p(50)', 'p(95)', 'p(99)']);
  const goodput = values('llm_goodput');
  const slo = m.slos.judge(engine, window);
  const dropped = values('dropped_iterations')?.count;
  const row: Omit<SweepStep, 'saturation'> = {
    step: m.step,
    value: m.value,
    kind: m.kind,
    startedAt: m.startedAt,
    firstIteration: m.firstIteration,
    measureStart: m.measureStart,
    measureEnd: m.measureEnd,
    lastResponse: m.lastResponse,
    requests,
    failed: failures?.passes ?? 0,
    achievedRps: requests / (window / 1000),
    steadyRps: steadyRate(m.collector.requestEnds),
    outputTokensPerSecond: (values('llm_output_tokens_total')?.count ?? 0) / (window / 1000),
    ttft: { p50: ttft?.['p(50)'] ?? null, p95: ttft?.['p(95)'] ?? null, p99: ttft?.['p(99)'] ?? null },
    tpotP95: values('llm_tpot', ['p(95)'])?.['p(95)'] ?? null,
    e2eP95: values('llm_e2e', ['p(95)'])?.['p(95)'] ?? null,
    goodputPct: goodput ? goodput.rate! * 100 : null,
    inFlight: m.collector.meanInFlight(m.measureEnd),
    slo,
    pass: slo.every((s) => s.ok),
  };
  if (dropped !== undefined) row.dropped = dropped;
  return row;
}

/** GuideLLM's steady throughput: (n − 1) / (last end − first end), in req/s; null under 2 requests. */
export function steadyRate(ends: readonly number[]): number | null {
  if (ends.length < 2) return null;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const e of ends) {
    if (e < first) first = e;
    if (e > last) last = e;
  }
  return last > first ? (ends.length - 1) / ((last - first) / 1000) : null;
}
