/** The sweep's text result: one row per step, then what it concludes. */
import type { SweepAnalysis } from './result.js';
import type { SweepStep } from './step-result.js';

const HEAD = ['step', 'value', 'req/s', 'out tok/s', 'TTFT p50', 'TTFT p95', 'TTFT p99', 'TPOT p95', 'E2E p95', 'goodput', 'in-flight', 'result'];

const ms = (v: number | null) => (v === null ? '-' : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)}ms`);
const num = (v: number, d = 2) => (Number.isInteger(v) ? String(v) : v.toFixed(d));

/** One line per step. `unit` names the value column (VUs or req/s). */
export function renderSweepTable(steps: readonly SweepStep[], analysis: SweepAnalysis, unit: (s: SweepStep) => string): string {
  const rows = steps.map((s) => [
    String(s.step),
    `${num(s.value)} ${unit(s)}`,
    s.achievedRps.toFixed(2),
    s.outputTokensPerSecond.toFixed(1),
    ms(s.ttft.p50),
    ms(s.ttft.p95),
    ms(s.ttft.p99),
    ms(s.tpotP95),
    ms(s.e2eP95),
    s.goodputPct === null ? '-' : `${s.goodputPct.toFixed(1)}%`,
    s.inFlight.toFixed(1),
    (s.pass ? 'pass' : 'FAIL') + (s.saturation.saturated ? ' (saturated)' : ''),
  ]);
  const widths = HEAD.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]!))).join('  ');
  const out = [line(HEAD), ...rows.map(line), '', ...conclusions(steps, analysis, unit)];
  return out.join('\n') + '\n';
}

function conclusions(steps: readonly SweepStep[], a: SweepAnalysis, unit: (s: SweepStep) => string): string[] {
  const u = steps.find((s) => s.kind === 'vus' || s.kind === 'rate');
  const label = u ? unit(u) : '';
  const lines: string[] = [];
  lines.push(
    a.maxGoodput ? `max goodput:   ${a.maxGoodput.rps.toFixed(2)} req/s at step ${a.maxGoodput.step}` : 'max goodput:   none (no step had good requests)',
  );
  lines.push(`max passing:   ${a.maxPassing === null ? 'none' : `${num(a.maxPassing)} ${label}`}`);
  lines.push(`first failing: ${a.firstFailing === null ? 'none' : `${num(a.firstFailing)} ${label}`}`);
  if (a.bindingSlo) {
    const b = a.bindingSlo;
    lines.push(`binding SLO:   ${b.metric} ${b.threshold} (observed ${num(b.observed)}, ${(b.margin * 100).toFixed(1)}% margin)`);
  }
  const thr = steps.find((s) => s.kind === 'throughput');
  if (thr?.steadyRps != null) {
    lines.push(`throughput:    ${thr.steadyRps.toFixed(2)} req/s steady ((n − 1) / (last end − first end)), ${thr.achievedRps.toFixed(2)} req/s mean`);
  }
  lines.push(`pareto steps:  ${a.pareto.length ? a.pareto.join(', ') : 'none'} (max output tok/s vs min TTFT p99)`);
  lines.push(`knee:          ${a.knee ? `step ${a.knee.step} (${num(a.knee.value)})` : 'none (needs 4 steps and a bending throughput curve)'}`);
  for (const c of a.contradictions) {
    lines.push(`WARN non-monotone: ${num(c.passed)} passed although ${num(c.failed)} failed; the server's capacity is noisy here (see --repeat)`);
  }
  const e = a.end;
  if (e.reason === 'stop-on-slo') lines.push(`stopped after step ${e.step}: its SLOs failed (stopOn: slo)`);
  if (e.reason === 'stop-on-saturation') lines.push(`stopped after step ${e.step}: saturated (stopOn: saturation)`);
  if (e.reason === 'search' && e.search.reason === 'max-steps') lines.push('stopped at maxSteps before the search converged');
  return lines;
}
