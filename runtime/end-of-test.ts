import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunFlags } from './cli/flags.js';
import type { RunConsole } from './console.js';
import { LlmloadError } from './errors.js';
import type { RunOutputs } from './run-outputs.js';
import type { Prepared } from './prepare.js';
import type { ErrorLog } from './scheduler/error-log.js';
import { buildSummaryData } from './summary/summary-data.js';
import { toSummaryExport } from './summary/summary-export.js';
import { renderTextSummary } from './summary/text-summary.js';
import { collectSections, renderSections, type SummaryContributor, type SummarySection } from './summary/sections.js';
import type { Thresholds, ThresholdsEvaluation } from './thresholds/thresholds.js';
import { compareWithBaseline, type BaselineResult } from './compare/baseline.js';
import { comparisonText } from './compare/format.js';
import { runInfoOf } from './compare/run-info.js';
import { createThresholdLocator } from './bundle/threshold-location.js';
import type { SourceLocation } from './plugin-api/output.js';
import { rawExportOf } from './distributed/raw-export.js';

export interface FinishInput {
  prepared: Prepared;
  flags: RunFlags;
  thresholds: Thresholds | undefined;
  outputs: RunOutputs;
  errors: ErrorLog;
  testRunDurationMs: number;
  con: RunConsole;
  /** Plugins that add a block to the text summary (goodput, energy, dropped points). */
  contributors?: readonly SummaryContributor[];
  /** The run's id, for the `run` block of the summary. */
  testid?: string;
}

/** What the end of the test decided. */
export interface FinishResult {
  thresholdsCrossed: boolean;
  /** The final evaluation (undefined with --no-thresholds or none defined). */
  thresholds: ThresholdsEvaluation | undefined;
  /** Exactly what handleSummary() receives: k6's data plus the plugins' blocks (`llm`, `load_generator`…). */
  summary: Record<string, unknown>;
  /** The summary's plugin blocks (CI warnings read them). */
  sections: SummarySection[];
  /** Where a threshold is written in the script, when the source map knows it. */
  locate(metric: string, expression: string): SourceLocation | undefined;
  /** `--baseline FILE`: the comparison with it. */
  baseline?: BaselineResult;
}

/**
 * After the last iteration: every sample reaches the outputs, thresholds are
 * evaluated once more on the complete data, then the summary is produced
 * (handleSummary() when the script exports it, else the text summary) and
 * --summary-export written.
 */
