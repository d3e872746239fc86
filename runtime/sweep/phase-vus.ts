/**
 * VUs that start each iteration with the sweep's tags and env: `sweep_step`,
 * `sweep_value` and `sweep_phase` as of the iteration's start (so a request
 * that started in the warm-up stays out of the step's statistics however
 * late it ends), and `LLMLOAD_SWEEP_STEP` / `_VALUE` / `_PHASE` in `__ENV`.
 */
import { wallTime } from '../scheduler/clock.js';
import type { IterationInfo, Vu } from '../vu/types.js';
import type { PhaseClock, SweepPhase } from './step-collector.js';

/** The current step, changed by the sweep between steps. */
export interface StepLabel {
  step: number;
  value: number;
  clock: PhaseClock;
  /** Wall-clock ms at which the step's first iteration started (set by the first one). */
  firstIteration?: number;
}

/** Wraps `vu` so that every iteration reads `label` when it starts. */
export function phaseVu(vu: Vu, label: StepLabel): Vu {
  const tagCache = new WeakMap<object, { key: string; value: Record<string, string> }>();
  const envCache = new WeakMap<object, { key: string; value: Record<string, string> }>();
  // Same objects while nothing changes: the VU keeps its cached tag sets and sends __ENV once per change.
  const merged = (cache: typeof tagCache, base: Record<string, string>, extra: Record<string, string>) => {
    const key = `${label.step}/${label.clock.phase}`;
    const hit = cache.get(base);
    if (hit && hit.key === key) return hit.value;
    const value = { ...base, ...extra };
    cache.set(base, { key, value });
    return value;
  };
  return {
    get id() {
      return vu.id;
    },
    iterate(info: IterationInfo, setupData: string | undefined) {
      label.firstIteration ??= wallTime();
      const phase: SweepPhase = label.clock.phase;
      const step = String(label.step);
      const value = String(label.value);
      return vu.iterate(
        {
          ...info,
          // A step's phase changes its tags and env between iterations: each one starts from here.
          next: undefined,
          tags: merged(tagCache, info.tags, { sweep_step: step, sweep_value: value, sweep_phase: phase }),
          env: merged(envCache, info.env, { LLMLOAD_SWEEP_STEP: step, LLMLOAD_SWEEP_VALUE: value, LLMLOAD_SWEEP_PHASE: phase }),
        },
        setupData,
      );
    },
    warmUp: (kind, arg) => vu.warmUp(kind, arg),
    preconnect: (origins) => vu.preconnect(origins),
    interrupt: () => vu.interrupt(),
    dispose: () => vu.dispose(),
  };
}
