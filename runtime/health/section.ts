import { humanizeDuration, percent } from '../summary/format.js';
import type { SectionContext, SummarySection } from '../summary/sections.js';
import type { HealthWindow, SaturationVerdict } from './window.js';

/** The one sentence every report repeats for a saturated run. */
export const SATURATED_MESSAGE = "load generator saturated: results are not the server's";

interface HealthSource {
  verdict(): SaturationVerdict;
  runDelay(): { p50: number; p99: number; max: number };
}

/** What made the generator late, and what to do about it. */
export function describeCause(v: Pick<SaturationVerdict, 'cause'>): string {
  return v.cause === 'starved'
    ? "llmload's main thread was mostly idle yet late: this machine is short of CPU (another process, the server under test?); give the load generator its own cores"
    : "llmload's own work kept its main thread busy: this is more load than one llmload process can generate; use fewer VUs, or more threads (--threads N), load-generator processes or machines";
}

const avg = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * The LOAD GENERATOR block of the summary and `load_generator` in the
 * export: whether llmload kept up, and by how much its own delay can be in
 * the latencies it measured.
 */
export function healthSection(src: HealthSource, windows: readonly HealthWindow[], ctx: Pick<SectionContext, 'trendValues'>): SummarySection | undefined {
  if (windows.length === 0) return undefined;
  const v = src.verdict();
  const d = src.runDelay();
  const busy = avg(windows.map((w) => w.utilization));
  const cores = avg(windows.map((w) => w.cpuCores));
  const ttft = ctx.trendValues?.('llm_ttft', ['p(50)', 'count']);
  const rows: Array<{ label: string; value: string }> = [];
  rows.push({
    label: 'status',
    value: v.saturated
      ? `SATURATED (${v.badWindows} of ${v.windows} s): ${SATURATED_MESSAGE}; ${describeCause(v)}`
      : `ok: llmload kept up (${v.badWindows} of ${v.windows} s saturated)`,
  });
  rows.push({ label: 'event-loop delay', value: `p50=${humanizeDuration(d.p50)} p99=${humanizeDuration(d.p99)} max=${humanizeDuration(d.max)}` });
  rows.push({ label: 'main thread busy', value: `${percent(busy)} on average, process CPU ${cores.toFixed(2)} cores` });
  if (v.saturated) {
    const share = ttft?.count ? ` (TTFT p50 is ${humanizeDuration(ttft['p(50)']!)})` : '';
    rows.push({
      label: 'effect',
      value: `every client timestamp can be late by the event-loop delay (p99 ${humanizeDuration(d.p99)})${share}, and work queued behind the busy thread adds more: read latencies as upper bounds`,
    });
  }
  return {
    title: v.saturated ? 'Load generator: SATURATED' : 'Load generator',
    rows,
    export: {
      key: 'load_generator',
      values: {
        saturated: v.saturated,
        message: v.saturated ? SATURATED_MESSAGE : null,
        cause: v.cause ?? null,
        saturated_seconds: v.badWindows,
        seconds: v.windows,
        event_loop_delay_ms: d,
        main_thread_busy: busy,
        cpu_cores: cores,
      },
    },
  };
}

/** One load generator's `load_generator` export values (an agent's, or a thread's of `--threads`). */
export type HealthValues = Record<string, unknown> & { saturated: boolean; cause: SaturationVerdict['cause'] | null };

/**
 * The LOAD GENERATOR block of a run made by several load generators (the
 * agents of a distributed run, the threads of `--threads`), from each one's
 * own values: saturated when any was, with a row per generator.
 */
export function mergedHealthSection(parts: ReadonlyMap<number, HealthValues>, who: 'agent' | 'thread'): SummarySection | undefined {
  if (parts.size === 0) return undefined;
  const all = [...parts].sort(([a], [b]) => a - b);
  const bad = all.filter(([, v]) => v.saturated);
  const rows: Array<{ label: string; value: string }> = [
    {
      label: 'status',
      value:
        bad.length > 0
          ? `SATURATED on ${who} ${bad.map(([i]) => i).join(', ')}: ${SATURATED_MESSAGE}; ${describeCause({ cause: bad[0]![1].cause ?? undefined })}`
          : `ok: every ${who} kept up`,
    },
  ];
  for (const [i, v] of all) {
    const d = v.event_loop_delay_ms as { p50: number; p99: number; max: number } | undefined;
    const delay = d ? `event-loop delay p50=${humanizeDuration(d.p50)} p99=${humanizeDuration(d.p99)} max=${humanizeDuration(d.max)}, ` : '';
    const state = v.saturated ? `SATURATED (${v.saturated_seconds} of ${v.seconds} s)` : 'ok';
    rows.push({ label: `${who} ${i}`, value: `${state}; ${delay}busy ${percent(Number(v.main_thread_busy ?? 0))}` });
  }
  const cause = bad[0]?.[1].cause ?? null;
  return {
    title: bad.length > 0 ? 'Load generator: SATURATED' : 'Load generator',
    rows,
    export: {
      key: 'load_generator',
      values: { saturated: bad.length > 0, message: bad.length > 0 ? SATURATED_MESSAGE : null, cause, [`${who}s`]: all.map(([index, v]) => ({ index, ...v })) },
    },
  };
}
