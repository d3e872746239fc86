import type { CommonScenarioOptions } from '../executor.js';

/**
 * Options as a user writes them (script `export const options`, config file,
 * LLMLOAD_* env, CLI flags), before validation. k6's names.
 */
export interface RawOptions {
  vus?: number;
  duration?: string | number;
  iterations?: number;
  stages?: Array<{ duration: string | number; target: number }>;
  scenarios?: Record<string, Record<string, unknown>>;
  thresholds?: Record<string, Array<string | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string; allowEmpty?: boolean }>>;
  tags?: Record<string, string>;
  summaryTrendStats?: string[];
  setupTimeout?: string | number;
  teardownTimeout?: string | number;
  noSetup?: boolean;
  /** k6's: every request opens its own connection (no keep-alive). */
  noConnectionReuse?: boolean;
  noTeardown?: boolean;
  noThresholds?: boolean;
  [key: string]: unknown;
}

/** A threshold as written for one metric expression. */
export interface ThresholdSpec {
  /** e.g. "p(95)<500". */
  threshold: string;
  abortOnFail: boolean;
  /** ms to wait after the start before abortOnFail may abort. */
  delayAbortEval: number;
  /**
   * A metric without samples passes this threshold. By default it fails the
   * run: a threshold over nothing measured proves nothing (k6 passes it).
   */
  allowEmpty: boolean;
}

/** A scenario after validation: common keys plus its executor's normalised config. */
export interface ResolvedScenario extends CommonScenarioOptions {
  name: string;
  /** The executor's normalised config (ExecutorPlugin.validate's result). */
  config: unknown;
}

/** Options after merging all sources and validating. What `llmload inspect` prints. */
export interface ResolvedOptions {
  scenarios: ResolvedScenario[];
  /** metric expression (e.g. "http_req_duration{status:200}") → thresholds. */
  thresholds: Record<string, ThresholdSpec[]>;
  tags: Record<string, string>;
  summaryTrendStats: string[];
  /** ms. */
  setupTimeout: number;
  /** ms. */
  teardownTimeout: number;
  noSetup: boolean;
  noTeardown: boolean;
  noThresholds: boolean;
  /** k6's `noConnectionReuse`: endpoints open a new connection per request. */
  noConnectionReuse: boolean;
  /** Extra top-level keys other plugins own (e.g. `goodput`, `telemetry`), passed through untouched. */
  extra: Record<string, unknown>;
}
