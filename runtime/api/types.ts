/**
 * The public types of `llmload/api`: run a test from Node (a test suite, a
 * script, a CI step) and get its result as data.
 */
import type { MockRequestRecord } from '../mock/records.js';
import type { SummaryData } from '../summary/summary-data.js';

export type { MockRequestRecord } from '../mock/records.js';
export type { CheckSummary, GroupSummary } from '../metrics/groups.js';
export type { SummaryData, SummaryMetric } from '../summary/summary-data.js';

/** A script given as text instead of a file. */
export interface InlineScript {
  /** The script's source (TypeScript or JavaScript, as a file would hold it). */
  source: string;
  /** Name used in messages and stack traces (default `inline.ts`); imports resolve from `cwd`. */
  filename?: string;
}

/** Settings of the built-in mock LLM server: the `llmload mock` flags, camelCase (kebab-case keys work too). */
export interface MockSettings {
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** Port; default: a free one. */
  port?: number;
  /** Model id served by /v1/models (default `llmload-mock`). */
  model?: string;
  /** Time to first token in ms: a number or a distribution (`lognormal:100,20`, `fixed:50`…). */
  ttft?: number | string;
  /** Gap between content chunks in ms: a number or a distribution (default `normal:20,2`). */
  itl?: number | string;
  /** Output length in tokens when the request does not force one: a number or a distribution (default `uniform:64,256`). */
  outputTokens?: number | string;
  /** Sequences generated at once (vLLM max_num_seqs); later requests queue (default 256). */
  maxConcurrency?: number;
  /** Error injection by rate, e.g. `429:0.01,500:0.01,stream:0.02,disconnect:0.01`. */
  errors?: string;
  /** Seed for every random draw (default: random). */
  seed?: string | number;
  /** Any other `llmload mock` setting (`tokensPerChunk`, `prefillPerToken`, `kvCacheTokens`, `reasoningTokens`, …). */
  [setting: string]: unknown;
}

/** The mock LLM server started by {@link startMock}, on its own thread of this process. */
export interface MockServerHandle {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:39213`. */
  readonly url: string;
  /** The seed every random draw derives from (given or picked). */
  readonly seed: string | number;
  /** The requests the mock received, as it saw them, in arrival order. Times are the mock thread's `performance.now()`. */
  records(): Promise<MockRequestRecord[]>;
  /** Forgets the records so far. */
  clearRecords(): Promise<void>;
  /** Stops the server and its thread; safe to call twice. */
  close(): Promise<void>;
}

/** One scenario's live counters. */
export interface ScenarioProgress {
  name: string;
  status: 'waiting' | 'running' | 'done';
  /** 0..1 of the scenario's planned work or duration. */
  progress: number;
  /** VUs the scenario holds (busy or idle). */
  vus: number;
  /** Iterations running now. */
  active: number;
  /** Iterations completed (including those that threw). */
  completed: number;
  /** Iterations cut off (gracefulStop, ramp-down, a stop). */
  interrupted: number;
  /** Arrivals dropped for lack of a free VU (arrival-rate executors). */
  dropped: number;
}

/** The whole test's live state, as {@link RunOptions.onProgress} receives it. */
export interface RunProgress {
  /** ms since the scenarios started. */
  elapsedMs: number;
  scenarios: ScenarioProgress[];
}

/** What {@link run} runs, and how. Only `script` is required. */
export interface RunOptions {
  /**
   * The script: a path (relative to `cwd`), or its text as `{ source }`. A
   * string is always a path, never source text.
   */
  script: string | InlineScript;
  /**
   * Options (k6's names: `vus`, `duration`, `scenarios`, `thresholds`, …)
   * with the highest precedence: over the script's `export const options`,
   * a config file and the environment.
   */
  options?: Record<string, unknown>;
  /** `__ENV` of the script (as `-e KEY=VALUE`). */
  env?: Record<string, string>;
  /**
   * Read the process environment as the CLI does: its variables reach
   * `__ENV`, `LLMLOAD_*`/`K6_*` variables set options, `LLMLOAD_PLUGINS`
   * loads plugins, outputs read their settings from it. Default false: a run
   * depends only on its arguments.
   */
  systemEnv?: boolean;
  /**
   * Start the built-in mock LLM server for the run (as `llmload run --mock`):
   * true, or its settings. The script gets its URL as `__ENV.LLMLOAD_BASE_URL`.
   */
  mock?: boolean | MockSettings;
  /** Outputs, as `--out` takes them: `json=results.json`, `csv=out.csv`, `influxdb=http://…`. */
  outputs?: string[];
  /** Also write the end-of-test summary as JSON to this file (as `--summary-export`). */
  summaryExport?: string;
  /** Also write the run's lossless, mergeable state to this file (as `--summary-export-raw`; `llmload merge` reads it). */
  summaryExportRaw?: string;
  /** Trend statistics in the summary (default `avg`, `min`, `med`, `max`, `p(90)`, `p(95)`). */
  summaryTrendStats?: string[];
  /**
   * Aborting it stops the test gracefully, as Ctrl-C does: running
   * iterations are interrupted, teardown() and the summary still run, and
   * the result has exit code 105.
   */
  signal?: AbortSignal;
  /** Called with the live scenario counters every 500 ms while the test runs, and once at its end. */
  onProgress?: (progress: RunProgress) => void;
  /**
   * Default true: nothing is written to stdout or stderr (messages are in
   * the result). false: write what `llmload run` writes (header, progress,
   * messages, the script's console, the summary).
   */
  quiet?: boolean;
  /** Directory the script path, outputs and files resolve against (default `process.cwd()`). */
  cwd?: string;
  /**
   * Run the VUs in this many worker threads (as `--threads`): each runs an
   * execution segment of every scenario; the result, outputs and thresholds
   * are one run's. Needs a script path and plugins given as names or paths.
   */
  threads?: number;
  /**
   * Plugins for this run: package names or paths (as `--plugin`), or plugin
   * objects made with `defineEndpoint`/`defineOutput`/… from `llmload/plugin`.
   */
  plugins?: Array<string | object>;
}

