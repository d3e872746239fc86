/**
 * `llmload matrix plan matrix.yaml`: the seed platform's test matrix (models ×
 * GPU type and count × framework × quantization × workload) expanded into one
 * run per cell, each with its tags, script, sweep, environment and result
 * file. Pure: the command reads the YAML and writes the outputs.
 */
import { invalidOption } from '../errors.js';

/** One value of a dimension, with the arguments and environment runs with it get. */
interface DimValue {
  name: string;
  args: string[];
  env: Record<string, string>;
}

/** A workload pattern: its use case, script, sweep and extras. */
interface Workload extends DimValue {
  useCase: string;
  script?: string;
  sweep?: string;
}

/** One planned run. */
export interface MatrixRun {
  id: string;
  /** The cell: model, gpu, gpus, framework, quant, use_case (and workload). */
  tags: Record<string, string>;
  script: string;
  /** A config file with options.sweep: the run is `llmload sweep`; absent: `llmload run`. */
  sweep: string | null;
  /** Where the run writes its result (--summary-export, or --sweep-export for a sweep). */
  result: string;
  env: Record<string, string>;
  /** The llmload arguments, after the command prefix: `run --tag ... script --summary-export file`. */
  argv: string[];
}

export interface MatrixPlan {
  schema: 'llmload-matrix';
  version: 1;
  /** How the shell script starts llmload (`llmload` by default; $LLMLOAD overrides it when the script runs). */
  llmload: string;
  runs: MatrixRun[];
}

type Obj = Record<string, unknown>;
const NONE: DimValue = { name: '', args: [], env: {} };
const DIMS = ['models', 'gpus', 'frameworks', 'quant', 'workloads'] as const;

/** Expands a parsed matrix document; problems are exit 104 naming the key. */
export function planMatrix(doc: unknown, where = 'matrix'): MatrixPlan {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad(where, 'expected a mapping of dimensions');
  const d = doc as Obj;
  const known = new Set([...DIMS, 'script', 'sweep', 'out', 'args', 'env', 'exclude', 'llmload']);
  for (const k of Object.keys(d)) if (!known.has(k)) throw bad(where, `unknown key "${k}" (expected ${[...known].join(', ')})`);
  const models = dimension(d.models, `${where}.models`);
  const gpus = gpuDimension(d.gpus, `${where}.gpus`);
  // Absent dimensions are one empty value: no tag, no part of the id.
  const frameworks = d.frameworks === undefined ? [NONE] : dimension(d.frameworks, `${where}.frameworks`);
  const quants = d.quant === undefined ? [NONE] : dimension(d.quant, `${where}.quant`);
  const workloads = workloadDimension(d.workloads, `${where}.workloads`);
  const script = optString(d.script, `${where}.script`);
  const sweep = optString(d.sweep, `${where}.sweep`);
  const out = optString(d.out, `${where}.out`) ?? 'results';
  const baseArgs = strings(d.args ?? [], `${where}.args`);
  const baseEnv = envOf(d.env ?? {}, `${where}.env`);
  const exclude = (Array.isArray(d.exclude) ? d.exclude : d.exclude === undefined ? [] : [null]).map((e, i) => {
    if (typeof e !== 'object' || e === null) throw bad(`${where}.exclude[${i}]`, 'expected a mapping of tag: value');
    return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, String(v)]));
  });

  const runs: MatrixRun[] = [];
  const ids = new Set<string>();
  for (const m of models)
    for (const g of gpus)
      for (const f of frameworks)
        for (const q of quants)
          for (const w of workloads) {
            const all = { model: m.name, gpu: g.name, gpus: String(g.count), framework: f.name, quant: q.name, use_case: w.useCase, workload: w.name };
            const tags: Record<string, string> = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== ''));
            if (exclude.some((e) => Object.entries(e).every(([k, v]) => tags[k] === v))) continue;
            const id = uniqueId(slug([m.name, f.name, q.name, `${g.count}x${g.name}`, w.name].filter(Boolean)), ids);
            const runScript = w.script ?? script;
            if (!runScript) throw bad(`${where}.script`, `no script for workload "${w.name}" (give script: at the top or in the workload)`);
            const runSweep = w.sweep ?? sweep ?? null;
            const fill = (s: string) => s.replace(/\{(\w+)\}/g, (all, k: string) => (k === 'id' ? id : (tags[k] ?? all)));
            const env = Object.fromEntries(
              Object.entries({ MODEL: m.name, ...baseEnv, ...m.env, ...g.env, ...f.env, ...q.env, ...w.env }).map(([k, v]) => [k, fill(v)]),
            );
            const args = [...baseArgs, ...m.args, ...g.args, ...f.args, ...q.args, ...w.args].map(fill);
            const result = `${out}/${id}${runSweep ? '.sweep' : ''}.json`;
            const argv = [
              runSweep ? 'sweep' : 'run',
              ...(runSweep ? ['--config', runSweep] : []),
              ...Object.entries(tags).flatMap(([k, v]) => ['--tag', `${k}=${v}`]),
              ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
              ...args,
              runScript,
              runSweep ? '--sweep-export' : '--summary-export',
              result,
            ];
            runs.push({ id, tags, script: runScript, sweep: runSweep, result, env, argv });
          }
  return { schema: 'llmload-matrix', version: 1, llmload: optString(d.llmload, `${where}.llmload`) ?? 'llmload', runs };
}

