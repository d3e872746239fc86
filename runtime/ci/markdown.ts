import { humanizeDuration, toFixedNoTrailingZeros } from '../summary/format.js';
import type { ThresholdResult } from '../thresholds/thresholds.js';

/** The thresholds as a markdown table (✓/✗ with the observed value). */
export function thresholdsMarkdown(thresholds: readonly ThresholdResult[]): string {
  if (thresholds.length === 0) return '_No thresholds._';
  const rows = thresholds.map((t) => {
    const observed = t.empty ? 'no samples' : t.observed === undefined ? 'n/a' : `${t.aggregation}=${toFixedNoTrailingZeros(t.observed, 4)}`;
    return `| ${t.ok ? '✓' : '✗'} | \`${t.metric}\` | \`${t.threshold}\` | ${observed} |`;
  });
  return ['| | metric | threshold | observed |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

/** One line of headline numbers from the `llm` block (empty when the run made no LLM request). */
export function headline(summary: Record<string, unknown>): string {
  const llm = summary.llm as
    | {
        requests: number;
        failed: number;
        cancelled?: number;
        ttft?: { p95: number };
        e2e?: { p95: number };
        output_token_throughput: number;
        goodput?: { rate: number };
      }
    | undefined;
  if (!llm || llm.requests === 0) return '';
  const judged = llm.requests - (llm.cancelled ?? 0); // cancelled: neither ok nor failed, as in the summary
  const parts = [
    `**${llm.requests}** requests`,
    `**${toFixedNoTrailingZeros(judged > 0 ? (llm.failed / judged) * 100 : 0, 2)}%** failed`,
    llm.ttft && `TTFT p95 **${humanizeDuration(llm.ttft.p95)}**`,
    llm.e2e && `E2E p95 **${humanizeDuration(llm.e2e.p95)}**`,
    `**${toFixedNoTrailingZeros(llm.output_token_throughput, 1)}** output tok/s`,
    llm.goodput && `goodput **${toFixedNoTrailingZeros(llm.goodput.rate * 100, 1)}%**`,
  ];
  return parts.filter(Boolean).join(' · ');
}
