import { LLMLOAD_VERSION, type OutputFinal } from 'llmload/plugin';
import type { BucketRecorder, Distribution, SeriesColumns } from './recorder.js';

/** Bumped when the embedded data changes shape; `llmload report` reads older ones it knows. */
export const REPORT_FORMAT_VERSION = 1;

/** One threshold in the report: ✓/✗ with the observed value, and where it is written. */
export interface ReportThreshold {
  metric: string;
  expression: string;
  aggregation: string;
  ok: boolean;
  observed: number | null;
  empty: boolean;
  file?: string;
  line?: number;
}

/**
 * What an HTML report embeds (JSON, in a `<script type="application/json">`):
 * everything its page draws, and what `llmload report` and `--baseline`
 * read back from it.
 */
export interface ReportData {
  format: 'llmload-report';
  version: number;
  meta: {
    testid: string;
    script: string;
    /** ISO times. */
    start: string;
    end: string;
    durationMs: number;
    models: string[];
    llmloadVersion: string;
    bucketMs: number;
  };
  thresholds: ReportThreshold[];
  /** handleSummary's data: the metrics table, checks (root_group), the `llm` and `load_generator` blocks. */
  summary: Record<string, unknown>;
  /** Metric name (or `llm_req_failed{error_type:x}`) → its time buckets. */
  series: Record<string, SeriesColumns>;
  distributions: Record<string, Distribution>;
  /** A baseline to overlay (its report data, or only its summary) and the comparison with it. */
  baseline?: { file: string; data: Partial<ReportData>; comparison: unknown };
  /** A sweep (sweep.json) shown beside the run; see README "Reports". */
  sweep?: unknown;
}

/** The recorder's buckets and the end-of-test data → the report's data. */
export function buildReportData(rec: BucketRecorder, testid: string, final: OutputFinal | undefined): ReportData {
  const start = final?.startTime ?? (Number.isFinite(rec.firstTime) ? rec.firstTime : Date.now());
  const end = final?.endTime ?? (Number.isFinite(rec.lastTime) ? rec.lastTime : start);
  const thresholds: ReportThreshold[] = (final?.thresholds ?? []).map((t) => {
    const at = final!.locate(t.metric, t.threshold);
    return {
      metric: t.metric,
      expression: t.threshold,
      aggregation: t.aggregation,
      ok: t.ok,
      observed: t.observed ?? null,
      empty: t.empty,
      ...(at && { file: at.file, line: at.line }),
    };
  });
  const data: ReportData = {
    format: 'llmload-report',
    version: REPORT_FORMAT_VERSION,
    meta: {
      testid,
      script: final?.script ?? '',
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      durationMs: final?.testRunDurationMs ?? end - start,
      models: [...rec.models].sort(),
      llmloadVersion: LLMLOAD_VERSION,
      bucketMs: rec.bucketMs,
    },
    thresholds,
    summary: final?.summary ?? {},
    series: rec.columns(),
    distributions: rec.distributionsOut(),
  };
  if (final?.baseline) data.baseline = { file: final.baseline.file, data: final.baseline.data as Partial<ReportData>, comparison: final.baseline.comparison };
  return data;
}
