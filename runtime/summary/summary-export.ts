import type { GroupSummary } from '../metrics/groups.js';
import type { SummaryData } from './summary-data.js';
import type { SummarySection } from './sections.js';

/** A group in the legacy export: groups and checks keyed by name. */
export interface ExportGroup {
  name: string;
  path: string;
  id: string;
  groups: Record<string, ExportGroup>;
  checks: Record<string, { name: string; path: string; id: string; passes: number; fails: number }>;
}

/** `--summary-export` (k6's legacy JSON, parsed by CI scripts). */
export interface SummaryExport {
  root_group: ExportGroup;
  /**
   * Each metric flattened to its values: counter {count, rate}, gauge
   * {value, min, max}, rate {value, passes, fails} (rate renamed `value`),
   * trend per summaryTrendStats; plus `thresholds: { expr: failed }` where
   * TRUE MEANS THE THRESHOLD FAILED.
   */
  metrics: Record<string, Record<string, number | Record<string, boolean>>>;
  /**
   * The run's tags (`--tag`, options.tags): what the result is of (a matrix
   * cell's model, gpu, gpus, framework, quant, use_case) travels with it.
   */
  tags?: Record<string, string>;
  /** Plugin sections with export values (e.g. `llm`), by their key. */
  [section: string]: unknown;
}

/** handleSummary data → the legacy `--summary-export` object (what k6's oldJSONSummary produces), plus plugin sections. */
export function toSummaryExport(data: SummaryData, sections: readonly SummarySection[] = [], tags: Record<string, string> = {}): SummaryExport {
  const metrics: SummaryExport['metrics'] = {};
  for (const [name, m] of Object.entries(data.metrics)) {
    const out: Record<string, number | Record<string, boolean>> = {};
    for (const [k, v] of Object.entries(m.values)) {
      out[m.type === 'rate' && k === 'rate' ? 'value' : k] = v;
    }
    if (m.thresholds && Object.keys(m.thresholds).length > 0) {
      out.thresholds = Object.fromEntries(Object.entries(m.thresholds).map(([expr, t]) => [expr, !t.ok]));
    }
    metrics[name] = out;
  }
  const out: SummaryExport = { root_group: exportGroup(data.root_group), metrics, tags: { ...tags } };
  for (const s of sections) if (s.export && !(s.export.key in out)) out[s.export.key] = s.export.values;
  return out;
}

function exportGroup(g: GroupSummary): ExportGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: Object.fromEntries(g.groups.map((c) => [c.name, exportGroup(c)])),
    checks: Object.fromEntries(g.checks.map((c) => [c.name, { ...c }])),
  };
}
