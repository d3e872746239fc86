import type { SummaryData } from './summary-data.js';

/**
 * A block a plugin adds to the end-of-test text summary (goodput, GPU energy,
 * dropped output points...). Rows are label/value pairs, already formatted.
 */
export interface SummarySection {
  title: string;
  rows: ReadonlyArray<{ label: string; value: string }>;
  /** The same numbers for `--summary-export`, written under this top-level key. */
  export?: { key: string; values: Record<string, unknown> };
}

/** What a plugin may read when it builds its section: the final metrics. */
export interface SectionContext {
  data: SummaryData;
  testRunDurationMs: number;
  /** Any statistics of a trend (`p(99)`, `med`…), whatever `summaryTrendStats` lists; undefined for unknown metrics. */
  trendValues?(key: string, stats: readonly string[]): Record<string, number> | undefined;
}

/** Something that contributes a section (endpoint, output, telemetry plugin). */
export interface SummaryContributor {
  summary?(ctx: SectionContext): SummarySection | undefined;
}

/** Collects the sections of every contributor that has something to say. */
export function collectSections(contributors: readonly SummaryContributor[], ctx: SectionContext): SummarySection[] {
  const out: SummarySection[] = [];
  for (const c of contributors) {
    const s = c.summary?.(ctx);
    if (s && s.rows.length > 0) out.push(s);
  }
  return out;
}

/** k6-style dotted rows under an upper-case title, aligned like the metric table. */
export function renderSections(sections: readonly SummarySection[], paint: (t: string, ...codes: number[]) => string = (t) => t): string {
  const lines: string[] = [];
  for (const s of sections) {
    lines.push('', `  ${paint(s.title.toUpperCase(), 1)}`, '');
    const width = Math.max(...s.rows.map((r) => r.label.length)) + 2;
    for (const r of s.rows) lines.push(`    ${r.label}${paint('.'.repeat(Math.max(2, width - r.label.length)), 2)}: ${r.value}`);
  }
  return lines.join('\n');
}