export async function finishTest(input: FinishInput): Promise<FinishResult> {
  const { prepared, flags, thresholds, outputs, errors, testRunDurationMs, con } = input;
  const { engine, registry, options, factory } = prepared;
  outputs.add(engine.drainBatch());
  await outputs.stop();
  const results = thresholds?.evaluate(testRunDurationMs, { final: true });

  const data = buildSummaryData({
    engine,
    registry,
    thresholds: results,
    summaryTrendStats: options.summaryTrendStats,
    summaryTimeUnit: options.summaryTimeUnit,
    testRunDurationMs,
    noColor: !con.color,
    isStdOutTTY: con.stdout.isTTY === true,
    isStdErrTTY: con.stderr.isTTY === true,
  });

  const trendValues = (key: string, stats: readonly string[]) => engine.get(key)?.sink.values(testRunDurationMs, stats);
  const sections = collectSections(input.contributors ?? [], { data, testRunDurationMs, trendValues });
  const endTime = Date.now();
  // What ran and at what load: `llmload compare` refuses runs that differ in it.
  const run = runInfoOf({ testid: input.testid ?? '', script: flags.script, options, endTime, testRunDurationMs });
  const exported = [...sections, { title: 'run', rows: [], export: { key: 'run', values: run as unknown as Record<string, unknown> } }];
  if (flags.summaryExport) {
    await writeOut(con.cwd, flags.summaryExport, JSON.stringify(toSummaryExport(data, exported, options.tags), null, 2) + '\n', '--summary-export');
  }
  if (flags.summaryExportRaw) {
    const raw = rawExportOf({ engine, registry, options, llm: prepared.llm.stats, testRunDurationMs, endTime, run });
    await writeOut(con.cwd, flags.summaryExportRaw, JSON.stringify(raw) + '\n', '--summary-export-raw');
  }

  // The script sees what --summary-export has: k6's data plus the plugins' blocks (`llm`, `load_generator`…).
  const forScript: Record<string, unknown> = { ...data };
  for (const s of exported) if (s.export && !(s.export.key in forScript)) forScript[s.export.key] = s.export.values;
  const { locate, baseline, baselineError } = await finishReports(input, forScript, results, endTime);
  if (flags.summary === false) {
    // --no-summary: neither the text summary nor handleSummary() (as k6).
  } else if (prepared.exports.includes('handleSummary')) {
    const json = await factory.runLifecycle('handleSummary', JSON.stringify(forScript), options.handleSummaryTimeout);
    const files = json === undefined ? undefined : (JSON.parse(json) as unknown);
    if (files !== undefined && (typeof files !== 'object' || files === null || Array.isArray(files))) {
      throw new LlmloadError('ERR_SCRIPT_EXCEPTION', 'handleSummary() must return an object of { stdout | stderr | path: string }');
    }
    for (const [where, content] of Object.entries((files ?? {}) as Record<string, unknown>)) {
      const text = typeof content === 'string' ? content : JSON.stringify(content);
      if (where === 'stdout') con.stdout.write(text);
      else if (where === 'stderr') con.stderr.write(text);
      else await writeOut(con.cwd, where, text, 'handleSummary()');
    }
  } else {
    const paint = (t: string, ...c: number[]) => (con.color ? `\x1b[${c.join(';')}m${t}\x1b[0m` : t);
    con.stdout.write(renderTextSummary(data, { color: con.color }) + renderSections(sections, paint) + '\n');
    if (baseline) con.stdout.write(`\n  ${paint(`BASELINE (${baseline.file})`, 1)}\n\n${comparisonText(baseline.comparison)}\n`);
  }

  if (results) reportCrossed(results, con);
  if (!data.metrics.iterations?.values.count) con.warn('no iteration completed: this run measured nothing');
  if (errors.total > 0) {
    con.warn(`${errors.total} iteration${errors.total === 1 ? '' : 's'} ended with a script error:`);
    for (const e of errors.entries()) con.warn(`  ${e.count}× ${e.message}${e.location ? ` at ${e.location}` : ''}`);
  }
  if (baselineError) throw baselineError;
  return { thresholdsCrossed: results ? !results.ok : false, thresholds: results, summary: forScript, sections, locate, baseline };
}

/**
 * `--baseline` and the outputs' reports (HTML, JUnit), before handleSummary(): a script that throws there
 * still leaves them. An incomparable baseline is returned, to fail the run (104) once its summary is out.
 */
async function finishReports(input: FinishInput, summary: Record<string, unknown>, results: ThresholdsEvaluation | undefined, endTime: number) {
  const { flags, con, prepared, testRunDurationMs } = input;
  let baseline: BaselineResult | undefined;
  let baselineError: unknown;
  if (flags.baseline) {
    try {
      baseline = await compareWithBaseline(flags.baseline, con.cwd, summary);
    } catch (err) {
      baselineError = err;
    }
  }
  const locate = createThresholdLocator(prepared.bundle);
  await input.outputs.finish({
    script: flags.script,
    startTime: endTime - testRunDurationMs,
    endTime,
    testRunDurationMs,
    summary,
    thresholds: results?.results ?? [],
    locate,
    ...(baseline && { baseline: { file: baseline.file, data: baseline.report ?? { summary: baseline.summary }, comparison: baseline.comparison } }),
  });
  return { locate, baseline, baselineError };
}

/** k6's end-of-test error line, plus one line per threshold that had nothing to judge. */
function reportCrossed(results: ThresholdsEvaluation, con: RunConsole): void {
  for (const r of results.results) {
    if (r.empty && !r.ok) {
      con.error(
        `threshold '${r.threshold}' on ${r.metric} failed: the metric got no samples, so nothing was measured ` +
          `(add allowEmpty: true to the threshold if an empty metric is fine)`,
      );
    }
  }
  if (results.failed.length > 0) con.error(`thresholds on metrics '${results.failed.join(', ')}' have been crossed`);
}

async function writeOut(cwd: string, file: string, text: string, what: string): Promise<void> {
  const target = path.resolve(cwd, file);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, text);
  } catch (err) {
    throw new LlmloadError('ERR_INTERNAL', `${what}: cannot write "${file}": ${(err as Error).message}`);
  }
}
