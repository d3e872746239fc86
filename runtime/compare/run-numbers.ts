import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LlmloadError } from '../errors.js';
import { isSweep, sweepNumbers } from './sweep-numbers.js';

/** How a compared number moves when things get better. */
export type Direction = 'lower' | 'higher';

/** A metric `llmload compare` knows, by its id (`ttft_p95`, `output_tok_s`…). */
export interface CompareMetric {
  id: string;
  label: string;
  better: Direction;
  /** 'ms', '/s', 'load' (VUs or req/s, a sweep's knob) or '' (a fraction). */
  unit: string;
}

const LATENCIES = ['ttft', 'tpot', 'itl', 'e2e'] as const;
const PCTS = ['p50', 'p95', 'p99'] as const;

/** Every metric compare knows, in table order. */
export const COMPARE_METRICS: readonly CompareMetric[] = [
  ...LATENCIES.flatMap((l) => PCTS.map((p) => ({ id: `${l}_${p}`, label: `${l.toUpperCase()} ${p}`, better: 'lower' as const, unit: 'ms' }))),
  { id: 'output_tok_s', label: 'output tok/s', better: 'higher', unit: '/s' },
  { id: 'success_req_s', label: 'successful req/s', better: 'higher', unit: '/s' },
  { id: 'goodput_req_s', label: 'goodput req/s', better: 'higher', unit: '/s' },
  { id: 'failure_rate', label: 'failure rate', better: 'lower', unit: '' },
];

/** One scenario's load shape: what must match for two runs to be comparable. */
export interface ScenarioShape {
  name: string;
  executor: string;
  /** rate, timeUnit, vus, iterations, stages…: the keys that set the offered load. */
  load: Record<string, unknown>;
}

/** The numbers of one run (a `--summary-export` file, or one step of a sweep.json). */
export interface RunNumbers {
  file: string;
  /** Absent for summaries written before llmload recorded its scenarios. */
  scenarios?: ScenarioShape[];
  values: Record<string, number>;
}

/** The `run` block llmload adds to `--summary-export` and handleSummary's data. */
export interface RunInfo {
  testid: string;
  script: string;
  /** ISO times of the test phase. */
  start: string;
  end: string;
  scenarios: ScenarioShape[];
}

/**
 * The keys of an executor's config that set the offered load. The rest
 * (maxVUs, gracefulStop) does not change it, and a longer run of the same
 * load is still the same load, so `duration` is not one.
 */
export const LOAD_KEYS = ['rate', 'timeUnit', 'vus', 'iterations', 'stages', 'startRate', 'startVUs'];

/** Reads a `--summary-export` file or a sweep.json. */
export async function loadRunNumbers(file: string, cwd: string): Promise<RunNumbers> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.resolve(cwd, file), 'utf8'));
  } catch (err) {
    throw new LlmloadError('ERR_NOT_COMPARABLE', `compare: cannot read "${file}": ${(err as Error).message}`);
  }
  return isSweep(json) ? sweepNumbers(json, file) : numbersOf(json, file);
}

/** A summary export (or handleSummary data) → its numbers. */
export function numbersOf(json: unknown, file: string): RunNumbers {
  const s = json as { metrics?: Record<string, Record<string, unknown>>; llm?: Record<string, unknown>; run?: RunInfo };
  if (typeof s !== 'object' || s === null || typeof s.metrics !== 'object' || s.metrics === null) {
    throw new LlmloadError('ERR_NOT_COMPARABLE', `compare: "${file}" is not a --summary-export file (no "metrics")`);
  }
  const values: Record<string, number> = {};
  const llm = s.llm as LlmBlock | undefined;
  for (const l of LATENCIES) {
    for (const p of PCTS) {
      const v = llm?.[l]?.[p] ?? num(s.metrics[`llm_${l}`]?.[p === 'p50' ? 'med' : `p(${p.slice(1)})`]);
      if (v !== undefined && (llm?.[l]?.count ?? 1) > 0) values[`${l}_${p}`] = v;
    }
  }
  if (llm && llm.requests > 0) {
    const seconds = llm.window_ms / 1000;
    values.output_tok_s = llm.output_token_throughput;
    values.success_req_s = seconds > 0 ? llm.ok / seconds : 0;
    if (llm.goodput) values.goodput_req_s = llm.goodput.throughput;
    // As the summary's: cancelled requests are neither ok nor failed.
    const judged = llm.requests - (llm.cancelled ?? 0);
    if (judged > 0) values.failure_rate = llm.failed / judged;
  }
  return { file, scenarios: s.run?.scenarios, values };
}

interface LlmBlock {
  ttft?: Record<string, number>;
  tpot?: Record<string, number>;
  itl?: Record<string, number>;
  e2e?: Record<string, number>;
  requests: number;
  ok: number;
  failed: number;
  cancelled?: number;
  window_ms: number;
  output_token_throughput: number;
  goodput?: { throughput: number };
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Why two runs are not comparable (different scenarios, executors or offered
 * load), or undefined when they are or when either side does not say.
 */
export function incomparability(a: RunNumbers, b: RunNumbers): string | undefined {
  if (!a.scenarios || !b.scenarios) return undefined;
  const names = (r: RunNumbers) => r.scenarios!.map((s) => s.name).sort();
  if (names(a).join('\0') !== names(b).join('\0')) {
    return `different scenarios: ${a.file} has [${names(a).join(', ')}], ${b.file} has [${names(b).join(', ')}]`;
  }
  for (const sa of a.scenarios) {
    const sb = b.scenarios.find((s) => s.name === sa.name)!;
    if (sa.executor !== sb.executor) {
      return `scenario "${sa.name}": different executors: ${sa.executor} in ${a.file}, ${sb.executor} in ${b.file}`;
    }
    for (const k of new Set([...Object.keys(sa.load), ...Object.keys(sb.load)])) {
      const va = JSON.stringify(sa.load[k]);
      const vb = JSON.stringify(sb.load[k]);
      if (va !== vb) return `scenario "${sa.name}": different ${k}: ${va ?? 'unset'} in ${a.file}, ${vb ?? 'unset'} in ${b.file}`;
    }
  }
  return undefined;
}
