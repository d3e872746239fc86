/**
 * Runs one sweep step on the sweep's VUs: the step's scenario through the
 * scheduler, the gate diverted to the step's collector, the phase switched
 * from warm-up to measure when the warm-up ends. Resolves with the step's
 * row once its last iteration has ended.
 */
import type { Prepared } from '../prepare.js';
import type { Progress } from '../progress.js';
import { monoNow, wallTime } from '../scheduler/clock.js';
import type { ErrorLog } from '../scheduler/error-log.js';
import { startScheduler, type PlannedScenario } from '../scheduler/scheduler.js';
import type { VuAllocator } from '../scheduler/vu-allocator.js';
import type { SweepConfig } from './config.js';
import type { StepLabel } from './phase-vus.js';
import { detectSaturation } from './saturation.js';
import type { StepSlos } from './slo.js';
import { StepCollector } from './step-collector.js';
import { measureStep, type StepKind, type SweepStep } from './step-result.js';

export interface StepInput {
  prepared: Prepared;
  pool: VuAllocator;
  label: StepLabel;
  planned: PlannedScenario;
  kind: StepKind;
  cfg: SweepConfig;
  slos: StepSlos;
  errors: ErrorLog;
  hardStop: AbortSignal;
  setupData: string | undefined;
  onTestAbort(reason: string): void;
  warn(message: string): void;
  /** Followers of the step's scheduler state (sweep()'s onProgress). */
  progress: readonly Progress[];
  /** Requested rate of an arrival step (req/s). */
  requestedRate?: number;
}

/** Runs the step; the row it returns has `pass` from the SLOs only (the caller adds stop rules). */
export async function runStep(input: StepInput): Promise<SweepStep> {
  const { prepared, label, cfg } = input;
  const clock = label.clock;
  label.firstIteration = undefined;
  clock.phase = cfg.warmup > 0 ? 'warmup' : 'measure';
  clock.measureStart = cfg.warmup > 0 ? Number.POSITIVE_INFINITY : wallTime();
  const stepTags = { sweep_step: String(label.step), sweep_value: String(label.value) };
  const collector = new StepCollector(prepared.registry, prepared.engine, clock, stepTags);
  input.slos.attach(collector.engine);
  prepared.gate.divert(collector);
  const startedAt = wallTime();
  const warmupTimer =
    cfg.warmup > 0
      ? setTimeout(() => {
          clock.measureStart = wallTime();
          clock.phase = 'measure';
        }, cfg.warmup)
      : undefined;
  // The step's own stop, so that the sweep's signal does not collect a listener per step.
  const stepStop = new AbortController();
  const forward = () => stepStop.abort();
  if (input.hardStop.aborted) stepStop.abort();
  else input.hardStop.addEventListener('abort', forward, { once: true });
  try {
    const { state, done } = startScheduler({
      scenarios: [input.planned],
      pool: input.pool,
      sink: collector,
      runTags: { ...prepared.options.tags, ...stepTags },
      env: prepared.env,
      setupData: input.setupData,
      errors: input.errors,
      hardStop: stepStop.signal,
      onTestAbort: input.onTestAbort,
      warn: input.warn,
      minIterationDuration: prepared.options.minIterationDuration,
    });
    const began = monoNow();
    for (const p of input.progress) p.start(state);
    await done.finally(() => {
      for (const p of input.progress) p.stop();
    });
    const endedAt = wallTime();
    // A step stopped before its warm-up ended measured nothing.
    if (!Number.isFinite(clock.measureStart)) clock.measureStart = endedAt;
    const measureEnd = Math.min(endedAt, clock.measureStart + cfg.stepDuration);
    const row = measureStep({
      step: label.step,
      value: label.value,
      kind: input.kind,
      collector,
      slos: input.slos,
      startedAt,
      firstIteration: label.firstIteration ?? null,
      measureStart: clock.measureStart,
      measureEnd,
      lastResponse: endedAt,
      durationMs: monoNow() - began,
    });
    if (input.requestedRate !== undefined) row.scheduled = Math.round((input.requestedRate * cfg.stepDuration) / 1000);
    const saturation = detectSaturation({
      scheduled: row.scheduled,
      dropped: row.dropped,
      requestedRate: input.requestedRate,
      achievedRate: input.requestedRate === undefined ? undefined : row.achievedRps,
      inFlight: collector.inFlightSeries,
      ttft: collector.ttft,
    });
    return { ...row, saturation };
  } finally {
    input.hardStop.removeEventListener('abort', forward);
    clearTimeout(warmupTimer);
    prepared.gate.restore();
  }
}
