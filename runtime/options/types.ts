import type { CommonScenarioOptions } from '../plugin-api/executor.js';
import type { ResolvedNetworkOptions } from './network.js';
import type { SystemTagName } from './system-tags.js';
import type { CancelOptions } from './cancel.js';
import type { WaitForOptions } from './wait-for.js';
import type { SegmentOptions } from '../segments/segment-options.js';

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
  /** k6's: refuse connections to these host names (`*.example.com` patterns). */
  blockHostnames?: string[];
  /** k6's: refuse connections to addresses in these CIDR ranges. */
  blacklistIPs?: string[];
  /** k6's: at most this many requests per second in the whole run (0 = unlimited). */
  rps?: number;
  /** k6's: close a VU's connections at the start of each iteration. */
  noVUConnectionReuse?: boolean;
  /** k6's: log requests and responses ('headers' or true, or 'full'); checked when resolved. */
  httpDebug?: unknown;
  /** k6's: the system tags samples carry. */
  systemTags?: string[];
  noTeardown?: boolean;
  noThresholds?: boolean;
  /** llmload's: a URL or path, or `{ url, timeout, interval }`, polled until the server is ready; checked when resolved. */
  waitFor?: unknown;
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
  /** llmload's: the share of the scenario's LLM requests the client cancels, and when (undefined: none). */
  cancel?: CancelOptions;
  /** The executor's normalised config (ExecutorPlugin.validate's result). */
  config: unknown;
}

/** Options after merging all sources and validating. What `llmload inspect` prints. */
export interface ResolvedOptions extends ResolvedNetworkOptions, SegmentOptions {
  scenarios: ResolvedScenario[];
  /** metric expression (e.g. "http_req_duration{status:200}") → thresholds. */
  thresholds: Record<string, ThresholdSpec[]>;
  tags: Record<string, string>;
  summaryTrendStats: string[];
  /** '' (each value in its best unit), 's', 'ms' or 'us': one unit for every time in the summary (k6's). */
  summaryTimeUnit: '' | 's' | 'ms' | 'us';
  /** ms. */
  setupTimeout: number;
  /** ms. */
  teardownTimeout: number;
  /** ms (k6's default 120 s). */
  handleSummaryTimeout: number;
  /** ms: an iteration shorter than this is padded with a sleep (k6's); 0 = off. */
  minIterationDuration: number;
  noSetup: boolean;
  noTeardown: boolean;
  noThresholds: boolean;
  /** k6's `noConnectionReuse`: endpoints open a new connection per request. */
  noConnectionReuse: boolean;
  /** The system tags samples carry (k6's default set plus llmload's own, unless the script chose). */
  systemTags: SystemTagName[];
  /** Poll this until the server is ready, before setup() (absent: start at once). */
  waitFor?: WaitForOptions;
  /** Extra top-level keys other plugins own (e.g. `goodput`, `telemetry`), passed through untouched. */
  extra: Record<string, unknown>;
}
