import type { GroupSummary } from '../metrics/groups.js';
import { parseThresholdExpression } from '../thresholds/parse.js';
import { humanizeNumber, humanizeValue } from './format.js';
import { sortByName, type SummaryData, type SummaryMetric } from './summary-data.js';

export interface TextSummaryOptions {
  /** ANSI colours; false → plain text without a single escape sequence. */
  color: boolean;
}

const EXECUTION = new Set(['iterations', 'iteration_duration', 'dropped_iterations', 'vus', 'vus_max', 'iteration_schedule_lag', 'interrupted_iterations']);
const NETWORK = new Set(['data_sent', 'data_received']);

/** k6 1.x's sections; custom metrics come first, as in k6. */
function sectionOf(name: string): string {
  const base = name.split('{', 1)[0]!;
  if (base.startsWith('http_')) return 'HTTP';
  if (base.startsWith('llm_')) return 'LLM';
  if (base.startsWith('gpu_')) return 'GPU';
  if (base.startsWith('server_')) return 'SERVER';
  if (EXECUTION.has(base) || base.startsWith('llmload_')) return 'EXECUTION';
  if (NETWORK.has(base)) return 'NETWORK';
  return 'CUSTOM';
}
const SECTION_ORDER = ['CUSTOM', 'HTTP', 'LLM', 'GPU', 'SERVER', 'EXECUTION', 'NETWORK'];

type Paint = (text: string, ...codes: number[]) => string;

/**
 * The end-of-test summary in k6 1.x's style: a THRESHOLDS block (✓/✗ per
 * threshold with the observed value), TOTAL RESULTS (checks, then metrics by
 * section with dotted names), then one block per group that holds checks.
 */
export function renderTextSummary(data: SummaryData, opts: TextSummaryOptions): string {
  const paint: Paint = opts.color ? (t, ...c) => `\x1b[${c.join(';')}m${t}\x1b[0m` : (t) => t;
  const timeUnit = data.options.summaryTimeUnit;
  const trendStats = data.options.summaryTrendStats;
  const names = sortByName(Object.keys(data.metrics).map((key) => ({ key }))).map((k) => k.key);
  const out: string[] = [''];

  // THRESHOLDS
  const withThresholds = names.filter((n) => data.metrics[n]!.thresholds);
  if (withThresholds.length > 0) {
    out.push(title('THRESHOLDS', paint), '');
    for (const name of withThresholds) {
      const m = data.metrics[name]!;
      const parent = name.split('{', 1)[0]!;
      const nested = parent !== name && withThresholds.includes(parent);
      const pad = nested ? '      ' : '    ';
      out.push(pad + (nested ? name.slice(parent.length) : name));
      for (const [expr, t] of Object.entries(m.thresholds!)) {
        const mark = t.ok ? paint('✓', 32) : paint('✗', 31);
        const seen = t.empty
          ? paint(t.ok ? 'no samples (allowEmpty)' : 'no samples: nothing was measured', t.ok ? 37 : 31)
          : observed(expr, m, timeUnit, paint);
        out.push(`${pad}${mark} ${paint(`'${expr}'`, 37)} ${seen}`);
      }
      out.push('');
    }
    out.push('');
  }

  // TOTAL RESULTS
  out.push(title('TOTAL RESULTS', paint), '');
  const listed = names.filter((n) => n.split('{', 1)[0] !== 'checks');
  const checkMetrics = names.filter((n) => n.split('{', 1)[0] === 'checks');
  const table = new MetricTable(data, [...checkMetrics, ...listed], trendStats, timeUnit, paint);
  const rootChecks = data.root_group.checks;
  if (checkMetrics.length > 0 || rootChecks.length > 0) {
    for (const n of checkMetrics) out.push(table.line(n, '    '));
    if (rootChecks.length > 0) out.push('', ...renderChecks(rootChecks, '    ', paint));
    out.push('');
  }
  for (const section of SECTION_ORDER) {
    const inSection = listed.filter((n) => sectionOf(n) === section);
    if (inSection.length === 0) continue;
    out.push('    ' + paint(section, 1));
    for (const n of inSection) out.push(table.line(n, '    '));
    out.push('');
  }

  // GROUPS (only those with checks somewhere inside)
  for (const g of data.root_group.groups) {
    if (!hasChecks(g)) continue;
    out.push('', title(`GROUP: ${g.name}`, paint), '', ...renderGroup(g, '    ', paint));
  }
  return out.map((l) => l.trimEnd()).join('\n');
}

function title(text: string, paint: Paint): string {
  return `  █ ${paint(text, 1)}`;
}

function hasChecks(g: GroupSummary): boolean {
  return g.checks.length > 0 || g.groups.some(hasChecks);
}

function renderGroup(g: GroupSummary, indent: string, paint: Paint): string[] {
  const lines = renderChecks(g.checks, indent, paint);
  for (const child of g.groups) {
    if (!hasChecks(child)) continue;
    lines.push('', `${indent}↳ ${paint(`GROUP: ${child.name}`, 1)}`, '', ...renderGroup(child, indent + '  ', paint));
  }
  return lines;
}

