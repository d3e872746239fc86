/**
 * `llmload recommend`: the seed platform's order over your own result files.
 * Filter by use case (the `use_case` tag), then by SLA and load (`--rps`),
 * then rank the rest with TOPSIS and keep the top N. Pure: files are read by
 * the command. The JSON is types/recommend.schema.json.
 */
import type { Criterion } from './criteria.js';
import { criterionValue, type DeriveContext } from './criteria-values.js';
import type { Observation, ResultFile } from './result-files.js';
import { judgeSla, type SlaOutcome, type SlaTerm } from './sla.js';
import { topsis } from './topsis.js';

export interface RecommendInput {
  files: readonly ResultFile[];
  useCase?: string;
  /** Required successful requests per second. */
  rps?: number;
  sla: readonly SlaTerm[];
  criteria: readonly Criterion[];
  top: number;
  derive: DeriveContext;
}

/** A result that made the ranking. */
export interface RankedResult {
  rank: number;
  label: string;
  file: string;
  kind: 'summary' | 'sweep';
  /** Sweeps: the max passing step the numbers come from. */
  step: number | null;
  tags: Record<string, string>;
  closeness: number;
  s_plus: number;
  s_minus: number;
  criteria: Record<string, number>;
  req_s: number | null;
  sla: SlaOutcome[];
}

/** A result left out, and why. */
export interface ExcludedResult {
  label: string;
  file: string;
  stage: 'use_case' | 'sla' | 'rps' | 'criteria';
  reason: string;
}

export interface RecommendReport {
  schema: 'llmload-recommend';
  version: 1;
  use_case: string | null;
  rps: number | null;
  sla: string[];
  /** The criteria ranked on; weights normalised to sum 1. */
  criteria: Array<{ name: string; direction: 'benefit' | 'cost'; weight: number }>;
  ranked: RankedResult[];
  excluded: ExcludedResult[];
  notes: string[];
}

/** `Qwen2.5-7B · vllm · fp16 · 4×H100`, from the tags (the file name when there are none). */
export function labelOf(f: Pick<ResultFile, 'file' | 'tags'>): string {
  const t = f.tags;
  const gpu = t.gpu ? `${t.gpus ? `${t.gpus}×` : ''}${t.gpu}` : undefined;
  const parts = [t.model, t.framework, t.quant, gpu].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(' · ') : f.file;
}

interface Survivor {
  f: ResultFile;
  obs: Observation;
  sla: SlaOutcome[];
}

export function recommend(input: RecommendInput): RecommendReport {
  const excluded: ExcludedResult[] = [];
  const notes: string[] = [];
  const survivors: Survivor[] = [];
  const drop = (f: ResultFile, stage: ExcludedResult['stage'], reason: string) => excluded.push({ label: labelOf(f), file: f.file, stage, reason });
  for (const f of input.files) {
    if (input.useCase !== undefined && f.tags.use_case !== input.useCase) {
      drop(f, 'use_case', f.tags.use_case === undefined ? 'no use_case tag' : `use_case is ${f.tags.use_case}`);
      continue;
    }
    const judged = f.kind === 'sweep' ? judgeSweep(f, input) : judgeRun(f, input);
    if ('stage' in judged) drop(f, judged.stage, judged.reason);
    else survivors.push(judged);
  }

  // A criterion nobody has (no --gpu-price: no cost) is dropped; one some lack drops those results.
  const criteria = input.criteria.filter((c) => {
    if (survivors.length === 0 || survivors.some((s) => criterionValue(c.name, s.f.tags, s.obs, input.derive) !== undefined)) return true;
    notes.push(`criterion ${c.name} left out: no result has it${c.name === 'cost_per_mtok' ? ' (give --gpu-price)' : ''}; the other weights were renormalised`);
    return false;
  });
  if (criteria.length === 0 && survivors.length > 0) notes.push('no criterion is known for these results: nothing to rank on');
  const rows: Array<{ s: Survivor; values: number[] }> = [];
  for (const s of survivors) {
    const values = criteria.map((c) => criterionValue(c.name, s.f.tags, s.obs, input.derive));
    const missing = criteria.filter((_, j) => values[j] === undefined).map((c) => c.name);
    if (missing.length > 0) drop(s.f, 'criteria', `no value for ${missing.join(', ')}`);
    else rows.push({ s, values: values as number[] });
  }

  const ranked: RankedResult[] = [];
  if (rows.length > 0 && criteria.length > 0) {
    const t = topsis(
      rows.map((r) => r.values),
      criteria.map((c) => ({ weight: c.weight, benefit: c.benefit })),
    );
    const order = rows.map((_, i) => i).sort((a, b) => t.closeness[b]! - t.closeness[a]! || labelOf(rows[a]!.s.f).localeCompare(labelOf(rows[b]!.s.f)));
    for (const [k, i] of order.slice(0, input.top).entries()) {
      const { s, values } = rows[i]!;
      ranked.push({
        rank: k + 1,
        label: labelOf(s.f),
        file: s.f.file,
        kind: s.f.kind,
        step: s.obs.step ?? null,
        tags: s.f.tags,
        closeness: t.closeness[i]!,
        s_plus: t.sPlus[i]!,
        s_minus: t.sMinus[i]!,
        criteria: Object.fromEntries(criteria.map((c, j) => [c.name, values[j]!])),
        req_s: s.obs.reqS ?? null,
        sla: s.sla,
      });
    }
    if (rows.length > input.top) notes.push(`${rows.length - input.top} more ranked below the top ${input.top}`);
  }
  const sum = criteria.reduce((a, c) => a + c.weight, 0);
  return {
    schema: 'llmload-recommend',
    version: 1,
    use_case: input.useCase ?? null,
    rps: input.rps ?? null,
    sla: input.sla.map((t) => t.text),
    criteria: criteria.map((c) => ({ name: c.name, direction: c.benefit ? 'benefit' : 'cost', weight: c.weight / sum })),
    ranked,
    excluded,
    notes,
  };
}

