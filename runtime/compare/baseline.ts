import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { LlmloadError } from '../errors.js';
import { compareRuns, type Comparison } from './compare.js';
import { incomparability, numbersOf } from './run-numbers.js';
import { extractReportData } from './report-file.js';

/** `run --baseline FILE`: the baseline's data and the comparison of this run with it. */
export interface BaselineResult {
  file: string;
  /** The baseline's summary (a `--summary-export` file, or the summary inside an HTML report). */
  summary: Record<string, unknown>;
  /** The baseline's report data when FILE is an llmload HTML report (its charts are overlaid). */
  report?: Record<string, unknown>;
  comparison: Comparison;
}

/** Reads FILE (a `--summary-export` JSON or an llmload HTML report) and compares this run's summary with it. */
export async function compareWithBaseline(file: string, cwd: string, summary: Record<string, unknown>, noise = 0.05): Promise<BaselineResult> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `--baseline: cannot read "${file}": ${(err as Error).message}`);
  }
  const report = extractReportData(text);
  let base: Record<string, unknown>;
  try {
    base = report ? (report.summary as Record<string, unknown>) : (JSON.parse(text) as Record<string, unknown>);
  } catch (err) {
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `--baseline: "${file}" is neither a --summary-export file nor an llmload HTML report: ${(err as Error).message}`,
    );
  }
  const current = numbersOf(summary, 'this run');
  const baseline = numbersOf(base, file);
  const why = incomparability(current, baseline);
  if (why) throw new LlmloadError('ERR_NOT_COMPARABLE', `--baseline: the runs are not comparable: ${why}`);
  return { file, summary: base, ...(report && { report }), comparison: compareRuns([current], [baseline], { noise }) };
}
