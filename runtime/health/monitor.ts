import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { SampleSink, Tags } from '../metrics/types.js';
import { wallTime } from '../scheduler/clock.js';
import type { SectionContext, SummaryContributor, SummarySection } from '../summary/sections.js';
import { describeCause, healthSection, SATURATED_MESSAGE, type HealthValues } from './section.js';
import { judgeSaturation, type HealthWindow, type SaturationVerdict } from './window.js';

/** The histogram's timer period: its readings are that period plus the delay. */
const RESOLUTION_MS = 20;

export interface LoadHealthMonitor extends SummaryContributor {
  start(): void;
  stop(): void;
  verdict(): SaturationVerdict;
  /** Delay over the whole run (ms), for the summary and exports. */
  runDelay(): { p50: number; p99: number; max: number };
  /** The `load_generator` export values (undefined before the first second), as an agent sends them to its coordinator. */
  exportValues(): HealthValues | undefined;
}

/**
 * Watches llmload's own main thread while the test runs, so that a
 * load generator that cannot keep up is named instead of blamed on the
 * server: every second it reads the event-loop delay (how late a due
 * timer ran; a socket read that became ready waited the same), the main
 * thread's utilisation and the process's CPU, records them as samples,
 * and warns once when the run turns saturated. Its metrics
 * (`llmload_event_loop_delay`, `llmload_event_loop_utilization`,
 * `llmload_cpu`) are built-ins, so thresholds can use them.
 */
export function createLoadHealthMonitor(opts: { sink: SampleSink; tags: Tags; warn(message: string): void; intervalMs?: number }): LoadHealthMonitor {
  const windows: HealthWindow[] = [];
  let windowHist: IntervalHistogram | undefined;
  let runHist: IntervalHistogram | undefined;
  let timer: NodeJS.Timeout | undefined;
  let startMono = 0;
  let elu: EventLoopUtilization | undefined;
  let cpu: NodeJS.CpuUsage | undefined;
  let last = 0;
  let warned = false;

  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  const tick = () => {
    const now = performance.now();
    const h = windowHist!;
    const nextElu = performance.eventLoopUtilization();
    const nextCpu = process.cpuUsage();
    const w: HealthWindow = {
      at: now - startMono,
      delayP50: h.count > 0 ? ms(h.percentile(50)) : 0,
      delayP99: h.count > 0 ? ms(h.percentile(99)) : 0,
      delayMax: h.count > 0 ? ms(h.max) : 0,
      utilization: performance.eventLoopUtilization(nextElu, elu).utilization,
      cpuCores: (nextCpu.user - cpu!.user + nextCpu.system - cpu!.system) / 1000 / Math.max(1, now - last),
    };
    h.reset();
    elu = nextElu;
    cpu = nextCpu;
    last = now;
    windows.push(w);
    const time = wallTime(now);
    opts.sink.push({ metric: 'llmload_event_loop_delay', time, value: w.delayP99, tags: opts.tags });
    opts.sink.push({ metric: 'llmload_event_loop_utilization', time, value: w.utilization * 100, tags: opts.tags });
    opts.sink.push({ metric: 'llmload_cpu', time, value: w.cpuCores * 100, tags: opts.tags });
    const v = judgeSaturation(windows);
    if (v.saturated && !warned) {
      warned = true;
      opts.warn(
        `${SATURATED_MESSAGE}: ${describeCause(v)} in ${v.badWindows} of ${v.windows} seconds (now: main thread busy ${Math.round(w.utilization * 100)}%, event-loop delay p99 ${w.delayP99.toFixed(1)} ms), so latencies include llmload's own delay`,
      );
    }
  };

  return {
    start() {
      startMono = last = performance.now();
      windowHist = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      runHist = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
      windowHist.enable();
      runHist.enable();
      elu = performance.eventLoopUtilization();
      cpu = process.cpuUsage();
      timer = setInterval(tick, opts.intervalMs ?? 1000);
      timer.unref();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      // The last partial window counts when it is long enough to mean something.
      if (performance.now() - last >= 250) tick();
      windowHist?.disable();
      runHist?.disable();
    },
    verdict: () => judgeSaturation(windows),
    runDelay() {
      const h = runHist;
      if (!h || h.count === 0) return { p50: 0, p99: 0, max: 0 };
      return { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max) };
    },
    summary(ctx: SectionContext): SummarySection | undefined {
      return healthSection(this, windows, ctx);
    },
    exportValues() {
      return healthSection(this, windows, {})?.export?.values as HealthValues | undefined;
    },
  };
}
