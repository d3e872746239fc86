/**
 * One point of the sweep: its step scenario, the VUs it needs made before
 * its clock starts (during the cooldown), and `repeat` steps at the same
 * value, combined.
 */
import { preconnectVus } from '../preconnect-vus.js';
import type { ErrorLog } from '../scheduler/error-log.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import type { Prepared } from '../prepare.js';
import type { Progress } from '../progress.js';
import { delay } from '../scheduler/clock.js';
import { initialVus } from '../scheduler/scheduler.js';
import type { VuAllocator } from '../scheduler/vu-allocator.js';
import type { SweepConfig } from './config.js';
import type { StepLabel } from './phase-vus.js';
import { combineRepeats } from './repeat.js';
import { runStep } from './run-step.js';
import type { StepSlos } from './slo.js';
import type { NextStep } from './step-plan.js';
import type { SweepStep } from './step-result.js';
import { stepScenario, sweptScenario } from './step-scenario.js';

/** What every step of a sweep shares. */
export interface SweepLoop {
  prepared: Prepared;
  plugins: PluginRegistry;
  progress: readonly Progress[];
  cfg: SweepConfig;
  slos: StepSlos;
  pool: VuAllocator;
  label: StepLabel;
  hardStop: AbortController;
  setupData: string | undefined;
  errors: ErrorLog;
  stopAbort(reason: string): void;
  warn(m: string): void;
  /** Origins new VUs connect to before their step (the warm start; undefined with --no-warmup). */
  preconnect: Readonly<Record<string, readonly string[]>> | undefined;
}

/** Measures one point; `after` says a step ran before (so the cooldown applies first). */
export async function measurePoint(loop: SweepLoop, index: number, next: NextStep, before: readonly SweepStep[], after: boolean): Promise<SweepStep> {
  const { prepared, cfg, label } = loop;
  const signal = loop.hardStop.signal;
  const base = sweptScenario(prepared.options.scenarios, cfg.scenario);
  const tags = { sweep_step: String(index), sweep_value: String(next.value) };
  const load = { variable: next.variable, value: next.value, arrival: cfg.arrival, e2eHintMs: slowestE2e(before) };
  const planned = stepScenario(base, load, cfg, loop.plugins, tags, prepared.planned[0]?.systemTags);
  const reps: SweepStep[] = [];
  for (let r = 0; r < cfg.repeat && !signal.aborted; r++) {
    // New VUs are made while the cooldown runs: an isolate takes milliseconds, and a step must not start short of them.
    const cooldown = (after || r > 0) && cfg.cooldown > 0 ? delay(cfg.cooldown, signal) : Promise.resolve();
    await Promise.all([cooldown, growPool(loop.pool, initialVus(planned.schedule), loop.preconnect)]);
    if (signal.aborted) break;
    label.step = index;
    label.value = next.value;
    reps.push(
      await runStep({
        prepared,
        pool: loop.pool,
        label,
        planned,
        kind: next.kind,
        cfg,
        slos: loop.slos,
        errors: loop.errors,
        hardStop: signal,
        setupData: loop.setupData,
        onTestAbort: loop.stopAbort,
        warn: loop.warn,
        progress: loop.progress,
        requestedRate: next.variable === 'rate' ? next.value : undefined,
      }),
    );
  }
  return combineRepeats(reps);
}

/** Initialises VUs until the pool has `n`, their connections opened ahead (`origins`); they wait idle for the step. */
async function growPool(pool: VuAllocator, n: number, origins: Readonly<Record<string, readonly string[]>> | undefined): Promise<void> {
  const more = Math.max(0, n - pool.initialised);
  const vus = await Promise.all(Array.from({ length: more }, () => pool.grow()));
  if (origins) await preconnectVus(vus, origins);
  for (const vu of vus) pool.give(vu);
}

/** The longest E2E p95 the sweep has seen so far (ms), to size a rate step's VUs; undefined before any. */
function slowestE2e(steps: readonly SweepStep[]): number | undefined {
  let worst: number | undefined;
  for (const s of steps) if (s.e2eP95 !== null && (worst === undefined || s.e2eP95 > worst)) worst = s.e2eP95;
  return worst;
}
