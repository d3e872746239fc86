// Generated from runtime/api/index.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/**
 * `llmload/api`: run llmload from Node. `run()` is `llmload run` as a
 * Promise of data; `sweep()` is `llmload sweep`; `startMock()` starts the
 * built-in mock LLM server.
 * Matchers for Vitest are in `llmload/vitest`.
 */

type MetricType = "counter" | "gauge" | "rate" | "trend";
type ValueType = "default" | "time" | "data";
/** One check of a group, as in k6's summary data (`root_group.checks[]`). */
export interface CheckSummary {
	name: string;
	/** group path + '::' + name, e.g. '::auth::status is 200'. */
	path: string;
	/** md5 (hex) of `path`, as k6 computes it. */
	id: string;
	passes: number;
	fails: number;
}
/** A group and what ran in it; the root group has name '' and path ''. */
export interface GroupSummary {
	name: string;
	/** '' for the root, '::a::b' for group b inside group a (k6's separator). */
	path: string;
	/** md5 (hex) of `path`. */
	id: string;
	groups: GroupSummary[];
	checks: CheckSummary[];
}
interface ThresholdSpec {
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
/** One metric in handleSummary's data. */
export interface SummaryMetric {
	type: MetricType;
	contains: ValueType;
	/**
	 * counter {count, rate}; gauge {value, min, max}; rate {rate, passes, fails};
	 * trend: one key per summaryTrendStats entry, plus the aggregations its
	 * thresholds use (so the text summary can show them).
	 */
	values: Record<string, number>;
	/**
	 * Threshold expression → result; only for metrics with thresholds. `empty`:
	 * the metric got no sample, so the threshold failed (unless `allowEmpty`).
	 */
	thresholds?: Record<string, {
		ok: boolean;
		empty?: true;
	}>;
}
/** The object `handleSummary(data)` receives: k6's shape. */
export interface SummaryData {
	/** Metric name, or sub-metric `name{tag:value}` → values. Sorted by name, sub-metrics after their parent. */
	metrics: Record<string, SummaryMetric>;
	root_group: GroupSummary;
	options: {
		summaryTrendStats: string[];
		summaryTimeUnit: string;
		noColor: boolean;
	};
	state: {
		isStdOutTTY: boolean;
		isStdErrTTY: boolean;
		testRunDurationMs: number;
	};
}
/** One request as the mock saw it. Times: performance.now() ms of the mock's process. */
export interface MockRequestRecord {
	/** Sequence number of the request (0-based, in arrival order). */
	seq: number;
	/** Response id (`chatcmpl-…`, `cmpl-…`, `embd-…`): the `id` field the client received. */
	id: string;
	/** The request's `x-request-id` header, when it sent one. */
	requestId?: string;
	endpoint: "chat" | "completions" | "embeddings";
	model: string;
	stream: boolean;
	/** HTTP status sent (0 until the response starts). */
	status: number;
	/** Request headers parsed. */
	received: number;
	/** Left the queue and started prefill (first admission). */
	admitted?: number;
	/** First content chunk written (streams); the whole body written (non-streaming). */
	firstWrite?: number;
	/** Last content chunk written. */
	lastWrite?: number;
	/** Write time of every content chunk when the mock keeps chunk times (see `chunkTimes`). */
	chunkTimes?: number[];
	/** Response ended or connection closed. */
	end?: number;
	/**
	 * The client closed the connection before the response ended (a cancelled
	 * request: `error` is `client_closed`): when the mock noticed. Output
	 * tokens and chunks are what was sent until then.
	 */
	clientClosed?: number;
	promptTokens: number;
	/** Output tokens generated (reasoning included). */
	outputTokens: number;
	/** Content chunks written. */
	chunks: number;
	finishReason?: string;
	/** Injected or observed failure: `http_<status>`, `stream_error`, `disconnect`, `client_closed`, `bad_request`. */
	error?: string;
	preemptions: number;
}
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
	status: "waiting" | "running" | "done";
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
	goodput?: {
		good: number;
		rate: number;
		throughput: number;
	};
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
	level: "warn" | "error";
	message: string;
}
/**
 * What handleSummary() receives: k6's summary data plus the plugins' blocks
 * (`llm`, `load_generator`, …) under their keys.
 */
