import { humanizeDuration, toFixedNoTrailingZeros } from '../summary/format.js';
import type { Comparison, MetricComparison } from './compare.js';

/** Hidden marker of llmload's PR comment and step summary: the action finds its own comment by it. */
export const COMMENT_MARKER = '<!-- llmload-compare -->';

export function formatValue(m: Pick<MetricComparison, 'unit'>, v: number): string {
  if (m.unit === 'ms') return humanizeDuration(v);
  if (m.unit === '/s') return `${toFixedNoTrailingZeros(v, 2)}/s`;
  if (m.unit === 'load') return toFixedNoTrailingZeros(v, 2);
  return `${toFixedNoTrailingZeros(v * 100, 2)}%`;
}

function change(m: MetricComparison): string {
  if (m.change === null) return m.current === m.baseline ? '0%' : 'n/a';
  const pct = m.change * 100;
  return `${pct >= 0 ? '+' : ''}${toFixedNoTrailingZeros(pct, 1)}%`;
}

function mark(m: MetricComparison): string {
  return m.verdict === 'regression' ? '✗ regression' : m.verdict === 'improvement' ? '✓ better' : '= same';
}

function how(c: Comparison): string {
  const band = `${toFixedNoTrailingZeros(c.noise * 100, 2)}%`;
  return c.method === 'welch'
    ? `means of ${c.current.length} vs ${c.baseline.length} runs; a regression is worse by more than ${band} with Welch's t-test p < 0.05`
    : `a regression is worse by more than ${band}`;
}

/** The comparison as an aligned text table (the terminal, the end-of-test summary). */
export function comparisonText(c: Comparison): string {
  const rows = c.metrics.map((m) => [
    m.label,
    formatValue(m, m.baseline),
    formatValue(m, m.current),
    change(m),
    m.p === undefined ? '' : `p=${m.p.toFixed(3)}`,
    mark(m),
  ]);
  const head = ['metric', 'baseline', 'current', 'change', c.method === 'welch' ? 'welch' : '', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `  ${r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const verdict =
    c.regressions.length === 0 ? 'no regression' : `${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'}: ${c.regressions.join(', ')}`;
  return [line(head), ...rows.map(line), '', `  ${verdict} (${how(c)})`].join('\n');
}

/** The comparison as GitHub-flavoured markdown (PR comments, `$GITHUB_STEP_SUMMARY`), with the hidden marker. */
export function comparisonMarkdown(c: Comparison, title = 'llmload: comparison with the baseline'): string {
  const welch = c.method === 'welch';
  const lines = [
    COMMENT_MARKER,
    `### ${title}`,
    '',
    `| metric | baseline | current | change |${welch ? ' p |' : ''} |`,
    `| --- | ---: | ---: | ---: |${welch ? ' ---: |' : ''} --- |`,
  ];
  for (const m of c.metrics) {
    const p = welch ? ` ${m.p === undefined ? '' : m.p.toFixed(3)} |` : '';
    lines.push(`| ${m.label} | ${formatValue(m, m.baseline)} | ${formatValue(m, m.current)} | ${change(m)} |${p} ${mark(m)} |`);
  }
  const verdict = c.regressions.length === 0 ? '**No regression**' : `**${c.regressions.length} regression${c.regressions.length === 1 ? '' : 's'}**`;
  lines.push('', `${verdict} (${how(c)}).`);
  return `${lines.join('\n')}\n`;
}
