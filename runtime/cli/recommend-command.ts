/** `llmload recommend results/*.json`: filter by use case and SLA, rank with TOPSIS (runtime/plan/recommend.ts). */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { csvParse } from '../lazy-packages.js';
import type { Argv } from 'yargs';
import { invalidOption } from '../errors.js';
import { parseCriteria } from '../plan/criteria.js';
import { BUILTIN_GPUS, readGpuTable } from '../plan/gpu-table.js';
import { headroomFor } from '../plan/headroom.js';
import { readModelConfig, type ModelShape } from '../plan/model-config.js';
import { recommend } from '../plan/recommend.js';
import { renderRecommend } from '../plan/recommend-text.js';
import { readResultFile } from '../plan/result-files.js';
import { parseSla } from '../plan/sla.js';
import { loadUseCases } from '../plan/use-cases.js';

export function recommendFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .positional('files', { type: 'string', array: true, describe: '--summary-export files and sweep.json files (or folders of them)' })
    .option('use-case', { type: 'string', describe: 'keep results tagged use_case=NAME; brings its default SLA, criteria and context (chatbot, rag, batch)' })
    .option('use-cases', { type: 'string', describe: 'YAML/JSON file adding or editing use cases: NAME: { sla, criteria, context }' })
    .option('rps', { type: 'number', describe: 'required successful requests/s (a sweep: its max passing rate)' })
    .option('sla', { type: 'string', describe: "METRIC:EXPRESSION in threshold syntax, e.g. 'llm_ttft:p(90)<300', repeatable" })
    .option('criteria', { type: 'string', describe: "NAME:+|-:WEIGHT list, e.g. 'output_tok_s:+:0.3,llm_ttft.p90:-:0.3,cost_per_mtok:-:0.2,gpus:-:0.2'" })
    .option('gpu-price', { type: 'string', describe: 'USD per GPU-hour, e.g. H100=2.5,A100=1.8 (repeatable): cost_per_mtok' })
    .option('accuracy', { type: 'string', describe: 'model=score list, or a CSV file of model,score (repeatable): the accuracy criterion' })
    .option('model-config', { type: 'string', describe: 'model=path/to/config.json (repeatable): the vram_headroom criterion' })
    .option('context', { type: 'number', describe: "tokens per sequence for vram_headroom (default: the use case's)" })
    .option('gpu-table', { type: 'string', describe: 'GPU table file, as for `llmload vram`' })
    .option('top', { type: 'number', default: 10, describe: 'how many to list' })
    .option('format', { choices: ['text', 'json'] as const, default: 'text', describe: 'output format' })
    .option('out', { type: 'string', describe: 'also write the JSON to this file' }) as unknown as Argv<T>;
}

const list = (v: unknown): string[] => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));

/** `K=V,K=V` items (repeatable flags) → numbers; exit 104 naming the flag. */
function numberPairs(items: string[], flag: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = item.lastIndexOf('=');
    const v = Number(item.slice(eq + 1));
    if (eq <= 0 || !Number.isFinite(v)) throw invalidOption(flag, `expected NAME=NUMBER, got "${item}"`);
    out[item.slice(0, eq)] = v;
  }
  return out;
}

/** `--accuracy`: pairs, or CSV files of model,score (a header row is skipped). */
function accuracyOf(items: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    if (!item.includes('=') && /\.csv$/i.test(item)) {
      let rows: string[][];
      try {
        rows = csvParse().parse(readFileSync(item, 'utf8'), { skip_empty_lines: true, trim: true }) as string[][];
      } catch (err) {
        throw invalidOption('--accuracy', `cannot read "${item}": ${(err as Error).message}`);
      }
      for (const [model, score] of rows) if (model && Number.isFinite(Number(score)) && score !== '') out[model] = Number(score);
    } else Object.assign(out, numberPairs([item], '--accuracy'));
  }
  return out;
}

/** Files, and the .json files directly inside folders, sorted. */
function expandFiles(items: string[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    let isDir = false;
    try {
      isDir = statSync(item).isDirectory();
    } catch {
      throw invalidOption('recommend', `no such file or folder "${item}"`);
    }
    if (isDir)
      out.push(
        ...readdirSync(item)
          .filter((n) => n.endsWith('.json'))
          .sort()
          .map((n) => path.join(item, n)),
      );
    else out.push(item);
  }
  return out;
}

export async function recommendCommand(argv: Record<string, unknown>): Promise<number> {
  const files = expandFiles(list(argv.files));
  if (files.length === 0) throw invalidOption('recommend', 'give result files (--summary-export JSON, sweep.json) or folders of them');
  const useCases = loadUseCases(argv.useCases as string | undefined);
  const useCaseName = argv.useCase as string | undefined;
  const useCase = useCaseName === undefined ? undefined : useCases[useCaseName];
  if (useCaseName !== undefined && !useCase)
    throw invalidOption('--use-case', `unknown use case "${useCaseName}" (${Object.keys(useCases).join(', ')}; add one with --use-cases)`);
  const slaText = list(argv.sla);
  const criteriaText = (argv.criteria as string | undefined) ?? useCase?.criteria ?? 'output_tok_s:+:0.4,llm_ttft.p95:-:0.3,gpus:-:0.3';
  const rps = argv.rps as number | undefined;
  if (rps !== undefined && !(rps >= 0)) throw invalidOption('--rps', `expected a number ≥ 0, got ${String(argv.rps)}`);
  const top = argv.top as number;
  if (!(top >= 1)) throw invalidOption('--top', `expected at least 1, got ${String(argv.top)}`);
  const table = argv.gpuTable ? readGpuTable(String(argv.gpuTable)) : [...BUILTIN_GPUS];
  const configs = new Map<string, ModelShape>();
  for (const [model, file] of Object.entries(pairs(list(argv.modelConfig), '--model-config'))) configs.set(model, readModelConfig(file));
  const context = (argv.context as number | undefined) ?? useCase?.context ?? 4096;
  const report = recommend({
    files: files.map(readResultFile),
    ...(useCaseName !== undefined && { useCase: useCaseName }),
    ...(rps !== undefined && { rps }),
    sla: (slaText.length > 0 ? slaText : (useCase?.sla ?? [])).map(parseSla),
    criteria: parseCriteria(criteriaText),
    top,
    derive: {
      prices: numberPairs(list(argv.gpuPrice), '--gpu-price'),
      accuracy: accuracyOf(list(argv.accuracy)),
      table,
      headroom: headroomFor(configs, table, context),
    },
  });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (argv.out) await writeFile(String(argv.out), json);
  process.stdout.write(argv.format === 'json' ? json : renderRecommend(report));
  return 0;
}

function pairs(items: string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0) throw invalidOption(flag, `expected MODEL=PATH, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
