/**
 * The result files `recommend` reads: `--summary-export` JSON (one
 * observation) and sweep.json (one observation per step). Each observation
 * answers "what was metric M's aggregation A" from what the file keeps.
 */
import { invalidOption } from '../errors.js';
import { parseThresholdExpression } from '../thresholds/parse.js';
import { readJsonFile } from './read-json.js';

/** What one run, or one sweep step, measured. */
export interface Observation {
  /** A metric's aggregation (`p(90)`, `avg`, `rate`...), or undefined when the file does not keep it. */
  value(metric: string, aggregation: string): number | undefined;
  /** Output tokens per second. */
  outputTokS: number | undefined;
  /** Successful requests per second. */
  reqS: number | undefined;
  /** mJ per output token, when GPU energy was measured. */
  energyPerToken: number | undefined;
  /** Sequences in flight at the peak (summary: vus_max; sweep step: mean in flight, rounded up). */
  concurrency: number | undefined;
  /** Sweep steps: the sweep's own verdict on its SLOs; summaries: undefined. */
  pass?: boolean;
  /** Sweep steps: the step number. */
  step?: number;
}

/** One file. */
export interface ResultFile {
  file: string;
  kind: 'summary' | 'sweep';
  tags: Record<string, string>;
  observations: Observation[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Reads a summary export or a sweep.json; anything else is exit 104 naming the file. */
export function readResultFile(file: string): ResultFile {
  const doc = readJsonFile(file, 'recommend');
  const tags = Object.fromEntries(Object.entries(obj(doc.tags)).map(([k, v]) => [k, String(v)]));
  if (doc.schema === 'llmload-sweep')
    return { file, kind: 'sweep', tags, observations: (Array.isArray(doc.steps) ? doc.steps : []).map((s) => stepObservation(obj(s))) };
  if (typeof doc.metrics === 'object' && doc.metrics !== null) return { file, kind: 'summary', tags, observations: [summaryObservation(doc)] };
  throw invalidOption('recommend', `"${file}" is neither a --summary-export nor a sweep.json`);
}

/** The llm block's latency keys, by metric. */
const LLM_KEYS: Record<string, string> = {
  llm_ttft: 'ttft',
  llm_ttft_content: 'ttft_content',
  llm_itl: 'itl',
  llm_tpot: 'tpot',
  llm_e2e: 'e2e',
  llm_ttft_intended: 'ttft_intended',
  llm_e2e_intended: 'e2e_intended',
};

/** p(90) → p90 (the llm block's names). */
const llmStat = (aggregation: string) => aggregation.replace(/^p\((\d+(?:\.\d+)?)\)$/, 'p$1');

function summaryObservation(doc: Obj): Observation {
  const metrics = obj(doc.metrics);
  const llm = obj(doc.llm);
  const energy = obj(doc.gpu_energy);
  return {
    value(metric, aggregation) {
      const m = obj(metrics[metric]);
      // --summary-export renames a Rate's `rate` to `value` (k6's legacy shape).
      const direct = num(m[aggregation]) ?? (aggregation === 'rate' ? num(m.value) : undefined);
      if (direct !== undefined) return direct;
      const key = LLM_KEYS[metric];
      return key ? num(obj(llm[key])[llmStat(aggregation)]) : undefined;
    },
    outputTokS: num(llm.output_token_throughput),
    reqS: num(llm.request_throughput),
    energyPerToken: num(energy.mj_per_output_token),
    concurrency: num(obj(metrics.vus_max).value) ?? num(obj(metrics.vus_max).max),
  };
}

function stepObservation(s: Obj): Observation {
  const ttft = obj(s.ttft);
  const requests = num(s.requests) ?? 0;
  const failed = num(s.failed) ?? 0;
  const okShare = requests > 0 ? (requests - failed) / requests : undefined;
  const fields: Record<string, Record<string, number | undefined>> = {
    llm_ttft: { 'p(50)': num(ttft.p50), 'p(95)': num(ttft.p95), 'p(99)': num(ttft.p99) },
    llm_tpot: { 'p(95)': num(s.tpotP95) },
    llm_e2e: { 'p(95)': num(s.e2eP95) },
    llm_req_failed: { rate: okShare === undefined ? undefined : 1 - okShare },
    llm_goodput: { rate: num(s.goodputPct) === undefined ? undefined : num(s.goodputPct)! / 100 },
  };
  const slos = (Array.isArray(s.slo) ? s.slo : []).map(obj);
  const achieved = num(s.achievedRps);
  const inFlight = num(s.inFlight);
  return {
    value(metric, aggregation) {
      const v = fields[metric]?.[aggregation];
      if (v !== undefined) return v;
      // The sweep's own SLOs kept their observed values: an SLA on the same aggregation can use them.
      for (const o of slos) {
        if (o.metric !== metric || typeof o.threshold !== 'string') continue;
        try {
          if (parseThresholdExpression(o.threshold).aggregation === aggregation && num(o.observed) !== undefined) return num(o.observed);
        } catch {
          // Not a plain expression: it cannot answer.
        }
      }
      return undefined;
    },
    outputTokS: num(s.outputTokensPerSecond),
    reqS: achieved !== undefined && okShare !== undefined ? achieved * okShare : undefined,
    energyPerToken: undefined,
    concurrency: inFlight === undefined ? undefined : Math.ceil(inFlight),
    pass: s.pass === true,
    ...(num(s.step) !== undefined && { step: num(s.step) }),
  };
}
