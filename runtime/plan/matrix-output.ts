/** A matrix plan as CSV (one row per run) and as a POSIX shell script that runs it. Pure. */
import path from 'node:path';
import type { MatrixPlan } from './matrix.js';

const TAG_COLUMNS = ['model', 'gpu', 'gpus', 'framework', 'quant', 'use_case', 'workload'] as const;

/** Quotes `s` for a POSIX shell unless it is plainly safe. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** id, the tags, script, sweep, result and the llmload command line. */
export function matrixCsv(plan: MatrixPlan): string {
  const header = ['id', ...TAG_COLUMNS, 'script', 'sweep', 'result', 'command'];
  const rows = plan.runs.map((r) => [
    r.id,
    ...TAG_COLUMNS.map((k) => r.tags[k] ?? ''),
    r.script,
    r.sweep ?? '',
    r.result,
    [plan.llmload, ...r.argv].map(shellQuote).join(' '),
  ]);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

/**
 * The runs one after the other. `$LLMLOAD` replaces the command prefix (e.g.
 * `LLMLOAD='npx llmload'`). A failing run (exit 99: thresholds crossed, still
 * with its result file) does not stop the others; the script exits 1 when
 * any run failed, after printing which.
 */
export function matrixShell(plan: MatrixPlan): string {
  const dirs = [...new Set(plan.runs.map((r) => path.posix.dirname(r.result)).filter((d) => d !== '.'))];
  const lines = [
    '#!/bin/sh',
    `# llmload matrix plan: ${plan.runs.length} run${plan.runs.length === 1 ? '' : 's'}. Each result file carries its cell as tags; rank them with llmload recommend.`,
    `LLMLOAD="\${LLMLOAD:-${plan.llmload}}"`,
    'failed=""',
    ...(dirs.length > 0 ? [`mkdir -p ${dirs.map(shellQuote).join(' ')}`] : []),
  ];
  for (const r of plan.runs) {
    lines.push('');
    lines.push(`echo ${shellQuote(`== ${r.id}`)} >&2`);
    lines.push(`$LLMLOAD ${r.argv.map(shellQuote).join(' ')} || failed="$failed ${r.id}"`);
  }
  lines.push('');
  lines.push('if [ -n "$failed" ]; then echo "failed runs:$failed" >&2; exit 1; fi');
  return `${lines.join('\n')}\n`;
}
