import type { SweepDocument } from '../sweep/export.js';
import type { RunOptions, RunResult } from './types.js';

export type { SweepDocument } from '../sweep/export.js';
export type { SweepStep } from '../sweep/step-result.js';
export type { SweepAnalysis } from '../sweep/result.js';
export type { SweepConfig } from '../sweep/config.js';

/** `options.sweep` as a script writes it (README "Finding capacity"); durations as k6 durations or ms. */
export interface SweepSettings {
  /** 'guidellm' (default), 'list' or 'slo-search'. */
  mode?: 'guidellm' | 'list' | 'slo-search';
  /** The scenario to sweep; default: the script's only one. */
  scenario?: string;
  /** guidellm: steps in all (default 10). */
  steps?: number;
  /** guidellm: VUs of the throughput step (default 32). */
  maxConcurrency?: number;
  /** guidellm: arrivals of the rate steps (default 'constant'). */
  arrival?: 'constant' | 'poisson';
  /** list: rates (req/s) or VU counts. */
  values?: number[];
  /** list, slo-search: the knob (list: from the scenario's executor; slo-search: 'vus'). */
  variable?: 'vus' | 'rate';
  /** slo-search: [first value, highest value] (default [1, 256]). */
  range?: [number, number];
  /** slo-search: stop when first failing − max passing ≤ this (default 1). */
  precision?: number;
  /** slo-search: at most this many steps, the confirmation included (default 12). */
  maxSteps?: number;
  /** slo-search: measure the max passing value once more at the end (default true). */
  confirm?: boolean;
  /** Threshold syntax per metric, e.g. `{ llm_ttft: 'p(95)<500' }`; default: the script's thresholds. */
  slo?: Record<string, string | string[]>;
  /** A step also needs llm_goodput ≥ this share (0..1; needs options.goodput). */
  attainment?: number;
  /** Measured time per step (default '30s'). */
  stepDuration?: string | number;
  /** Per step, before its measured time; its requests are left out of the step's statistics (default 0). */
  warmup?: string | number;
  /** Pause between steps (default 0). */
  cooldown?: string | number;
  /** End the sweep after a step that fails its SLOs or saturates. */
  stopOn?: Array<'slo' | 'saturation'>;
  /** CI gate, e.g. `{ max_passing: '>=8' }` or `{ max_goodput: '>=20' }`: exit code 99 when not met. */
  require?: { max_passing?: string; max_goodput?: string };
  /** Measurements per point (default 1). */
  repeat?: number;
  /** Rate steps: VUs allocated up front and at most. */
  preAllocatedVUs?: number;
  maxVUs?: number;
}

/** What {@link sweep} runs: run()'s options, plus the sweep's. */
export interface SweepOptions extends RunOptions {
  /** Over the script's `options.sweep`, key by key. */
  sweep?: SweepSettings;
  /** Also write the sweep to this file (rewritten after every step), as `--sweep-export`. */
  sweepExport?: string;
  /** Go on from this sweep.json (or its directory), as `--resume`. */
  resume?: string;
}

/** run()'s result, plus the sweep; `exitCode` as `llmload sweep`'s (99: `require` not met). */
export interface SweepResult extends RunResult {
  /** The steps and the conclusions, as sweep.json has them; undefined when the sweep failed before it started. */
  sweep: SweepDocument | undefined;
}
