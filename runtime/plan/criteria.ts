/**
 * `--criteria 'output_tok_s:+:0.3,llm_ttft.p90:-:0.3,cost_per_mtok:-:0.2,gpus:-:0.2'`:
 * name, direction (+ benefit, − cost) and weight per criterion. Pure.
 */
import { invalidOption } from '../errors.js';

/** One ranking criterion. */
export interface Criterion {
  name: string;
  benefit: boolean;
  /** As given; TOPSIS normalises the weights to sum 1. */
  weight: number;
}

/**
 * Criteria `recommend` derives rather than reads. Any other name is a metric
 * value: `llm_ttft.p90` (the summary's `p(90)` of llm_ttft), `http_reqs.rate`.
 */
export const DERIVED_CRITERIA: Record<string, string> = {
  output_tok_s: 'output tokens per second over the benchmark window (llm block; a sweep: its max passing step)',
  req_s: 'successful requests per second (llm block; a sweep: its max passing step)',
  cost_per_mtok: 'USD per million output tokens: gpus × --gpu-price ÷ (output_tok_s × 3600) × 1e6',
  gpus: 'GPU count (the `gpus` tag)',
  energy_per_token: 'mJ per output token (gpu_energy block; needs --gpu-telemetry with energy)',
  vram_headroom: 'share of GPU memory left after weights and the KV cache of the load (`llmload vram`; needs --model-config)',
  accuracy: 'model score from --accuracy',
};

/** Parses the list; exit 104 naming `--criteria` and the bad item. */
export function parseCriteria(text: string): Criterion[] {
  const out: Criterion[] = [];
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parts = item.split(':');
    const [name, dir, w] = parts;
    const weight = Number(w);
    if (parts.length !== 3 || !name || (dir !== '+' && dir !== '-') || !(weight > 0)) {
      throw invalidOption('--criteria', `"${item}": expected NAME:+|-:WEIGHT (e.g. output_tok_s:+:0.3, llm_ttft.p90:-:0.3)`);
    }
    if (out.some((c) => c.name === name)) throw invalidOption('--criteria', `"${name}" is listed twice`);
    out.push({ name, benefit: dir === '+', weight });
  }
  if (out.length === 0) throw invalidOption('--criteria', 'no criteria');
  return out;
}

/** `llm_ttft.p90` → metric `llm_ttft`, aggregation `p(90)`; `http_reqs.rate` → `rate`. Undefined for a derived name. */
export function metricCriterion(name: string): { metric: string; aggregation: string } | undefined {
  if (name in DERIVED_CRITERIA) return undefined;
  // Metric names have no dots (k6's rule), percentiles may: llm_ttft.p99.9.
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  const stat = name.slice(dot + 1);
  const p = /^p(\d+(?:\.\d+)?)$/.exec(stat) ?? /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  return { metric: name.slice(0, dot), aggregation: p ? `p(${Number(p[1])})` : stat };
}