/** One threshold at the end of the test. */
export interface ThresholdOutcome {
  /** Metric key as written in options, e.g. `http_req_duration{status:200}`. */
  metric: string;
  /** The expression as written, e.g. `p(95)<500`. */
  expression: string;
  ok: boolean;
  /** The value compared; undefined when the metric got no sample. */
  observed: number | undefined;
  /** The metric got no sample, so the threshold failed (unless `allowEmpty`). */
  empty: boolean;
}

/** One `check()` of the script, summed over the run. */
export interface CheckOutcome {
  name: string;
  /** Group path + `::` + name, e.g. `::auth::status is 200`. */
  path: string;
  passes: number;
  fails: number;
}

/** Latency statistics of all of a run's LLM requests, in ms. */
export interface LatencyStats {
  avg: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  /** Samples (requests, or token gaps for ITL). */
  count: number;
}

/** The headline numbers of the summary's LLM block (present when the run made an LLM request). */
export interface LlmResult {
  /** LLM requests made, successful, failed. */
  requests: number;
  ok: number;
  failed: number;
  /** Requests the client cancelled on purpose (`cancelAfter`, a scenario's `cancel`): neither ok nor failed. */
  cancelled: number;
  /** ms from the first request's start to the last response's end: the window throughputs are over. */
  windowMs: number;
  /** Successful requests per second over the window. */
  requestThroughput: number;
  outputTokens: number;
  /** Output tokens per second over the window. */
  outputTokenThroughput: number;
  promptTokens: number;
  promptTokenThroughput: number;
  /** Time to first token (any output). */
  ttft?: LatencyStats;
  /** Time to the first content token (reasoning models). */
  ttftContent?: LatencyStats;
  /** Inter-token latency. */
  itl?: LatencyStats;
  /** Time per output token. */
  tpot?: LatencyStats;
  /** End-to-end request latency. */
  e2e?: LatencyStats;
  /** TTFT and E2E from the intended start (arrival-rate executors: includes queueing in the load generator). */
  ttftIntended?: LatencyStats;
  e2eIntended?: LatencyStats;
  /** Requests that met every goodput SLO (when `options.goodput` sets them). */
  goodput?: { good: number; rate: number; throughput: number };
  /** Failed requests by error type (`http_429`, `timeout`, …). */
  errors: Record<string, number>;
}

/** Why a run ended with an exit code other than 0 or 99. */
export interface RunError {
  /** Stable code: `ERR_INVALID_OPTION`, `ERR_BUNDLE`, `ERR_SCRIPT_EXCEPTION`, `ERR_SCRIPT_ABORTED`, `ERR_SIGNAL`, … */
  code: string;
  message: string;
}

/** One of llmload's own WARN or ERROR lines (not the script's console output). */
export interface RunMessage {
  level: 'warn' | 'error';
  message: string;
}

/**
 * What handleSummary() receives: k6's summary data plus the plugins' blocks
 * (`llm`, `load_generator`, …) under their keys.
 */
export type RunSummary = SummaryData & { [block: string]: unknown };

/** A metric of a finished run, with any statistic on demand. */
export interface MetricView {
  /** The key as asked for (`llm_ttft`, `http_req_duration{status:200}`). */
  key: string;
  type: 'counter' | 'gauge' | 'rate' | 'trend';
  /**
   * False for a sub-metric the run did not aggregate: samples are aggregated
   * as they arrive and not kept, so a sub-metric (`name{tag:value}`) exists
   * only when a threshold of the run names it.
   */
  tracked: boolean;
  /** False when the metric got no sample. */
  measured: boolean;
  /** Values at the end of the test: any trend statistic (`p(99.9)`, `med`…), a counter's `count`/`rate`…; {} when not measured. */
  values(stats: readonly string[]): Record<string, number>;
}

/** The result of {@link run}. */
export interface RunResult {
  /** The exit code `llmload run` would have exited with: 0, 99 (thresholds), 104, 105, 107, 108, … */
  exitCode: number;
  /** exitCode is 0. */
  ok: boolean;
  /** The run's id: the `testid` tag when the options set it, else generated (`20250102-030405-a1b2`). */
  testid: string;
  /** Every threshold at the end of the test; [] when the run failed before or defines none. */
  thresholds: ThresholdOutcome[];
  /** Every check, depth first; [] when the run failed before the summary. */
  checks: CheckOutcome[];
  /** Exactly what handleSummary() receives; undefined when the run failed before the summary. */
  summary: RunSummary | undefined;
  /** The LLM block's headline numbers; undefined when the run made no LLM request. */
  llm: LlmResult | undefined;
  /** Why the run failed or stopped early (every exit code but 0 and 99). */
  error: RunError | undefined;
  /** llmload's own WARN and ERROR lines of the run, in order. */
  messages: RunMessage[];
  /**
   * Any statistic of a metric at the end of the test, including ones the
   * summary does not list (`result.metric('llm_ttft')?.values(['p(99.9)'])`);
   * undefined for a name the run does not define or when it failed before the summary.
   * Not enumerable: it is not part of the result's JSON.
   */
  metric(key: string): MetricView | undefined;
}
