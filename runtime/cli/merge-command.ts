import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Argv } from 'yargs';
import { mergeRawExports } from '../distributed/merge.js';
import { readRawExport } from '../distributed/raw-export.js';
import { thresholdsFrom } from '../distributed/thresholds-from.js';
import { ExitCode, invalidOption, LlmloadError } from '../errors.js';
import { renderSections } from '../summary/sections.js';
import { renderTextSummary } from '../summary/text-summary.js';
import type { ThresholdsEvaluation } from '../thresholds/thresholds.js';

/** `llmload merge` flags. */
export function mergeFlags(y: Argv): Argv {
  return y
    .positional('files', { type: 'string', array: true, describe: '--summary-export-raw files of runs that ran at the same time' })
    .option('output', { alias: 'o', type: 'string', describe: 'write the merged summary here, in the --summary-export shape' })
    .option('thresholds-from', { type: 'string', describe: "evaluate this script's thresholds on the merged data (exit 99 when one is crossed)" })
    .option('env', { alias: 'e', type: 'string', describe: 'KEY=VALUE for __ENV of the --thresholds-from script, repeatable' })
    .option('config', { alias: 'c', type: 'string', describe: 'JSON config file with options, for the --thresholds-from script' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no text summary on stdout' })
    .option('color', { type: 'boolean', default: true, describe: 'colours in the output (--no-color to disable)' });
}

/**
 * Runs `llmload merge`: the raw exports merge into one engine; the merged
 * summary is printed and written (-o); thresholds (--thresholds-from, else the
 * inputs' own) are evaluated on the merged data: exit 99 when one is crossed.
 */
export async function mergeCommand(argv: Record<string, unknown>): Promise<number> {
  const list = (v: unknown) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));
  const files = list(argv.files);
  if (files.length === 0) throw invalidOption('merge', 'needs at least one --summary-export-raw file: llmload merge a.json b.json -o merged.json');
  const cwd = process.cwd();
  const inputs = await Promise.all(files.map(async (file) => ({ file, raw: await readRawExport(file, cwd) })));
  const script = argv.thresholdsFrom === undefined ? undefined : list(argv.thresholdsFrom).at(-1)!;
  const fromScript = script === undefined ? undefined : await thresholdsFrom(script, { env: list(argv.env), config: list(argv.config).at(-1) });
  const warn = (m: string) => process.stderr.write(`WARN ${m}\n`);
  const merged = mergeRawExports(inputs, { thresholds: fromScript?.thresholds, definitions: fromScript?.definitions, warn });

  const output = list(argv.output).at(-1);
  if (output !== undefined) await writeJson(cwd, output, merged.exported);
  const color = argv.color !== false && process.stdout.isTTY === true && !process.env.NO_COLOR;
  if (!argv.quiet) {
    const paint = (t: string, ...c: number[]) => (color ? `\x1b[${c.join(';')}m${t}\x1b[0m` : t);
    process.stdout.write(renderTextSummary(merged.data, { color }) + renderSections(merged.sections, paint) + '\n');
  }
  if (merged.thresholds) reportCrossed(merged.thresholds);
  return merged.thresholds && !merged.thresholds.ok ? ExitCode.THRESHOLDS_CROSSED : ExitCode.OK;
}

/** As a run ends: one line per threshold that had nothing to judge, then the crossed metrics. */
function reportCrossed(results: ThresholdsEvaluation): void {
  for (const r of results.results) {
    if (r.empty && !r.ok) process.stderr.write(`ERROR threshold '${r.threshold}' on ${r.metric} failed: the metric got no samples in any input\n`);
  }
  if (results.failed.length > 0) process.stderr.write(`ERROR thresholds on metrics '${results.failed.join(', ')}' have been crossed\n`);
}

async function writeJson(cwd: string, file: string, value: unknown): Promise<void> {
  const target = path.resolve(cwd, file);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, JSON.stringify(value, null, 2) + '\n');
  } catch (err) {
    throw new LlmloadError('ERR_INTERNAL', `merge: cannot write "${file}": ${(err as Error).message}`);
  }
}
