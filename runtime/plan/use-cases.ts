/**
 * `--use-case`: which results count (their `use_case` tag) and the SLA,
 * criteria and context the use case brings when the flags do not say.
 * `--use-cases FILE` (YAML/JSON) adds use cases or replaces fields of these.
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../lazy-packages.js';
import { invalidOption } from '../errors.js';

/** One use case's defaults. */
export interface UseCase {
  description: string;
  /** `--sla` terms. Percentiles are p(95)/p(99) so sweep rows (which keep p50/p95/p99) can be judged too. */
  sla: string[];
  /** `--criteria` text. */
  criteria: string;
  /** Tokens per sequence for `vram_headroom`. */
  context: number;
}

/** The documented defaults (README "Planning the fleet"). */
export const DEFAULT_USE_CASES: Readonly<Record<string, UseCase>> = {
  chatbot: {
    description: 'interactive chat: short prompts, streamed answers; first token and steady decoding matter',
    sla: ['llm_ttft:p(95)<500', 'llm_tpot:p(95)<50', 'llm_req_failed:rate<0.01'],
    criteria: 'output_tok_s:+:0.3,llm_ttft.p95:-:0.3,cost_per_mtok:-:0.2,gpus:-:0.2',
    context: 4096,
  },
  rag: {
    description: 'retrieval-augmented generation: long prompts, short answers; prefill (TTFT) dominates',
    sla: ['llm_ttft:p(95)<2000', 'llm_tpot:p(95)<75', 'llm_req_failed:rate<0.01'],
    criteria: 'llm_ttft.p95:-:0.4,output_tok_s:+:0.2,cost_per_mtok:-:0.2,gpus:-:0.2',
    context: 16384,
  },
  batch: {
    description: 'offline batch: no one waits on a token; throughput per dollar matters',
    sla: ['llm_req_failed:rate<0.01'],
    criteria: 'output_tok_s:+:0.5,cost_per_mtok:-:0.4,gpus:-:0.1',
    context: 8192,
  },
};

/** The defaults, with a `--use-cases` file's entries merged over them field by field. */
export function loadUseCases(file: string | undefined): Record<string, UseCase> {
  const out: Record<string, UseCase> = { ...DEFAULT_USE_CASES };
  if (!file) return out;
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw invalidOption('--use-cases', `cannot read "${file}": ${(err as Error).message}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw invalidOption('--use-cases', `"${file}" must map use-case names to { sla, criteria, context }`);
  for (const [name, raw] of Object.entries(doc)) {
    const o = (raw ?? {}) as Record<string, unknown>;
    const prev = out[name];
    const sla = o.sla === undefined ? prev?.sla : Array.isArray(o.sla) ? o.sla.map(String) : [String(o.sla)];
    const criteria = o.criteria === undefined ? prev?.criteria : String(o.criteria);
    const context = o.context === undefined ? prev?.context : Number(o.context);
    if (!sla || !criteria || !(context && context > 0)) throw invalidOption('--use-cases', `"${name}" in "${file}" needs sla, criteria and a positive context`);
    out[name] = { description: typeof o.description === 'string' ? o.description : (prev?.description ?? name), sla, criteria, context };
  }
  return out;
}
