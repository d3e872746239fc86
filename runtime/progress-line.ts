import type { RunProgress } from './api/types.js';
import type { LiveLlm } from './progress-llm.js';
import { humanizeDuration } from './summary/format.js';

const BAR = 30;

/** What the line says about one scenario besides its counters: its total time and offered load. */
export interface ScenarioPlan {
  /** ms; the executor's longest duration (without gracefulStop). */
  totalMs: number;
  /** e.g. "5.00/s" for arrival executors, "10 VUs" for closed ones. */
  load: string;
}

/** `00m05.2s`, as k6 prints elapsed and total times. */
export function clock(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}m${(s - m * 60).toFixed(1).padStart(4, '0')}s`;
}

/** k6's bar: `[=======>-----]`, full when done. */
export function bar(progress: number): string {
  const done = Math.round(Math.min(1, Math.max(0, progress)) * BAR);
  if (done >= BAR) return `[${'='.repeat(BAR)}]`;
  return `[${'='.repeat(done)}>${'-'.repeat(BAR - done - 1)}]`;
}

/** One line per scenario (bar, VUs, iterations, elapsed/total, load), then the LLM line when requests were made. */
export function progressLines(p: RunProgress, plans: ReadonlyMap<string, ScenarioPlan>, llm: LiveLlm | undefined): string[] {
  const width = Math.max(...p.scenarios.map((s) => s.name.length), 7);
  const lines = p.scenarios.map((s) => {
    const plan = plans.get(s.name);
    const time = plan ? `${clock(Math.min(p.elapsedMs, plan.totalMs))}/${clock(plan.totalMs)}` : clock(p.elapsedMs);
    const extra = [s.dropped ? `${s.dropped} dropped` : '', s.interrupted ? `${s.interrupted} interrupted` : ''].filter(Boolean).join(', ');
    return (
      `${s.name.padEnd(width)} ${bar(s.status === 'done' ? 1 : s.progress)} ${s.status.padEnd(7)} ${time}  ` +
      `${s.vus} VUs  ${s.completed} iters${plan ? `  ${plan.load}` : ''}${extra ? `  (${extra})` : ''}`
    );
  });
  if (llm) {
    const ttft = llm.ttftP95 === undefined ? 'n/a' : humanizeDuration(llm.ttftP95);
    lines.push(
      `${'llm'.padEnd(width)} ${llm.reqPerSec.toFixed(1)} req/s  ${llm.inFlight} in flight  TTFT p95 (10s) ${ttft}  errors ${llm.errors}/${llm.requests}`,
    );
  }
  return lines;
}