function dimension(v: unknown, where: string): DimValue[] {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  if (items.length === 0) throw bad(where, 'needs at least one value');
  return items.map((x, i) => dimValue(x, `${where}[${i}]`, 'name'));
}

function dimValue(x: unknown, where: string, nameKey: string): DimValue & Obj {
  if (typeof x === 'string' || typeof x === 'number') return { name: String(x), args: [], env: {} };
  if (typeof x !== 'object' || x === null) throw bad(where, 'expected a name or a mapping');
  const o = x as Obj;
  const name = o[nameKey] ?? o.name;
  if (typeof name !== 'string' || !name) throw bad(where, `needs "${nameKey}"`);
  return { ...o, name, args: strings(o.args ?? [], `${where}.args`), env: envOf(o.env ?? {}, `${where}.env`) };
}

/** `gpus: [{ type: H100, counts: [1, 2, 4, 8] }]` or `['H100:4']`: one value per type and count. */
function gpuDimension(v: unknown, where: string): Array<DimValue & { count: number }> {
  const items = Array.isArray(v) ? v : v === undefined ? [] : [v];
  if (items.length === 0) throw bad(where, 'needs at least one GPU type');
  return items.flatMap((x, i) => {
    const at = `${where}[${i}]`;
    if (typeof x === 'string') {
      const [type, n] = x.split(':');
      const count = n === undefined ? 1 : Number(n);
      if (!type || !(Number.isInteger(count) && count > 0)) throw bad(at, `expected TYPE or TYPE:COUNT, got "${x}"`);
      return [{ name: type, args: [], env: {}, count }];
    }
    const g = dimValue(x, at, 'type');
    const counts = Array.isArray(g.counts) ? g.counts : [g.count ?? 1];
    return counts.map((c) => {
      if (!(Number.isInteger(c) && (c as number) > 0)) throw bad(`${at}.counts`, `expected whole GPU counts, got ${String(c)}`);
      return { name: g.name, args: g.args, env: g.env, count: c as number };
    });
  });
}

function workloadDimension(v: unknown, where: string): Workload[] {
  const items = Array.isArray(v) ? v : v === undefined ? [{ name: 'default', use_case: 'chatbot' }] : [v];
  return items.map((x, i) => {
    const at = `${where}[${i}]`;
    const w = dimValue(x, at, 'name');
    const useCase = optString(w.use_case, `${at}.use_case`) ?? w.name;
    const script = optString(w.script, `${at}.script`);
    const sweep = optString(w.sweep, `${at}.sweep`);
    return { name: w.name, args: w.args, env: w.env, useCase, ...(script && { script }), ...(sweep && { sweep }) };
  });
}

function strings(v: unknown, where: string): string[] {
  if (!Array.isArray(v)) throw bad(where, 'expected a list of strings');
  return v.map(String);
}

function envOf(v: unknown, where: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(where, 'expected a mapping NAME: value');
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));
}

function optString(v: unknown, where: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || !v) throw bad(where, 'expected a string');
  return v;
}

const slug = (parts: string[]) =>
  parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '');

function uniqueId(base: string, seen: Set<string>): string {
  let id = base;
  for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
  seen.add(id);
  return id;
}

function bad(where: string, why: string) {
  return invalidOption(where, why);
}