function renderChecks(checks: GroupSummary['checks'], indent: string, paint: Paint): string[] {
  const lines: string[] = [];
  for (const c of checks) {
    if (c.fails === 0) {
      lines.push(indent + paint(`✓ ${c.name}`, 32));
      continue;
    }
    const pct = Math.floor((100 * c.passes) / (c.passes + c.fails));
    lines.push(indent + paint(`✗ ${c.name}`, 31));
    lines.push(indent + '  ' + paint(`↳  ${pct}% — ✓ ${c.passes} / ✗ ${c.fails}`, 31));
  }
  return lines;
}

/** `p(95)=123.45ms`, `rate=0.00%`, `count=12`: the value a threshold compared. */
function observed(expr: string, m: SummaryMetric, timeUnit: string, paint: Paint): string {
  let agg: string;
  try {
    agg = parseThresholdExpression(expr).aggregation;
  } catch {
    return '';
  }
  const v = m.values[agg];
  if (v === undefined) return '';
  let text: string;
  if (m.type === 'counter' && agg === 'rate') text = humanizeValue(v, m, timeUnit) + '/s';
  else if (m.type === 'counter' && m.contains === 'default') text = humanizeNumber(v);
  else text = humanizeValue(v, m, timeUnit);
  return `${paint(agg, 37)}=${paint(text, 36)}`;
}

/** Pre-rendered cells of every metric line, so columns align across the whole summary. */
class MetricTable {
  private readonly cells = new Map<string, { main: string[]; extras: string[]; trend: boolean }>();
  private readonly nameWidth: number;
  private readonly trendWidths: number[] = [];
  private readonly mainWidth: number;
  private readonly extraWidths: number[] = [];

  constructor(
    data: SummaryData,
    names: string[],
    trendStats: string[],
    timeUnit: string,
    private readonly paint: Paint,
  ) {
    let nameWidth = 0;
    let mainWidth = 0;
    for (const n of names) {
      const m = data.metrics[n]!;
      nameWidth = Math.max(nameWidth, width(displayName(n)));
      if (m.type === 'trend') {
        const cols = trendStats.map((s) => {
          const v = m.values[s] ?? 0;
          return `${s}=${s === 'count' ? String(v) : humanizeValue(v, m, timeUnit)}`;
        });
        cols.forEach((c, i) => (this.trendWidths[i] = Math.max(this.trendWidths[i] ?? 0, width(c))));
        this.cells.set(n, { main: cols, extras: [], trend: true });
      } else {
        const [main, ...extras] = nonTrendCells(m, timeUnit);
        mainWidth = Math.max(mainWidth, width(main!));
        extras.forEach((c, i) => (this.extraWidths[i] = Math.max(this.extraWidths[i] ?? 0, width(c))));
        this.cells.set(n, { main: [main!], extras, trend: false });
      }
    }
    this.nameWidth = nameWidth;
    this.mainWidth = mainWidth;
  }

  line(name: string, indent: string): string {
    const c = this.cells.get(name)!;
    const shown = displayName(name);
    const dots = this.paint('.'.repeat(this.nameWidth - width(shown) + 3) + ':', 2);
    let body: string;
    if (c.trend) {
      body = c.main
        .map((col, i) => {
          const eq = col.indexOf('=');
          return col.slice(0, eq + 1) + this.paint(col.slice(eq + 1), 36) + ' '.repeat(this.trendWidths[i]! - width(col));
        })
        .join(' ');
    } else {
      body = this.paint(c.main[0]!, 36) + ' '.repeat(this.mainWidth - width(c.main[0]!));
      const extras = c.extras.map((e, i) => this.paint(e, 36, 2) + ' '.repeat(this.extraWidths[i]! - width(e)));
      if (extras.length > 0) body += ' ' + extras.join(' ');
    }
    return `${indent}${shown}${dots} ${body}`;
  }
}

/** `http_req_duration{status:200}` → `  { status:200 }` (indented under its parent, as k6 shows sub-metrics). */
function displayName(name: string): string {
  const brace = name.indexOf('{');
  return brace < 0 ? name : `  { ${name.slice(brace + 1, -1)} }`;
}

function nonTrendCells(m: SummaryMetric, timeUnit: string): string[] {
  const v = m.values;
  switch (m.type) {
    case 'counter':
      return [humanizeValue(v.count ?? 0, m, timeUnit), humanizeValue(v.rate ?? 0, m, timeUnit) + '/s'];
    case 'gauge':
      return [humanizeValue(v.value ?? 0, m, timeUnit), 'min=' + humanizeValue(v.min ?? 0, m, timeUnit), 'max=' + humanizeValue(v.max ?? 0, m, timeUnit)];
    case 'rate':
      return [humanizeValue(v.rate ?? 0, m, timeUnit), `${v.passes ?? 0} out of ${(v.passes ?? 0) + (v.fails ?? 0)}`];
    default:
      return ['[no data]'];
  }
}

/** Display width: code points (the summary's symbols are all one column wide). */
function width(s: string): number {
  return [...s].length;
}
