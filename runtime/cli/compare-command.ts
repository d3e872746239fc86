import type { Argv } from 'yargs';
import { compareRuns } from '../compare/compare.js';
import { comparisonMarkdown, comparisonText } from '../compare/format.js';
import { COMPARE_METRICS, incomparability, loadRunNumbers } from '../compare/run-numbers.js';
import { SWEEP_METRICS, sweepMetric } from '../compare/sweep-numbers.js';
import { ExitCode, invalidOption, LlmloadError } from '../errors.js';

/** `llmload compare` flags. */
export function compareFlags(y: Argv): Argv {
  return y
    .positional('files', { type: 'string', array: true, describe: 'the current run, then the baseline: --summary-export files or sweep.json files' })
    .option('current', { type: 'array', string: true, describe: 'current runs (repeats: compared with a Welch t-test)' })
    .option('baseline', { type: 'array', string: true, describe: 'baseline runs (repeats: compared with a Welch t-test)' })
    .option('noise', { type: 'string', default: '5%', describe: 'a regression is worse by more than this (e.g. 5%, 0.05)' })
    .option('metrics', { type: 'string', describe: `comma-separated metrics to compare (${COMPARE_METRICS.map((m) => m.id).join(', ')})` })
    .option('format', { choices: ['text', 'md', 'json'], default: 'text', describe: 'output format' })
    .option('fail-on-regression', { type: 'boolean', default: false, describe: 'exit 99 when a metric regressed' });
}

/** Parses `--noise`: "5%" or "5" (percent) or "0.05" (a fraction, below 1). */
export function parseNoise(raw: string): number {
  const text = raw.trim();
  const pct = text.endsWith('%');
  const n = Number(pct ? text.slice(0, -1) : text);
  if (text === '' || !Number.isFinite(n) || n < 0) throw invalidOption('--noise', `expected a percentage like 5% or a fraction like 0.05, got "${raw}"`);
  return pct || n >= 1 ? n / 100 : n;
}

export function parseMetrics(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set([...COMPARE_METRICS, ...SWEEP_METRICS].map((m) => m.id));
  const bad = ids.find((id) => !known.has(id) && !sweepMetric(id));
  if (bad !== undefined) throw invalidOption('--metrics', `unknown metric "${bad}" (known: ${[...known].join(', ')})`);
  return ids;
}

/** Runs `llmload compare`; returns the exit code. */
export async function compareCommand(argv: Record<string, unknown>): Promise<number> {
  const list = (v: unknown) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String));
  const positional = list(argv.files);
  const current = list(argv.current);
  const baseline = list(argv.baseline);
  // `compare a.json b.json`: positionals fill whichever side has no flag.
  if (current.length === 0 && positional.length > 0) current.push(positional.shift()!);
  if (baseline.length === 0 && positional.length > 0) baseline.push(positional.shift()!);
  if (positional.length > 0) throw invalidOption('compare', `unexpected argument "${positional[0]}" (use --current/--baseline for repeats)`);
  if (current.length === 0 || baseline.length === 0) throw invalidOption('compare', 'needs a current and a baseline run: llmload compare <current> <baseline>');
  const cwd = process.cwd();
  const cur = await Promise.all(current.map((f) => loadRunNumbers(f, cwd)));
  const base = await Promise.all(baseline.map((f) => loadRunNumbers(f, cwd)));
  const all = [...cur, ...base];
  for (const r of all.slice(1)) {
    const why = incomparability(all[0]!, r);
    if (why) throw new LlmloadError('ERR_NOT_COMPARABLE', `compare: the runs are not comparable: ${why}`);
  }
  const result = compareRuns(cur, base, { noise: parseNoise(String(argv.noise ?? '5%')), metrics: parseMetrics(argv.metrics as string | undefined) });
  if (result.metrics.length === 0)
    throw new LlmloadError('ERR_NOT_COMPARABLE', 'compare: the runs have no LLM metric in common (were they LLM runs with --summary-export?)');
  const format = String(argv.format ?? 'text');
  const text = format === 'json' ? JSON.stringify(result, null, 2) : format === 'md' ? comparisonMarkdown(result) : comparisonText(result);
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return argv.failOnRegression && result.regressions.length > 0 ? ExitCode.THRESHOLDS_CROSSED : ExitCode.OK;
}