type Judged = Survivor | { stage: 'sla' | 'rps'; reason: string };

/** The SLA lookup: metrics, and derived criteria (`accuracy:value>=0.7`, `cost_per_mtok:value<2`). */
function slaOf(f: ResultFile, obs: Observation, input: RecommendInput): SlaOutcome[] {
  return judgeSla(input.sla, (metric, aggregation) =>
    aggregation === 'value' && obs.value(metric, 'value') === undefined ? criterionValue(metric, f.tags, obs, input.derive) : obs.value(metric, aggregation),
  );
}

const failedText = (o: SlaOutcome[]) =>
  o
    .filter((x) => !x.ok)
    .map((x) => (x.observed === null ? `${x.sla} (not measured)` : `${x.sla} (observed ${round(x.observed)})`))
    .join(', ');
const round = (v: number) => Number(v.toPrecision(4));

/** A single run passes when the SLA holds and its achieved req/s is at least --rps. */
function judgeRun(f: ResultFile, input: RecommendInput): Judged {
  const obs = f.observations[0]!;
  const sla = slaOf(f, obs, input);
  if (sla.some((o) => !o.ok)) return { stage: 'sla', reason: `fails ${failedText(sla)}` };
  if (input.rps !== undefined && !((obs.reqS ?? 0) >= input.rps)) {
    return { stage: 'rps', reason: `achieved ${obs.reqS === undefined ? 'no measured' : round(obs.reqS)} req/s < --rps ${input.rps}` };
  }
  return { f, obs, sla };
}

/**
 * A sweep passes when its max passing rate is at least --rps: the steps that
 * held the sweep's own SLOs and the SLA, the one with the most successful
 * req/s standing for the sweep.
 */
function judgeSweep(f: ResultFile, input: RecommendInput): Judged {
  let best: Survivor | undefined;
  let lastFail = '';
  for (const obs of f.observations) {
    const sla = slaOf(f, obs, input);
    if (!obs.pass) lastFail = `step ${obs.step ?? '?'} failed the sweep's own SLOs`;
    else if (sla.some((o) => !o.ok)) lastFail = `step ${obs.step ?? '?'} fails ${failedText(sla)}`;
    else if (best === undefined || (obs.reqS ?? 0) > (best.obs.reqS ?? 0)) best = { f, obs, sla };
  }
  if (!best) return { stage: 'sla', reason: `no step passes${lastFail ? ` (${lastFail})` : ''}` };
  const max = best.obs.reqS ?? 0;
  if (input.rps !== undefined && !(max >= input.rps)) return { stage: 'rps', reason: `max passing rate ${round(max)} req/s < --rps ${input.rps}` };
  return best;
}
