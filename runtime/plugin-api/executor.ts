import type { PluginIdentity } from './identity.js';

/**
 * Executor plugins are pure schedules: they validate a scenario's options and
 * describe *what* should run *when*. The runtime (runtime/scheduler) owns the
 * timers, the VUs and dropped-iteration accounting, and drives one of three
 * schedule kinds. All times are milliseconds relative to the scenario's start.
 */

/** Options common to every scenario (k6's names and defaults). */
export interface CommonScenarioOptions {
  executor: string;
  /** ms after the test start. Default 0. */
  startTime: number;
  /** ms that in-flight iterations get to finish at the scenario's end. Default 30000. */
  gracefulStop: number;
  /** Name of the exported function to run. Default 'default'. */
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
}

/** Closed model, fixed work: `iterations` shared by `vus` VUs, or `iterations` per VU. */
export interface IterationsSchedule {
  kind: 'iterations';
  vus: number;
  iterations: number;
  /** true: each VU runs `iterations`; false: VUs share one pool of `iterations`. */
  perVU: boolean;
  /** ms after which no new iteration starts (then gracefulStop applies). */
  maxDuration: number;
}

/** Closed model, VU count over time. Steps are sorted and the first is at 0. */
export interface VusSchedule {
  kind: 'vus';
  /** Target VU count from `at` (ms) until the next step. */
  steps: ReadonlyArray<{ at: number; vus: number }>;
  /** ms; after it no new iteration starts. */
  duration: number;
  /** ms that VUs removed by a ramp-down get to finish their iteration. */
  gracefulRampDown: number;
  /** The most VUs this schedule ever needs. */
  maxVUs: number;
}

/** One due arrival: ms after the scenario start, and an optional payload for the iteration. */
export interface Arrival {
  at: number;
  data?: unknown;
}

/** Open model: iterations start at due times whether or not earlier ones finished. */
export interface ArrivalsSchedule {
  kind: 'arrivals';
  /** ms; no arrival is due at or after it. */
  duration: number;
  preAllocatedVUs: number;
  maxVUs: number;
  /**
   * A fresh iterator over due arrivals in non-decreasing `at` order. Calling it
   * twice yields the same sequence (seeded), so schedules are reproducible.
   */
  arrivals(): Iterator<Arrival>;
}

export type Schedule = IterationsSchedule | VusSchedule | ArrivalsSchedule;

/** Context given to an executor's validate(): where the options came from, for messages. */
export interface ExecutorContext {
  /** Scenario name, used in messages: `scenario "x": ...`. */
  scenario: string;
  /** Directory relative files (e.g. traces) resolve against. */
  cwd: string;
}

/**
 * An executor plugin: `{ kind: 'executor', name, validate, schedule }`, a pure
 * schedule (the runtime owns timers and VUs). `validate` receives the
 * scenario's executor-specific keys (common keys already removed) and throws
 * an LlmloadError('ERR_INVALID_OPTION') naming the scenario and option for
 * unknown keys or bad values; it returns the normalised config.
 */
export interface ExecutorPlugin<Config = unknown> extends PluginIdentity<'executor'> {
  validate(raw: Record<string, unknown>, ctx: ExecutorContext): Config;
  schedule(config: Config): Schedule;
  /** ms the scenario may last without gracefulStop (for the run plan and progress). */
  maxDuration(config: Config): number;
  /** Human-readable one-liner for the run header, k6-style. */
  describe(config: Config): string;
}
