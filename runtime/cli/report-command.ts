import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv } from 'yargs';
import { renderReportHtml } from '../../plugins/outputs/report/html-page.js';
import { REPORT_FORMAT_VERSION, type ReportData, type ReportThreshold } from '../../plugins/outputs/report/report-data.js';
import { compareRuns } from '../compare/compare.js';
import { extractReportData } from '../compare/report-file.js';
import { incomparability, numbersOf, type RunInfo } from '../compare/run-numbers.js';
import { ExitCode, invalidOption, LlmloadError } from '../errors.js';
import { LLMLOAD_VERSION } from '../version.js';

/** `llmload report` flags. */
export function reportFlags(y: Argv): Argv {
  return y
    .positional('files', { type: 'string', array: true, describe: 'an HTML report or --summary-export file, and/or sweep.json files' })
    .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'the HTML file to write' })
    .option('baseline', { type: 'string', describe: 'overlay this run (HTML report or --summary-export file) and show the deltas' });
}

type Loaded = { kind: 'run'; data: ReportData } | { kind: 'sweep'; doc: Record<string, unknown> };

/** Runs `llmload report`; returns the exit code. */
export async function reportCommand(argv: Record<string, unknown>): Promise<number> {
  const files = (Array.isArray(argv.files) ? argv.files : argv.files === undefined ? [] : [argv.files]).map(String);
  if (files.length === 0) throw invalidOption('report', 'needs at least one file: an HTML report, a --summary-export file or a sweep.json');
  const cwd = process.cwd();
  const loaded = await Promise.all(files.map((f) => load(f, cwd)));
  const runs = loaded.filter((l) => l.kind === 'run');
  const sweeps = loaded.filter((l) => l.kind === 'sweep');
  if (runs.length > 1) throw invalidOption('report', `one run per report (got ${runs.length}); overlay another with --baseline`);
  const data = runs[0]?.data ?? emptyRun(sweeps[0]!.doc);
  if (sweeps.length > 0) data.sweep = sweeps.length === 1 ? sweeps[0]!.doc : sweeps.map((s) => s.doc);
  if (argv.baseline !== undefined) {
    const base = await load(String(argv.baseline), cwd);
    if (base.kind !== 'run') throw invalidOption('--baseline', 'expects an HTML report or a --summary-export file, not a sweep');
    const cur = numbersOf(data.summary, files[0]!);
    const old = numbersOf(base.data.summary, String(argv.baseline));
    const why = incomparability(cur, old);
    if (why) throw new LlmloadError('ERR_NOT_COMPARABLE', `report: the runs are not comparable: ${why}`);
    data.baseline = { file: String(argv.baseline), data: base.data, comparison: compareRuns([cur], [old], { noise: 0.05 }) };
  }
  const target = path.resolve(cwd, String(argv.output));
  try {
    await writeFile(target, renderReportHtml(data));
  } catch (err) {
    throw new LlmloadError('ERR_OUTPUT', `report: cannot write "${String(argv.output)}": ${(err as Error).message}`);
  }
  process.stderr.write(`report: wrote ${String(argv.output)}\n`);
  return ExitCode.OK;
}

async function load(file: string, cwd: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw invalidOption('report', `cannot read "${file}": ${(err as Error).message}`);
  }
  const embedded = extractReportData(text);
  if (embedded) return { kind: 'run', data: embedded as unknown as ReportData };
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw invalidOption('report', `"${file}" is neither an llmload HTML report nor JSON`);
  }
  if (json.schema === 'llmload-sweep') return { kind: 'sweep', doc: json };
  if (typeof json.metrics === 'object' && json.metrics !== null) return { kind: 'run', data: fromSummaryExport(json, file) };
  throw invalidOption('report', `"${file}" is not a --summary-export file, a sweep.json or an llmload HTML report`);
}

type ExportMetric = Record<string, number | Record<string, boolean>>;

/** A `--summary-export` file as report data: no time series (it has none), the tables and tiles. */
function fromSummaryExport(json: Record<string, unknown>, file: string): ReportData {
  const run = json.run as RunInfo | undefined;
  const metrics: Record<string, { type: string; contains: string; values: Record<string, number> }> = {};
  const thresholds: ReportThreshold[] = [];
  for (const [name, m] of Object.entries(json.metrics as Record<string, ExportMetric>)) {
    const values: Record<string, number> = {};
    for (const [k, v] of Object.entries(m)) if (typeof v === 'number') values[k] = v;
    const type = 'passes' in values ? 'rate' : 'count' in values && 'rate' in values ? 'counter' : 'value' in values ? 'gauge' : 'trend';
    metrics[name] = { type, contains: 'default', values };
    for (const [expression, failed] of Object.entries((m.thresholds ?? {}) as Record<string, boolean>)) {
      const agg = /^\s*([a-z]+(?:\(\d+(?:\.\d+)?\))?)/.exec(expression)?.[1] ?? '';
      const observed = values[agg === 'rate' ? 'value' : agg];
      thresholds.push({ metric: name, expression, aggregation: agg, ok: !failed, observed: observed ?? null, empty: false });
    }
  }
  const start = run?.start ?? new Date(0).toISOString();
  const end = run?.end ?? start;
  return {
    format: 'llmload-report',
    version: REPORT_FORMAT_VERSION,
    meta: {
      testid: run?.testid ?? path.basename(file),
      script: run?.script ?? '',
      start,
      end,
      durationMs: Date.parse(end) - Date.parse(start),
      models: [],
      llmloadVersion: LLMLOAD_VERSION,
      bucketMs: 1000,
    },
    thresholds,
    summary: { ...json, metrics, root_group: exportGroupToData(json.root_group) },
    series: {},
    distributions: {},
  };
}

interface ExportGroup {
  groups?: Record<string, ExportGroup>;
  checks?: Record<string, unknown>;
}

/** The legacy export's groups and checks (keyed by name) → handleSummary's arrays. */
function exportGroupToData(g: unknown): unknown {
  const group = (g ?? {}) as ExportGroup;
  return {
    ...group,
    groups: Object.values(group.groups ?? {}).map(exportGroupToData),
    checks: Object.values(group.checks ?? {}),
  };
}

/** A report around a sweep alone: its script and times in the header. */
function emptyRun(doc: Record<string, unknown>): ReportData {
  const steps = (doc.steps ?? []) as Array<{ startedAt?: number; measureEnd?: number }>;
  const start = steps[0]?.startedAt ?? 0;
  const end = steps.at(-1)?.measureEnd ?? start;
  return {
    format: 'llmload-report',
    version: REPORT_FORMAT_VERSION,
    meta: {
      testid: `sweep ${String(doc.fingerprint ?? '')}`.trim(),
      script: String(doc.script ?? ''),
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      durationMs: end - start,
      models: [],
      llmloadVersion: String(doc.llmload ?? LLMLOAD_VERSION),
      bucketMs: 1000,
    },
    thresholds: [],
    summary: {},
    series: {},
    distributions: {},
  };
}