export type RunSummary = SummaryData & {
	[block: string]: unknown;
};
/** A metric of a finished run, with any statistic on demand. */
export interface MetricView {
	/** The key as asked for (`llm_ttft`, `http_req_duration{status:200}`). */
	key: string;
	type: "counter" | "gauge" | "rate" | "trend";
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
/**
 * Runs a test in this process, as `llmload run` would, and resolves with its
 * result. It never rejects for a failing run (bad options, a script error,
 * crossed thresholds, an abort): the result says what happened, with the
 * exit code the CLI would have exited with. It rejects only for arguments of
 * the wrong type. It writes nothing unless `quiet: false`, installs no
 * process-wide handler, never exits the process, and releases everything it
 * started (isolates, connections, timers, threads) before it resolves.
 *
 * @example
 *   const result = await run({ script: 'test.ts', mock: true, options: { vus: 2, duration: '5s' } });
 *   if (!result.ok) console.log(result.exitCode, result.error, result.thresholds);
 */
export declare function run(options: RunOptions): Promise<RunResult>;
declare const SWEEP_MODES: readonly [
	"guidellm",
	"list",
	"slo-search"
];
type SweepMode = (typeof SWEEP_MODES)[number];
/** A validated sweep configuration. Durations in ms. */
export interface SweepConfig {
	mode: SweepMode;
	/** The scenario whose load changes (default: the script's only scenario). */
	scenario?: string;
	/** guidellm: total steps (sync + throughput + steps − 2 rates). */
	steps: number;
	/** guidellm: VUs of the throughput step. */
	maxConcurrency: number;
	/** guidellm: arrivals of the rate steps. */
	arrival: "constant" | "poisson";
	/** list: the values, ascending. */
	values: number[];
	/** list and slo-search: what the values are (list: from the scenario's executor when not given). */
	variable?: "vus" | "rate";
	/** slo-search. */
	range: [
		number,
		number
	];
	precision: number;
	maxSteps: number;
	confirm: boolean;
	/** SLO expressions in threshold syntax (default: the script's thresholds). */
	slo?: Record<string, ThresholdSpec[]>;
	/** A step also needs llm_goodput ≥ this (0..1). */
	attainment?: number;
	stepDuration: number;
	warmup: number;
	cooldown: number;
	stopOn: Array<"slo" | "saturation">;
	/** CI gate: `{ max_passing: '>=8', max_goodput: '>=20' }`. */
	require: Record<string, string>;
	/** Measurements per point (`--repeat`). */
	repeat: number;
	/** Arrival-rate steps: VUs allocated before the step and at most (default: from the scenario, else 2 × rate · e2e bound). */
	preAllocatedVUs?: number;
	maxVUs?: number;
}
interface Contradiction {
	passed: number;
	failed: number;
}
interface SearchOutcome {
	/** The highest value that passed, with every tested value at or below it passing; undefined when the first failed. */
	maxPassing: number | undefined;
	/** The lowest value that failed; undefined when the whole range passed. */
	firstFailing: number | undefined;
	/** Why the search stopped. */
	reason: "converged" | "range-exhausted" | "first-failed" | "max-steps";
	contradictions: Contradiction[];
}
interface SaturationVerdict {
	saturated: boolean;
	/** One line per rule that fired, e.g. `dropped 3.2 % of iterations (> 1 %)`. */
	reasons: string[];
}
interface SloOutcome {
	metric: string;
	/** As written, e.g. `p(95)<300`; `rate>=0.9` for the attainment. */
	threshold: string;
	observed: number | null;
	ok: boolean;
	/**
	 * How far the observed value is from the limit, as a share of the limit:
	 * positive inside the SLO, negative beyond it (`p(95)<300` at 240: 0.2).
	 */
	margin: number | null;
}
type StepKind = "synchronous" | "throughput" | "rate" | "vus";
/** One row of the sweep (sweep.json `steps[]`). Times are epoch ms; latencies ms; null: no sample. */
export interface SweepStep {
	step: number;
	/** The load knob: VUs, or requests per second. */
	value: number;
	kind: StepKind;
	startedAt: number;
	/** When its first iteration (request) started; null when none did. */
	firstIteration: number | null;
	measureStart: number;
	measureEnd: number;
	/** When the step's last iteration ended (its last response). */
	lastResponse: number;
	/** Requests that started in the measured window. */
	requests: number;
	failed: number;
	/** requests / measured window. */
	achievedRps: number;
	/** (n − 1) / (last end − first end): the rate without the pipeline fill and drain (GuideLLM's throughput measure). */
	steadyRps: number | null;
	outputTokensPerSecond: number;
	ttft: {
		p50: number | null;
		p95: number | null;
		p99: number | null;
	};
	tpotP95: number | null;
	e2eP95: number | null;
	/** llm_goodput rate × 100 (options.goodput SLOs); null without them. */
	goodputPct: number | null;
	/** Time-weighted mean of requests in flight over the measured window. */
	inFlight: number;
	/** Arrival steps: iterations due in the measured window, and those dropped. */
	scheduled?: number;
	dropped?: number;
	slo: SloOutcome[];
	/** Every SLO held. */
	pass: boolean;
	saturation: SaturationVerdict;
	/** --repeat: the spread of the headline numbers over the repeats. */
	repeats?: Record<string, {
		n: number;
		mean: number;
		stddev: number;
		ci95: [
			number,
			number
		];
	}>;
}
type SweepEnd = {
	reason: "planned";
} | {
	reason: "stop-on-slo";
	step: number;
} | {
	reason: "stop-on-saturation";
	step: number;
} | {
	reason: "search";
	search: SearchOutcome;
};
export interface SweepAnalysis {
	/** The step with the most good requests per second. */
	maxGoodput: {
		step: number;
		value: number;
		rps: number;
	} | null;
	maxPassing: number | null;
	firstFailing: number | null;
	/** At the max passing step: the SLO closest to its limit. */
	bindingSlo: {
		metric: string;
		threshold: string;
		observed: number;
		margin: number;
	} | null;
	/** Steps no other step beats on both output tok/s (higher) and TTFT p99 (lower). */
	pareto: number[];
	/** The knee step (see kneeOf); null under 4 steps. */
	knee: {
		step: number;
		value: number;
	} | null;
	/** Steps whose outcomes contradict a monotone server (noise, or a non-monotone server). */
	contradictions: Contradiction[];
	end: SweepEnd;
}
declare const SWEEP_SCHEMA_VERSION = 1;
/** The document. `status`: running (steps so far), complete, interrupted (SIGINT). */
export interface SweepDocument {
	schema: "llmload-sweep";
	version: typeof SWEEP_SCHEMA_VERSION;
	llmload: string;
	script: string;
	status: "running" | "complete" | "interrupted";
	/** Hash of what decides the plan (mode, values, SLOs, durations): a resume must match it. */
	fingerprint: string;
	config: SweepConfig;
	/** The knob of the swept scenario. */
	scenario: string;
	steps: SweepStep[];
	result: SweepAnalysis | null;
	/** The run's tags (`--tag`, options.tags), as in --summary-export: what the sweep is of (a matrix cell). */
	tags: Record<string, string>;
}
/** `options.sweep` as a script writes it (README "Finding capacity"); durations as k6 durations or ms. */
export interface SweepSettings {
	/** 'guidellm' (default), 'list' or 'slo-search'. */
	mode?: "guidellm" | "list" | "slo-search";
	/** The scenario to sweep; default: the script's only one. */
	scenario?: string;
	/** guidellm: steps in all (default 10). */
	steps?: number;
	/** guidellm: VUs of the throughput step (default 32). */
	maxConcurrency?: number;
	/** guidellm: arrivals of the rate steps (default 'constant'). */
	arrival?: "constant" | "poisson";
	/** list: rates (req/s) or VU counts. */
	values?: number[];
	/** list, slo-search: the knob (list: from the scenario's executor; slo-search: 'vus'). */
	variable?: "vus" | "rate";
	/** slo-search: [first value, highest value] (default [1, 256]). */
	range?: [
		number,
		number
	];
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
	stopOn?: Array<"slo" | "saturation">;
	/** CI gate, e.g. `{ max_passing: '>=8' }` or `{ max_goodput: '>=20' }`: exit code 99 when not met. */
	require?: {
		max_passing?: string;
		max_goodput?: string;
	};
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
/**
 * Runs a sweep in this process, as `llmload sweep` would (the same loop:
 * runtime/sweep/run-sweep.ts), and resolves with its steps and conclusions.
 * Like run(), it never rejects for a failing sweep, only for arguments of
 * the wrong type; it writes nothing unless `quiet: false`.
 *
 * @example
 *   const r = await sweep({ script: 'chat.ts', mock: { maxConcurrency: 16 }, sweep: { mode: 'slo-search', slo: { llm_ttft: 'p(95)<300' } } });
 *   console.log(r.sweep?.result?.maxPassing);
 */
export declare function sweep(options: SweepOptions): Promise<SweepResult>;
/**
 * Starts the built-in mock LLM server (OpenAI API, vLLM /metrics, DCGM
 * /dcgm/metrics) on a free port, on its own thread of this process, so its
 * timing does not queue behind the load generator's. Rejects with an
 * LlmloadError (code ERR_INVALID_OPTION) for an invalid setting.
 *
 * @example
 *   const mock = await startMock({ ttft: 50, itl: 5 });
 *   const result = await run({ script: 'test.ts', env: { LLMLOAD_BASE_URL: mock.url } });
 *   const seen = await mock.records();
 *   await mock.close();
 */
export declare function startMock(settings?: MockSettings): Promise<MockServerHandle>;

export {};
