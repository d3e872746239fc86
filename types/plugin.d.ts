// Generated from runtime/plugin-api/index.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/**
 * `llmload/plugin`: the one public contract for plugins, used by the
 * built-in ones as by third parties. Four kinds, each a small object with a
 * kind, a name, the apiVersion it was written for and typed hooks, made by a
 * factory from validated options:
 *
 *   executor   a pure schedule (`scenarios.x.executor: 'name'`)
 *   endpoint   the host half of a VU module (`llmload/x/<name>`): per-VU state and calls
 *   output     `--out name=arg`: receives every sample in batches
 *   telemetry  `options.telemetry.<name>`: samples from outside (GPUs, servers)
 *
 * Plus the toolkit the built-ins use: option checks (k6's messages and exit
 * codes), errors, clocks, metrics and summary types, formatting, seeded
 * randomness, the record channel outputs subscribe to, the HTTP client kit
 * (runtime/http-client: per-VU connections, the request state machine) and
 * the LLM measurement kit (runtime/llm: EndpointContext.llm).
 */

import { LookupFunction, Socket } from 'node:net';
import { SecureVersion } from 'node:tls';
import { Dispatcher } from 'undici';

/**
 * The plugin API's version. A plugin states the version it was written
 * against; llmload loads plugins of its own major version and refuses others
 * (exit 104), naming the plugin.
 */
export declare const PLUGIN_API_VERSION = 1;
/** The four kinds of plugins. */
export type PluginKind = "executor" | "endpoint" | "output" | "telemetry";
/** What every plugin object carries. */
export interface PluginIdentity<K extends PluginKind> {
	readonly kind: K;
	/** Unique per kind: an executor's `executor:` value, an output's `--out` name, an endpoint's op name, a telemetry key. */
	readonly name: string;
	/** PLUGIN_API_VERSION of the llmload the plugin was written for. */
	readonly apiVersion: number;
}
/** Metric kinds, as in k6. */
export type MetricType = "counter" | "gauge" | "rate" | "trend";
/** What the numbers mean; `time` values are milliseconds, `data` values are bytes. */
export type ValueType = "default" | "time" | "data";
export type Tags = Readonly<Record<string, string>>;
/** One observation. `time` is wall-clock epoch milliseconds (fractional). */
export interface Sample {
	metric: string;
	time: number;
	value: number;
	tags: Tags;
}
export interface MetricDefinition {
	name: string;
	type: MetricType;
	contains: ValueType;
}
/** Anything that accepts samples: the metrics engine, a buffer, a test spy. */
export interface SampleSink {
	push(sample: Sample): void;
}
declare class HostnamePatterns {
	private readonly exact;
	/** What a name must end with, for each wildcard pattern. */
	private readonly suffixes;
	constructor(patterns: readonly string[]);
	/** The pattern `hostname` matches, or undefined. */
	match(hostname: string): string | undefined;
}
interface IpRange {
	address: string;
	prefix: number;
	family: "ipv4" | "ipv6";
}
declare class IpRanges {
	private readonly all;
	/** Each range alone, to name the one an address fell in (only on the refusal path). */
	private readonly each;
	constructor(ranges: readonly IpRange[]);
	/** Whether `ip` (a literal address) is inside one of the ranges. */
	contains(ip: string): boolean;
	/** The range `ip` is in ("10.0.0.0/8"), or undefined. */
	match(ip: string): string | undefined;
}
/**
 * Decides, for each new connection, whether it may be made: k6's dialer
 * checks. The host name is checked before anything happens (no DNS, no
 * socket); the address is checked where it is known, which is what is
 * dialled: a literal IP (or a `hosts` override) before connecting, a
 * resolved name inside the socket's own `lookup`.
 */
export declare class ConnectGuard {
	private readonly hostnames;
	private readonly ips;
	/**
	 * `lookup` for net/tls.connect when IPs are blacklisted (undefined
	 * otherwise): the system resolver, minus blacklisted addresses. A name
	 * whose every address is blacklisted fails; one with an allowed address
	 * connects only to allowed ones (Node may try several, happy eyeballs).
	 */
	readonly lookup: LookupFunction | undefined;
	constructor(hostnames: HostnamePatterns | undefined, ips: IpRanges | undefined);
	/** Why a connection to `hostname` (the URL's, before `hosts` and DNS) is refused, or undefined. */
	checkHostname(hostname: string): Error | undefined;
	/** Why dialling `ip` is refused, or undefined (a host name passes: `lookup` checks what it resolves to). */
	checkAddress(ip: string): Error | undefined;
	private filteredLookup;
}
interface LimiterClock {
	/** Monotonic ms. */
	now(): number;
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}
/**
 * k6's `rps`: one limiter for the whole run (every VU, every endpoint) on
 * when requests may start, at most `rps` per second: a token bucket holding
 * one token (golang.org/x/time/rate with burst 1, as k6 builds it). Requests
 * that find no token wait in a FIFO queue behind one timer, never polling;
 * each is released one interval after the previous one, so the rate does not
 * drift with timer lateness.
 */
export declare class RequestLimiter {
	readonly rps: number;
	private readonly clock;
	/** ms between two request starts. */
	readonly interval: number;
	/** Monotonic ms from which the next request may start. */
	private nextFree;
	private readonly queue;
	private timer;
	constructor(rps: number, clock?: LimiterClock);
	/**
	 * Takes a slot. Returns undefined when the request may start at once (no
	 * promise on the common path), otherwise a promise of true when its slot
	 * comes, or false when `signal` aborted the wait first (the slot goes to the
	 * next in line).
	 */
	acquire(signal?: AbortSignal): Promise<boolean> | undefined;
	/** Requests waiting for a slot now. */
	get waiting(): number;
	private arm;
	private release;
	private drop;
}
/** k6's httpDebug: '' off, 'headers' (`--http-debug`, or `true`), 'full' (bodies too). */
export type HttpDebug = "" | "headers" | "full";
/**
 * What the endpoints get from these options (EndpointConfigureContext.network):
 * the objects are built once per run and shared by every VU and endpoint.
 */
export interface NetworkSettings {
	/** Checks every new connection (blockHostnames, blacklistIPs); undefined when neither is set. */
	guard: ConnectGuard | undefined;
	/** The run's one `rps` limiter; undefined when rps is 0. */
	limiter: RequestLimiter | undefined;
	/** Close a VU's connections when each of its iterations starts (keep-alive only within an iteration). */
	noVUConnectionReuse: boolean;
	/** llmload/http logs every request and response. */
	httpDebug: HttpDebug;
}
/** No guard, no limit, connections reused, no debug log (k6's defaults). */
export declare const DEFAULT_NETWORK: NetworkSettings;
declare const K6_SYSTEM_TAGS: readonly [
	"proto",
	"subproto",
	"status",
	"method",
	"url",
	"name",
	"group",
	"check",
	"error",
	"error_code",
	"tls_version",
	"scenario",
	"service",
	"expected_response",
	"iter",
	"vu",
	"ocsp_status",
	"ip"
];
declare const LLMLOAD_SYSTEM_TAGS: readonly [
	"model",
	"endpoint",
	"stream",
	"finish_reason",
	"error_type"
];
type SystemTagName = (typeof K6_SYSTEM_TAGS)[number] | (typeof LLMLOAD_SYSTEM_TAGS)[number];
/**
 * The system tags samples carry, decided once per run from the names: one
 * boolean per tag, so a tag builder pays one property read per tag it could
 * set (no Set lookup, no allocation), whatever the set.
 */
export type SystemTags = Readonly<Record<SystemTagName, boolean>>;
/** k6's default set plus llmload's own (vu, iter, ip, ocsp_status off). */
export declare const DEFAULT_SYSTEM_TAGS: SystemTags;
interface CheckSummary {
	name: string;
	/** group path + '::' + name, e.g. '::auth::status is 200'. */
	path: string;
	/** md5 (hex) of `path`, as k6 computes it. */
	id: string;
	passes: number;
	fails: number;
}
interface GroupSummary {
	name: string;
	/** '' for the root, '::a::b' for group b inside group a (k6's separator). */
	path: string;
	/** md5 (hex) of `path`. */
	id: string;
	groups: GroupSummary[];
	checks: CheckSummary[];
}
/** k6's metric name rule (v0.45+): a letter or `_`, then up to 127 letters, digits or `_`. */
export declare const METRIC_NAME_PATTERN: RegExp;
interface MetricSink {
	readonly type: MetricType;
	/** `time`: the sample's epoch ms (gauges keep the time of their last value, so merges take the latest). */
	add(value: number, time?: number): void;
	/** True until the first sample. */
	isEmpty(): boolean;
	/** `elapsedMs` is the test run duration so far (counter rates); `trendStats` only matters to trends. */
	values(elapsedMs: number, trendStats?: readonly string[]): Record<string, number>;
	/** Adds another sink of the same type into this one (e.g. per-worker sinks). */
	merge(other: MetricSink): void;
}
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
	kind: "iterations";
	vus: number;
	iterations: number;
	/** true: each VU runs `iterations`; false: VUs share one pool of `iterations`. */
	perVU: boolean;
	/** ms after which no new iteration starts (then gracefulStop applies). */
	maxDuration: number;
}
/** Closed model, VU count over time. Steps are sorted and the first is at 0. */
export interface VusSchedule {
	kind: "vus";
	/** Target VU count from `at` (ms) until the next step. */
	steps: ReadonlyArray<{
		at: number;
		vus: number;
	}>;
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
	kind: "arrivals";
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
export interface ExecutorPlugin<Config = unknown> extends PluginIdentity<"executor"> {
	validate(raw: Record<string, unknown>, ctx: ExecutorContext): Config;
	schedule(config: Config): Schedule;
	/** ms the scenario may last without gracefulStop (for the run plan and progress). */
	maxDuration(config: Config): number;
	/** Human-readable one-liner for the run header, k6-style. */
	describe(config: Config): string;
}
/** The outcome of one threshold at one evaluation. */
export interface ThresholdResult {
	/** Metric key as written in options, e.g. `http_req_duration{status:200}`. */
	metric: string;
	/** The expression as written, e.g. `p(95)<500`. */
	threshold: string;
	/** The key of the observed value in the metric's values, e.g. `p(95)`. */
	aggregation: string;
	ok: boolean;
	/** The value compared; undefined when the threshold has not been evaluated yet. */
	observed: number | undefined;
	abortOnFail: boolean;
	/** False while the metric has had no samples (see `evaluate`). */
	evaluated: boolean;
	/** The final evaluation found no samples: failed unless `allowEmpty`. */
	empty: boolean;
}
interface SummaryMetric {
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
interface SummaryData {
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
/**
 * A block a plugin adds to the end-of-test text summary (goodput, GPU energy,
 * dropped output points...). Rows are label/value pairs, already formatted.
 */
export interface SummarySection {
	title: string;
	rows: ReadonlyArray<{
		label: string;
		value: string;
	}>;
	/** The same numbers for `--summary-export`, written under this top-level key. */
	export?: {
		key: string;
		values: Record<string, unknown>;
	};
}
/** What a plugin may read when it builds its section: the final metrics. */
export interface SectionContext {
	data: SummaryData;
	testRunDurationMs: number;
	/** Any statistics of a trend (`p(99)`, `med`…), whatever `summaryTrendStats` lists; undefined for unknown metrics. */
	trendValues?(key: string, stats: readonly string[]): Record<string, number> | undefined;
}
/** Something that contributes a section (endpoint, output, telemetry plugin). */
export interface SummaryContributor {
	summary?(ctx: SectionContext): SummarySection | undefined;
}
/** Which kind of response a connection carried: a stream (SSE, NDJSON) or anything else. */
export type ResponseKind = "stream" | "other";
/**
 * What a run has learned about servers that close kept-alive connections
 * without saying so, per origin and response kind. llama.cpp advertises
 * `Keep-Alive: timeout=5, max=100` yet closes the socket after every streamed
 * response: a client that reuses the connection writes its next request onto
 * a socket the server is closing. Once such closes number LEARN_AFTER and
 * outnumber the connections the server did keep after that kind of response
 * (so a server that closes all its idle connections once, as on shutdown, is
 * not taken for one), requests of that kind to that origin stop reusing: each
 * gets a connection of its own, closed after it (as with noConnectionReuse),
 * and the user is told once. Shared by every VU of the run (VuConnections
 * hold connections per VU; habits are the server's).
 */
export declare class ConnectionHabits {
	private readonly note;
	private readonly origins;
	/** `note` is told once per origin and kind when a habit is learned. */
	constructor(note?: (origin: string, kind: ResponseKind) => void);
	/** The server closes connections after responses of this kind: do not reuse them for it. */
	closesAfter(origin: string, kind: ResponseKind): boolean;
	/** The server closed a kept-alive connection soon after a completed response of this kind, unannounced. */
	closed(origin: string, kind: ResponseKind): void;
	/** A connection kept after a response of this kind answered another request: the server does keep it. */
	kept(origin: string, kind: ResponseKind): void;
	private tally;
}
/** The one-time note when a habit is learned (`who`: the module, e.g. `llmload/openai`). */
export declare function habitNote(who: string, origin: string, kind: ResponseKind): string;
/**
 * The arrival time of a socket read. undici parses one read synchronously and
 * may call onHeaders and onData several times for it (one per chunk of the
 * chunked encoding); they all get the stamp taken at the first call, so
 * events coalesced in one read share a timestamp (as AIPerf stamps them), and
 * a read's parsing time never shows up as a gap. Microtasks run between two
 * reads (each is its own I/O callback), which is when the stamp is dropped.
 */
export declare class ReadClock {
	private stamp;
	private readonly clear;
	now(): number;
}
/**
 * Non-aggregated records (one per LLM request, say) from a plugin that makes
 * them to the outputs that asked for them. Samples go through the metrics
 * engine and are aggregated; a record is handed over as is, once, in the
 * order it was made. A producer checks `active` first, so it builds nothing
 * when no output listens. Channels live in the run's RecordBus.
 */
export declare class RecordChannel<T> {
	private readonly listeners;
	/** Some output listens. */
	get active(): boolean;
	/** Returns the function that stops listening. */
	subscribe(listener: (record: T) => void): () => void;
	publish(record: T): void;
}
/**
 * The run's record channels by name (`llm-requests`: one record per LLM
 * request), so that plugins that make records and outputs that write them
 * meet without knowing each other. One bus per run.
 */
export declare class RecordBus {
	private readonly channels;
	channel<T>(name: string): RecordChannel<T>;
}
/** A client certificate (k6's `tlsAuth` entry). */
export interface ClientCert {
	/** Server names it is presented to ("*.example.com" allowed); empty: any server without a more specific one. */
	domains: string[];
	cert: string;
	key: string;
	passphrase?: string;
}
/** Where a connection to a name goes instead of DNS (k6's `hosts`). */
export interface HostsLookup {
	/** The override for a connection to hostname:port, or undefined (use DNS). */
	lookup(hostname: string, port: number): {
		ip: string;
		port?: number;
	} | undefined;
}
/** What a VU's connections need to open connections: TLS settings and `hosts` overrides (llmload/http's options). */
export interface ConnectConfig {
	insecureSkipTLSVerify: boolean;
	minVersion?: SecureVersion;
	maxVersion?: SecureVersion;
	certs: ClientCert[];
	hosts?: HostsLookup;
}
/**
 * Connection facts of one undici Client (one socket at a time). The request
 * that gets a fresh connection claims its connect/TLS times (k6 attributes
 * them the same way); later requests on the socket see 0.
 */
export interface ConnRecord {
	/** `http://host:port` of the client. */
	origin: string;
	socket?: Socket;
	connectStart?: number;
	tcpEnd?: number;
	tlsEnd?: number;
	/** A connection finished and no request has claimed its times yet. */
	fresh: boolean;
	/** Of the current socket (k6's remote_ip, remote_port, tls_version, tls_cipher_suite). */
	remoteIp: string;
	remotePort: number;
	tlsVersion: string;
	cipher: string;
	/** The kind of the last response completed on the current socket (undefined: none yet). */
	lastKind?: ResponseKind;
	/** When it completed (performance.now()). */
	lastEnd: number;
	/** A response is arriving on the socket now (headers came, the body has not ended). */
	responding: boolean;
}
declare const CONN: unique symbol;
interface ConnAware {
	[CONN]?: ConnRecord;
}
/**
 * One VU's connections (k6 keeps connections per VU): per origin, a list of
 * keep-alive HTTP/1.1 clients (one socket each). A request goes to an idle
 * client, or a new one when all are busy, so sequential requests reuse one
 * connection and concurrent ones (Promise.all) get their own. (undici's Pool
 * opens a second connection when a request follows the previous response at
 * once, before the client reports "drain".) undici's own timeouts are off:
 * the request's `timeout` covers the whole exchange (exchange.ts). `config`
 * carries TLS options and `hosts` overrides (llmload/http's; none for other
 * users); `guard` refuses connections k6's blockHostnames and blacklistIPs
 * forbid. `habits` (shared by the run's VUs) learns which servers close
 * kept-alive connections after a response without saying so: each client
 * reports such closes to it.
 */
export declare class VuConnections {
	private readonly config?;
	private readonly guard?;
	readonly habits: ConnectionHabits;
	private readonly origins;
	private readonly connectors;
	constructor(config?: ConnectConfig | undefined, guard?: ConnectGuard | undefined, habits?: ConnectionHabits);
	/**
	 * Sends on an idle client of the origin, one with an open socket first.
	 * `fresh`: on a new connection (a client without a socket, or a new one),
	 * never on a kept one.
	 */
	dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler & ConnAware, fresh?: boolean): boolean;
	/**
	 * Opens a connection to `origin` before any request needs it (the warm
	 * start): a client whose socket is ready, handed to undici on its first
	 * request. Its connect time was spent before the test, so no request
	 * claims it: the first request is on a kept connection, timed from its
	 * write (and sent once more if the server closed the idle socket). Resolves when the socket is open;
	 * rejects when it cannot be (that request then connects as usual).
	 */
	preconnect(origin: string): Promise<void>;
	destroy(): Promise<void>;
	private open;
	/**
	 * A socket closed. The server's close (not undici's own, which is
	 * UND_ERR_INFO, nor a destroy) soon after a completed response and before
	 * the next one started is its habit showing: `habits` counts it. A close
	 * mid-response is a failure, not a habit.
	 */
	private onDisconnect;
	/** One connector per client certificate (undici caches TLS sessions per connector). */
	private connectorFor;
}
/**
 * What the kit measures of a request: `generate` (default) produces output
 * (TTFT, ITL, TPOT, output tokens); `embed` has only a prompt (no output
 * tokens); `lookup` is a metadata call (e.g. GET /models) that records
 * nothing: no samples, no record, no token count.
 */
export type LlmRequestKind = "generate" | "embed" | "lookup";
export interface LlmRequest<E extends string = string> {
	/** The `endpoint` tag and result field (`chat`, `generate`, …). */
	endpoint: E;
	url: string;
	/** Default: POST with a body, GET without. */
	method?: string;
	/** Lower-case names; the credential of `authorization` is never logged, exported or returned. */
	headers: Record<string, string>;
	/** JSON text (absent: no body). */
	body?: string;
	/** The body asked for a stream (SSE); the response's content type decides how it is read. */
	stream: boolean;
	/** The `model` tag ('' when none). */
	model: string;
	/** ms: the whole request. */
	timeout: number;
	/** ms: the longest silence between two reads of the body, once it started (0 = off). */
	idleTimeout: number;
	/** false: a new connection for this request (closed after it). Undefined: the run's default. */
	connectionReuse?: boolean;
	/** Tokenizer for token counts the server does not report (undefined: the built-in default). */
	tokenizer?: string;
	/** Extra sample tags (client tags, then call tags). */
	tags?: Record<string, string>;
	/** Default 'generate'. */
	kind?: LlmRequestKind;
	/**
	 * ms after the request was written (AIPerf's cancellation delay): the client
	 * closes it then, unless the response completed first; it counts in
	 * llm_req_cancelled, not as a failure. Undefined: the scenario's `cancel`.
	 * Lookups are never cancelled.
	 */
	cancelAfter?: number;
}
/** Which API a `llmload/openai` request called (the `endpoint` tag); other LLM endpoints name their own (`Result<'generate'>`). */
type Endpoint = "chat" | "completions" | "embeddings" | "models";
/** The error types of `llm_req_failed{error_type:…}` (and `cancelled`, which is not a failure). */
type ErrorType = "http_status" | "stream_error" | "malformed_event" | "incomplete_stream" | "timeout" | "idle_timeout" | "connection_reset" | "stale_connection" | "connect_error"
/** Cut off by the end of the test: gracefulStop ran out, Ctrl-C, or an abort. */
 | "interrupted"
/**
 * Closed by the client on purpose (`cancelAfter`, a scenario's `cancel`)
 * before the response completed: not a failure. It counts in
 * llm_req_cancelled, never in llm_req_failed, and none of its latencies
 * or tokens are recorded.
 */
 | "cancelled";
interface Usage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
	[extra: string]: unknown;
}
interface ToolCall {
	index: number;
	id?: string;
	type: string;
	function: {
		name: string;
		arguments: string;
	};
}
/** Milliseconds, measured in the host with a monotonic clock. Absent: not measurable for this request. */
interface Timings {
	/** Request start → response headers. */
	headers?: number;
	/** Request start → first content chunk (reasoning counts). Non-streamed: = e2e. */
	ttft?: number;
	/** Request start → first non-reasoning content chunk. */
	ttftContent?: number;
	/** (last − first content chunk) / (output tokens − 1); streams with ≥ 2 output tokens. */
	tpot?: number;
	/** Request start → response complete. */
	e2e: number;
	/** Every gap between successive content chunks. */
	itl: number[];
	/** Content chunks received. */
	contentChunks: number;
	/** From the iteration's intended start (arrival-rate executors). */
	ttftIntended?: number;
	e2eIntended?: number;
}
interface Result<E extends string = Endpoint> {
	/** 2xx and a complete, well-formed response. */
	ok: boolean;
	/** HTTP status; 0 when no response arrived. */
	status: number;
	endpoint: E;
	model: string;
	stream: boolean;
	/** Generated text of choice 0 (content, or `text` for completions). */
	text: string;
	/** Reasoning text (`reasoning_content` / `reasoning`). */
	reasoning: string;
	/** Tool calls, streamed pieces merged. */
	toolCalls: ToolCall[];
	finishReason: string | null;
	/** The server's usage; when it sent none, counts from the tokenizer (`tokenSource`). */
	usage: Usage;
	tokenSource: "server" | "tokenizer";
	timings: Timings;
	/** Parsed body of a non-streamed response (embeddings: `json.data[i].embedding`); null for streams. */
	json: any;
	error: {
		type: ErrorType;
		message: string;
		status: number;
	} | null;
}
/** What one parsed event (or a whole non-streamed body) carried. */
export type ChunkKind = 
/** Non-empty answer text (content, completion text, tool-call text): a content chunk, and an answer. */
"answer"
/** Only non-empty reasoning text: a content chunk, not an answer (llm_ttft_content skips it). */
 | "reasoning"
/** Role-only, empty strings, usage-only, finish-only: not a content chunk. */
 | "none";
/** Where a parsed event keeps its text: `holder[key]` is a string (LlmInterpreter.textSlot). */
export type TextSlot = [
	holder: Record<string, unknown>,
	key: string
];
/** How a stream ended, for LlmInterpreter.incomplete(). */
export interface StreamEnd {
	/** The protocol's end marker arrived (`endMarker`, e.g. OpenAI's `[DONE]`). */
	marker: boolean;
	/** The connection broke before the body's end (a clean end otherwise). */
	cut: boolean;
}
/**
 * A protocol's reading of ONE response: the kit frames the body (SSE events
 * or a whole JSON body), parses each event's JSON, handles errors and stamps
 * content chunks; the interpreter says what each object means and collects
 * the result's fields. One instance per request.
 */
export interface LlmInterpreter {
	/**
	 * An event's raw `data` that ends the stream (OpenAI's `[DONE]`), checked
	 * before JSON parsing; absent: the protocol has none.
	 */
	readonly endMarker?: string;
	/** Applies one parsed JSON object: an SSE event's data, or the whole body of a non-streamed response. */
	apply(obj: Record<string, unknown>): ChunkKind;
	/**
	 * Optional, for speed: where a parsed event keeps its text, as `[holder,
	 * key]`, when applying the event does nothing but add that (non-empty)
	 * string, and apply() keeps no reference to the object or its parts;
	 * undefined otherwise. The kit then hands later events that differ from it
	 * in that string alone to apply() as the same object with the new string
	 * in place, without parsing them (runtime/llm/event-template.ts).
	 */
	textSlot?(obj: Record<string, unknown>): TextSlot | undefined;
	/**
	 * The stream is over: undefined when what arrived is a complete response,
	 * else why not (the message of an `incomplete_stream`; a cut reports the
	 * transport's own error instead).
	 */
	incomplete(end: StreamEnd): string | undefined;
	/** Text a tokenizer counts as output when the server reports no output tokens (answer, reasoning, tool calls). */
	outputTexts(): string[];
	/** The result's fields. */
	readonly text: string;
	readonly reasoning: string;
	readonly toolCalls: ToolCall[];
	readonly finishReason: string | null;
	/** The server's token usage as it sent it; counts it lacks are made with the tokenizer. */
	readonly usage: Usage | undefined;
}
/**
 * What an LLM endpoint plugin implements for the kit: its protocol's
 * reading of responses and of prompts. The plugin builds requests; the kit
 * sends, stamps, measures, counts and records them.
 */
export interface LlmProtocol<R extends LlmRequest = LlmRequest> {
	/** A fresh interpreter for the response to `req`. */
	interpreter(req: R): LlmInterpreter;
	/** The prompt's text, counted when the server reports no prompt tokens (called only then). */
	promptText(req: R): string;
}
/** What an LLM endpoint plugin says about itself when it asks for a client. */
export interface LlmClientOptions<R extends LlmRequest> {
	/** The module scripts import, for messages: `llmload/openai`, `llmload/x/kserve`. */
	module: string;
	/** Its protocol's reading of responses and prompts. */
	protocol: LlmProtocol<R>;
}
/** The per-VU state of an LLM endpoint: its keep-alive connections (k6's model). A plugin's own state may extend it. */
export interface LlmVuState {
	connections: VuConnections;
}
/**
 * One LLM endpoint plugin's way into the run's LLM kit. Its per-VU hooks
 * (createState, beginIteration, disposeState) are the Endpoint's; `send`
 * does one request: k6's `rps` slot, the request state machine with every
 * read stamped, the protocol's interpreter, TTFT/ITL/TPOT/E2E, token counts,
 * the llm_* samples, goodput, the run's LLM summary and the `llm-requests`
 * record. Only the result crosses into the isolate.
 */
export declare class LlmClient<R extends LlmRequest> {
	private readonly run;
	private readonly opts;
	private readonly warnOnce;
	constructor(run: LlmRunShared, opts: LlmClientOptions<R>);
	createState(): LlmVuState;
	/** k6's noVUConnectionReuse: keep-alive within an iteration, never across (nothing is in flight now). */
	beginIteration(state: LlmVuState): void;
	/** The warm start (Endpoint.preconnect): one open connection per origin, unless connections are not reused. */
	preconnect(state: LlmVuState, origins: readonly string[]): Promise<void>;
	disposeState(state: LlmVuState): Promise<void>;
	/**
	 * Sends `req` and measures it. Resolves with the script's result, never
	 * rejects for HTTP or stream errors; null when the test ended while the
	 * request waited for its `rps` slot (it was never sent).
	 */
	send(req: R, op: OpContext<LlmVuState>): Promise<Result<R["endpoint"]> | null>;
	private inFlight;
}
/** Per-request values a goodput SLO can bound (ms). */
export type SloMetric = "llm_ttft" | "llm_ttft_content" | "llm_tpot" | "llm_e2e" | "llm_ttft_intended" | "llm_e2e_intended";
export declare const SLO_METRICS: readonly SloMetric[];
/** `options.goodput`: metric → the most it may be (ms, inclusive, as vLLM's `--goodput`). */
export type Slos = ReadonlyArray<readonly [
	SloMetric,
	number
]>;
/** Reads `options.goodput = { llm_ttft: 500, llm_tpot: '50ms' }`; undefined when absent. */
export declare function parseGoodput(raw: unknown): Slos | undefined;
/**
 * A successful request is good when every SLO holds. A value the request
 * does not have (no TPOT for a one-token answer, no intended start in a
 * closed-model scenario) cannot break its SLO.
 */
export declare function isGood(slos: Slos, values: Partial<Record<SloMetric, number>>): boolean;
/** `llm_ttft≤500ms, llm_tpot≤50ms` for the summary. */
export declare function describeSlos(slos: Slos): string;
/** What went wrong while reading a response (first problem wins). */
export interface ReadError {
	type: ErrorType;
	message: string;
}
interface ReadResult {
	status: number;
	/** The body was an SSE stream. */
	sse: boolean;
	/** The protocol's reading of it (text, finish reason, usage, …). */
	interp: LlmInterpreter;
	/** Arrival time of every content chunk, in order (coalesced chunks share one). */
	contentTimes: number[];
	/** Arrival of the first non-reasoning content chunk. */
	firstAnswer: number | undefined;
	/** The protocol's end marker (`[DONE]`) arrived. */
	done: boolean;
	/** Parsed body of a non-SSE response. */
	json: unknown;
	error: ReadError | undefined;
}
/** OpenAI `{error: {message}}`, `{error: "…"}` (also Triton's), vLLM `{object: "error", message}`, FastAPI `{detail}`. */
export declare function errorMessage(body: unknown): string | undefined;
interface LlmExchange {
	read: ReadResult;
	/**
	 * When the request went on the wire, the start of TTFT and E2E: on a
	 * reused connection, when undici starts writing it to the socket; on a new
	 * connection, when it was handed to the connection, so the connect counts
	 * (as in AIPerf and vLLM). See Exchanged.start.
	 */
	start: number;
	headers: number | undefined;
	end: number;
	/** 1 when the request was sent again on a new connection (a kept one had been closed by the server): see Exchanged.retries. */
	retries: number;
}
interface ChatTemplateSource {
	template: string;
	bosToken?: string;
	eosToken?: string;
	/**
	 * The tokenizer adds BOS to every input (`add_bos_token`): a rendered chat
	 * that does not start with BOS gets one in front (llama.cpp does this).
	 */
	addBos: boolean;
}
/** A loaded tokenizer: synchronous, immutable, shared by every VU of a run. */
export interface Tokenizer {
	/** `o200k_base`, or the tokenizer.json path it came from. */
	readonly name: string;
	/**
	 * Token ids of `text` with no BOS/EOS added. Built-in encodings treat
	 * special-token strings ("<|endoftext|>") as ordinary text; a tokenizer.json
	 * matches its added tokens the way the model's server does.
	 */
	encode(text: string): number[];
	/** Text of `ids` (special tokens kept, no clean-up), so decode(encode(t)) == t for ordinary text. */
	decode(ids: readonly number[]): string;
	/**
	 * What getTokenizer() loads this tokenizer from in any working directory:
	 * the encoding's name or the tokenizer.json's absolute path (a counting
	 * thread loads its own copy from it). Absent for tokenizers made elsewhere.
	 */
	readonly source?: string;
	/**
	 * encode(text).length for ordinary text, in time linear in the text's length
	 * whatever the text (runtime/tokenizers/count.ts): a run of more than
	 * MAX_RUN characters with no space in it (`!!!!…`, base64) is counted in
	 * slices, within about one token per slice.
	 */
	count(text: string): number;
	/** The model's chat template, when the tokenizer came with one (tokenizer_config.json, chat_template.jinja or a GGUF). */
	readonly chat?: ChatTemplateSource;
	/**
	 * SentencePiece style: a "▁" is put before every text, so " word" after
	 * other text is not encode(" word") but what follows the first token of
	 * encode("a word"). Undefined (false) for byte-level and tiktoken encodings.
	 */
	readonly prefixesSpace?: boolean;
}
interface TokenizerLookup {
	/** Loads it (once per process; a fraction of a second) and returns it. */
	get(spec: string | undefined): Tokenizer;
	/** It, when this thread has loaded it already. */
	loaded(spec: string | undefined): Tokenizer | undefined;
	/** What the counting thread loads for it; undefined when only this thread has it (made in code). */
	source(spec: string | undefined): string | undefined;
}
interface TokenCounts {
	prompt: number;
	/** 0 for embeddings. */
	output: number;
	/** 'server' when both counts come from the response's `usage`. */
	source: "server" | "tokenizer";
	/** A named tokenizer recounted the server's output tokens (llm_token_count_mismatch records 0 or 1). */
	compared: boolean;
	/** …and got a different number. */
	mismatch: boolean;
	/** With `compared`: the tokenizer's count of the output, and it minus the server's (llm_token_count_diff). */
	clientOutput?: number;
	diff?: number;
	/** The server's usage, or one made of the counts. */
	usage: Usage;
}
declare class TokenCounter {
	readonly tokenizers: TokenizerLookup;
	private thread;
	constructor(tokenizers: TokenizerLookup);
	count(spec: string | undefined, texts: string[]): Promise<number[]>;
	/** Stops the counting thread, if one was started; a later long text starts a new one. */
	close(): Promise<void>;
}
interface Measurement {
	result: Result<string>;
	kind: LlmRequestKind;
	/** Undefined for failed requests and lookups (their tokens are not counted). */
	tokens: TokenCounts | undefined;
	exchange: LlmExchange;
	/** ms after sending at which the client was to cancel it (`cancelAfter`, the scenario's `cancel`); undefined: never. */
	cancelAfter: number | undefined;
}
/** The record channel LLM request records travel on (`--out requests=` listens). */
export declare const LLM_REQUESTS_CHANNEL = "llm-requests";
/** One line of `--out requests=file.jsonl`: a request as it happened. Times in ms. */
export interface LlmRequestRecord {
	/** Request start, RFC 3339 (ms). */
	start: string;
	/** Request start, Unix epoch ms with µs decimals (for offline analysis). */
	start_unix_ms: number;
	vu: number;
	scenario: string;
	endpoint: string;
	model: string;
	stream: boolean;
	status: number;
	ok: boolean;
	error_type: string | null;
	error: string | null;
	/** The client closed it on purpose before it completed (`error_type` is `cancelled`; not a failure). */
	cancelled: boolean;
	/** ms after sending at which the client was to cancel it (`cancelAfter`, the scenario's `cancel`); null: never. */
	cancel_after: number | null;
	/**
	 * 1 when the request was sent again on a new connection: the kept-alive
	 * one it was first written to had been closed by the server before any
	 * response byte. `start` and the timings (but the intended ones) are the
	 * second send's.
	 */
	retries: number;
	finish_reason: string | null;
	timings: {
		headers: number | null;
		ttft: number | null;
		ttft_content: number | null;
		tpot: number | null;
		e2e: number;
		ttft_intended: number | null;
		e2e_intended: number | null;
		/** Every gap between successive content chunks. */
		itl: number[];
	};
	content_chunks: number;
	/**
	 * Null for failed requests. `client_output` and `output_diff` are there when
	 * the request named a tokenizer and the server reported usage: the
	 * tokenizer's count of the output, and it minus `output` (the server's).
	 */
	tokens: {
		prompt: number;
		output: number;
		source: "server" | "tokenizer";
		client_output?: number;
		output_diff?: number;
	} | null;
	/** The sample tags of the request (run, scenario, VU, request tags). */
	tags: Tags;
}
declare class TokenDiffStats {
	/** Requests whose output both sides counted. */
	compared: number;
	/** …of which the counts differ. */
	differing: number;
	/** Client counted fewer. */
	fewer: number;
	/** Client counted more. */
	more: number;
	clientTokens: number;
	serverTokens: number;
	min: number;
	max: number;
	add(client: number, server: number): void;
	/** Σ(client − server). */
	get total(): number;
	/** total / the server's tokens (0 when the server counted none). */
	get relative(): number;
}
declare class LlmRunStats {
	requests: number;
	ok: number;
	good: number;
	promptTokens: number;
	outputTokens: number;
	/** Requests the client cancelled on purpose (not failures, not in `errors`). */
	cancelled: number;
	/** Requests sent again on a new connection (a kept one had been closed by the server). */
	retries: number;
	/** Some response carried reasoning text (then TTFT content differs from TTFT). */
	reasoning: boolean;
	readonly errors: Map<string, number>;
	/** Client − server output tokens of the requests a named tokenizer recounted. */
	readonly tokenDiff: TokenDiffStats;
	private first;
	private last;
	add(m: Measurement, good: boolean): void;
	/** Requests that were not cancelled: what failure and goodput shares are of. */
	get judged(): number;
	/** The window's bounds in this process's monotonic ms; undefined before any request. */
	window(): {
		first: number;
		last: number;
	} | undefined;
	/** Widens the window to include [first, last] (monotonic ms of this process): a merge of another's tallies. */
	widenWindow(first: number, last: number): void;
	/** ms from the first request's start to the last response's end (0 before any). */
	windowMs(): number;
}
/** What the runtime gives the LLM kit when it creates it for a run. */
export interface LlmServiceOptions {
	/** `options.goodput` as the script set it (validated here): SLOs → llm_goodput. */
	goodput?: unknown;
	/** False with k6's `noConnectionReuse` (a request's `connectionReuse` overrides it). */
	connectionReuse: boolean;
	/** k6's network options (rps, blockHostnames, blacklistIPs, noVUConnectionReuse); absent: DEFAULT_NETWORK. */
	network?: NetworkSettings;
	/** Which system tags samples carry; absent: DEFAULT_SYSTEM_TAGS. */
	systemTags?: SystemTags;
	defineMetric(name: string, type: MetricType, contains: ValueType): void;
	/** Records go to its `llm-requests` channel (`--out requests=`). */
	records: RecordBus;
	/** Tokenizer paths resolve from here. */
	cwd: string;
	warn(message: string): void;
}
interface LlmRunShared {
	readonly options: LlmServiceOptions;
	readonly network: NetworkSettings;
	readonly systemTags: SystemTags;
	readonly slos: Slos | undefined;
	readonly stats: LlmRunStats;
	readonly counter: TokenCounter;
	readonly clock: ReadClock;
	/** Which servers close connections after a kind of response (learned over the run, by every VU). */
	readonly habits: ConnectionHabits;
	readonly records: RecordChannel<LlmRequestRecord>;
	/** Requests open in the whole run (the llm_in_flight gauge): +1 or −1, returns the new count. */
	inFlight(delta: number): number;
}
/**
 * The LLM measurement kit of one run (EndpointContext.llm): every LLM endpoint
 * plugin (llmload/openai, a third party's llmload/x/…) sends its requests
 * through a client of it, so TTFT, ITL, TPOT, E2E, token counts, the llm_*
 * samples, goodput and the `llm-requests` records mean the same for all. One
 * LLM summary block however many LLM endpoints the run uses; one counting
 * thread, stopped by close() at the run's end.
 */
export declare class LlmService implements SummaryContributor {
	private readonly shared;
	private defined;
	constructor(options: LlmServiceOptions);
	/**
	 * A client for one LLM endpoint plugin (call it in `create`): the plugin's
	 * protocol reads the responses; the client sends, measures and records.
	 * The first one defines the llm_* metrics.
	 */
	client<R extends LlmRequest>(opts: LlmClientOptions<R>): LlmClient<R>;
	/** The run's LLM tallies (a distributed run or `--summary-export-raw` exports them). */
	get stats(): LlmRunStats;
	/** The LLM block of the summary and `--summary-export`'s `llm` key (nothing when no LLM request was made). */
	summary(ctx: SectionContext): SummarySection | undefined;
	/** The run is over: stops the counting thread (counts still pending are refused). */
	close(): Promise<void>;
}
/** What an endpoint op gets besides its payload. */
export interface OpContext<S> {
	vuId: number;
	/** Aborted by interrupt(): stop the work; the VU settles the op itself. */
	signal: AbortSignal;
	/** Tags for samples taken now: run + scenario + VU tags + `group`. */
	tags: Tags;
	sink: SampleSink;
	/** This VU's state for the endpoint (e.g. its connection pool). */
	state: S;
	/**
	 * Monotonic ms (performance.now()) at which the current iteration was due,
	 * for arrival-rate executors; undefined otherwise. Latencies measured from it
	 * include the time the iteration waited (coordinated omission).
	 */
	intendedStart?: number;
	/**
	 * The runtime warm-up's request (runtime/warmup.ts), not the script's: its
	 * samples are diverted by the gate; record nothing else (summaries, outputs).
	 */
	warmup?: boolean;
	/**
	 * The scenario's `cancel` option (absent: none): an endpoint whose requests
	 * can be cancelled asks it once per request (the LLM kit does).
	 */
	cancel?: CancelPlan;
}
/** A scenario's `cancel` option, as its requests see it. */
export interface CancelPlan {
	/** One draw for one request: ms after sending at which to cancel it, or undefined to let it complete. */
	pick(): number | undefined;
}
/** What a synchronous endpoint call gets (see `EndpointPlugin.callSync`). */
export interface SyncOpContext<S> {
	vuId: number;
	/** This VU's state for the endpoint (created on first use). */
	state: S;
}
/** Given to an endpoint plugin's `create` once options are resolved, before the test starts. */
export interface EndpointContext {
	/** The top-level script options this plugin owns (its `optionKeys`) that the run set. */
	extra: Record<string, unknown>;
	/** False with k6's `noConnectionReuse`: a new connection per request (a client may still override it). */
	connectionReuse: boolean;
	/**
	 * k6's network-level options, resolved once by the runtime and shared by
	 * every endpoint: the connection guard (blockHostnames, blacklistIPs), the
	 * run's one `rps` limiter, noVUConnectionReuse and httpDebug. Absent (tests):
	 * DEFAULT_NETWORK, k6's defaults.
	 */
	network?: NetworkSettings;
	/** Which system tags samples carry (k6's `systemTags`); absent: DEFAULT_SYSTEM_TAGS. */
	systemTags?: SystemTags;
	/** Declares a metric so thresholds and outputs know it before the test. */
	defineMetric(name: string, type: MetricType, contains: ValueType): void;
	cwd: string;
	warn(message: string): void;
	/** The run's record channels: records for outputs (e.g. `llm-requests`). */
	records: RecordBus;
	/**
	 * The run's LLM measurement kit, shared by every LLM endpoint: an LLM
	 * endpoint takes a client (`ctx.llm.client({ module, protocol })`) and
	 * sends its requests through it, so its TTFT/ITL/TPOT, tokens, llm_*
	 * samples, goodput, summary block and `llm-requests` records are the same
	 * as llmload/openai's.
	 */
	llm: LlmService;
	/**
	 * An INFO message through the run's logger (stderr, not --console-output),
	 * e.g. k6's httpDebug dumps; absent: such messages are dropped.
	 */
	info?(message: string): void;
}
/**
 * An endpoint plugin: the host half of a module scripts import for I/O
 * (`llmload/http`, `llmload/openai`; a third party's `llmload/x/<name>`).
 * The module's in-isolate half calls `call(name, payload)` (llmload/vu); the
 * VU runs the Endpoint's `call` in the host and hands the result back.
 */
export interface EndpointPlugin<S = unknown> extends PluginIdentity<"endpoint"> {
	/** Top-level script options this endpoint reads (k6's names, e.g. `userAgent`): they reach `create` in `ctx.extra`. */
	readonly optionKeys?: readonly string[];
	/**
	 * The in-isolate half, for a third-party endpoint: scripts import it as
	 * `llmload/x/<name>`, and it is bundled with them (TypeScript or JS; it
	 * talks to the host through `llmload/vu`). Absolute path or file: URL.
	 * Name it relative to the plugin's own file:
	 * `fileURLToPath(new URL('./vu.ts', import.meta.url))`: the plugin loader
	 * bundles a plugin into a temp file but gives each of its files its own
	 * `import.meta.url`, so this names the same file in-repo and loaded.
	 */
	readonly module?: string;
	/** This run's endpoint. Reads `ctx.extra`; throws LlmloadError('ERR_INVALID_OPTION') naming a bad option. */
	create(ctx: EndpointContext): Endpoint$1<S>;
}
/** One run's endpoint (made by EndpointPlugin.create): per-VU state and the calls. */
interface Endpoint$1<S = unknown> extends SummaryContributor {
	/** Per-VU state, created on the VU's first call (k6 keeps connections per VU). */
	createState(vuId: number): S;
	call(payload: unknown, ctx: OpContext<S>): Promise<unknown>;
	disposeState?(state: S): void | Promise<void>;
	/**
	 * One of this VU's iterations starts (not a warm-up, setup() or teardown()):
	 * per-iteration resets, e.g. k6 empties the VU's cookie jar. Called only for
	 * a VU that already has a state (a fresh state needs no reset).
	 */
	beginIteration?(state: S): void;
	/**
	 * What the in-isolate module needs from the resolved options (JSON-able,
	 * e.g. k6's `throw`), read by the module through the bridge's
	 * `config(name)`. Called after configure(); absent = `null`.
	 */
	vuConfig?(): unknown;
	/**
	 * Synchronous work for the in-isolate module that must answer at once
	 * (k6's cookie-jar methods), through the bridge's `callSync(name, payload)`.
	 * Returns a JSON-able value; a thrown Error becomes an exception in the
	 * script. Keep it short: the VU's isolate waits.
	 */
	callSync?(payload: unknown, ctx: SyncOpContext<S>): unknown;
	/**
	 * Once before the test: after `waitFor` found the server ready, before
	 * setup() and the warm-up. `asked` holds what the module's init code asked
	 * for with llmload/vu's `beforeTest(name, payload)` (distinct payloads, in
	 * order), e.g. llmload/openai's `model: 'auto'` discovery. Resolves with
	 * lines for the run header; a thrown LlmloadError stops the run with its
	 * exit code. Called only when something was asked.
	 */
	beforeTest?(asked: unknown[], ctx: {
		signal: AbortSignal;
	}): Promise<string[] | undefined>;
	/**
	 * Before the clock starts (after the warm-up; not with `--no-warmup`): open
	 * this VU's connections to `origins` (`http://host:port`), those its
	 * module's init code named with llmload/vu's `preconnect(name, url)`, so
	 * the first wave of requests does not pay the connect. Best effort: a
	 * rejection is ignored and the request connects as usual.
	 */
	preconnect?(state: S, origins: readonly string[]): Promise<void>;
	/**
	 * The run is over (after the summary, also after a failure or a signal):
	 * release what outlives the VUs' states, e.g. a helper thread. Calls still
	 * in flight may then fail; nobody awaits them any more.
	 */
	close?(): void | Promise<void>;
}
/** Where a threshold is written in the user's script, when the source map knows it. */
export interface SourceLocation {
	/** Relative to the cwd, as the user wrote it ("scripts/chat.ts"). */
	file: string;
	/** 1-based. */
	line: number;
}
/**
 * The end of the test, for outputs that write a report: given to
 * `Output.finish` after `stop`, once the final thresholds evaluation and the
 * summary exist. Not given when the run failed before its summary.
 */
export interface OutputFinal {
	/** The script as given on the command line ('-' for stdin; the API's inline name). */
	script: string;
	/** Wall-clock start and end of the test phase (epoch ms). */
	startTime: number;
	endTime: number;
	testRunDurationMs: number;
	/** What handleSummary() receives: k6's data plus the plugins' blocks (`llm`, `load_generator`…). */
	summary: Record<string, unknown>;
	/** The final evaluation of every threshold (empty with --no-thresholds or none defined). */
	thresholds: readonly ThresholdResult[];
	/** Where a threshold (`metric`, expression as written) is in the script, when the source map knows it. */
	locate(metric: string, expression: string): SourceLocation | undefined;
	/** The comparison with `run --baseline FILE`, when given: the baseline file, its data, the comparison. */
	baseline?: {
		file: string;
		data: unknown;
		comparison: unknown;
	};
}
/** What an output is told when the run starts. */
export interface OutputContext {
	/** The argument after `name=` in `--out name=arg` ('' when absent). */
	arg: string;
	/** Directory relative paths resolve against (the user's cwd). */
	cwd: string;
	/** Run-level tags (`--tag`, `options.tags`), including `testid` when set. */
	runTags: Record<string, string>;
	/**
	 * The run's id: the `testid` run tag when set, else one generated for the
	 * run (`20250102-030405-a1b2`, sortable by start time). The same for every
	 * output of the run and in `run()`'s result.
	 */
	testid: string;
	/** Environment the output may read its options from (LLMLOAD_*). */
	env: Record<string, string | undefined>;
	/** Non-fatal problems: printed once by the CLI. */
	warn(message: string): void;
	/** Resolves a metric's definition (type, contains) by name. */
	metric(name: string): MetricDefinition | undefined;
	/** The run's record channels (e.g. `llm-requests`: one record per LLM request). */
	records: RecordBus;
}
/**
 * One output of one run (`--out name=arg`), made by its OutputPlugin. Samples
 * arrive in batches, off the hot path, in the order they were taken. `stop`
 * must flush everything.
 */
export interface Output extends SummaryContributor {
	readonly name: string;
	/** One line for the run header, e.g. "json (results.json)". */
	description(): string;
	start(): Promise<void>;
	addSamples(samples: readonly Sample[]): void;
	/** Flush and release; `error` is set when the run failed. */
	stop(error?: unknown): Promise<void>;
	/** After `stop` and the summary (reports: HTML, JUnit); not called when the run failed. */
	finish?(final: OutputFinal): Promise<void>;
}
/** An output plugin: `--out <name>=arg` makes one Output per run with `create`. */
export interface OutputPlugin extends PluginIdentity<"output"> {
	create(ctx: OutputContext): Output;
}
/** What a telemetry plugin is given when it is created (after options are resolved). */
export interface TelemetryContext {
	/** Samples go into the same metrics engine as everything else. */
	sink: SampleSink;
	/** Declares a metric up front, so thresholds and outputs know it before the test. */
	defineMetric(name: string, type: MetricType, contains: ValueType): void;
	/** Run-level tags (`--tag`, `options.tags`). */
	runTags: Record<string, string>;
	/** The process environment plus `-e KEY=VALUE` (e.g. LLMLOAD_BASE_URL set by `run --mock`). */
	env: Record<string, string | undefined>;
	cwd: string;
	/** Non-fatal problems, printed once. */
	warn(message: string): void;
}
/**
 * One telemetry source of one run (GPU exporter, server /metrics): sampled on
 * an interval from `start` until `stop`, which takes one final sample so
 * counters cover the whole measured window.
 */
export interface TelemetrySource extends SummaryContributor {
	readonly name: string;
	/** One line for the run header. */
	description(): string;
	/** Fails with an LlmloadError only when the source is required and unreachable. */
	start(): Promise<void>;
	stop(): Promise<void>;
}
/**
 * A telemetry plugin: creates its source from its section of `options.telemetry` (e.g.
 * `options.telemetry.dcgm`), or returns undefined when it is not configured.
 * `where` names the option for error messages.
 */
export interface TelemetryPlugin extends PluginIdentity<"telemetry"> {
	create(config: unknown, ctx: TelemetryContext, where: string): TelemetrySource | undefined;
}
/** Any plugin. A plugin module's default (or `plugins`) export is one of these, or an array of them. */
export type Plugin = ExecutorPlugin<any> | EndpointPlugin<any> | OutputPlugin | TelemetryPlugin;
type Body<P> = Omit<P, "kind" | "apiVersion"> & {
	readonly apiVersion: typeof PLUGIN_API_VERSION;
};
/** An executor plugin, stamped with its kind. */
export declare function defineExecutor<C>(p: Body<ExecutorPlugin<C>>): ExecutorPlugin<C>;
/** An endpoint plugin, stamped with its kind. */
export declare function defineEndpoint<S>(p: Body<EndpointPlugin<S>>): EndpointPlugin<S>;
/** An output plugin, stamped with its kind. */
export declare function defineOutput(p: Body<OutputPlugin>): OutputPlugin;
/** A telemetry plugin, stamped with its kind. */
export declare function defineTelemetry(p: Body<TelemetryPlugin>): TelemetryPlugin;
/** The members each kind must have besides kind, name and apiVersion (checked when a plugin loads). */
export declare const REQUIRED_MEMBERS: Record<PluginKind, readonly string[]>;
interface RawTrend {
	count: number;
	sum: number;
	min: number;
	max: number;
	/** Non-negative values, in thousandths of a unit. */
	pos: string;
	/** Magnitudes of the negative values; absent when there were none. */
	neg?: string;
}
/**
 * A Trend backed by HDR histograms (hdr-histogram-js): constant memory per
 * value range, however many samples. count, sum, min and max are kept exactly
 * beside the histogram; avg = sum / count is exact too.
 *
 * Negative values (a custom Trend may hold any number) go into a second
 * histogram of magnitudes, so the ordered sequence is the negatives from the
 * largest magnitude down, then the non-negatives up.
 *
 * Percentiles follow k6's classic definition (and NumPy's default): linear
 * interpolation between the closest ranks, p(N) = v[⌊r⌋] + (v[⌈r⌉] − v[⌊r⌋])·frac(r)
 * with r = N/100·(count − 1) over the sorted values v. Each v[i] is read from
 * the histogram as the median of its bucket (exact for magnitudes below 2.048);
 * v[0] and v[count−1] are the exact min and max, and results are clamped to
 * [min, max]. med = p(50). No samples → every statistic is 0; one sample → it.
 */
export declare class TrendSink implements MetricSink {
	readonly type: "trend";
	count: number;
	sum: number;
	min: number;
	max: number;
	private readonly pos;
	private neg;
	add(value: number): void;
	isEmpty(): boolean;
	avg(): number;
	/** p(N) for N in [0, 100]. */
	percentile(n: number): number;
	/** Several percentiles with one pass over the histograms. */
	percentiles(ns: readonly number[]): number[];
	values(_elapsedMs: number, trendStats?: readonly string[]): Record<string, number>;
	merge(other: MetricSink): void;
	/** The exact state (see RawTrend); undefined while empty. */
	toRaw(): RawTrend | undefined;
	/** A sink holding exactly `raw`. */
	static fromRaw(raw: RawTrend): TrendSink;
	/**
	 * Adds a raw state: afterwards this sink is exactly what it would be had it
	 * been fed those samples too (count, min, max, every histogram counter; the
	 * sum up to floating-point addition order). Throws on a malformed encoding.
	 */
	mergeRaw(raw: RawTrend): void;
	/** Bytes held by the histograms (for tests and diagnostics). */
	footprintBytes(): number;
	/** The values at the given 0-based ranks (ascending, distinct) of the sorted samples. */
	private valuesAtRanks;
}
/**
 * Trend statistics as k6 names them in `summaryTrendStats` and thresholds:
 * `avg`, `min`, `med`, `max`, `count`, `sum`, and `p(N)` with 0 ≤ N ≤ 100.
 */
export declare const DEFAULT_TREND_STATS: readonly string[];
export declare function isTrendStat(stat: string): boolean;
/** Integers as they are; 2 decimals from 1 up; 3 significant digits below 1 (0.0123). */
export declare function humanizeNumber(v: number): string;
/** 0.12345 → '12.34%' (truncated, not rounded, as k6; the epsilon absorbs float noise like 0.29·10⁴ = 2899.999…). */
export declare function percent(rate: number): string;
/** 1234 → '1.2 kB', 5_400_000 → '5.4 MB' (base 1000, as k6). */
export declare function humanizeBytes(bytes: number): string;
/** A duration in ms; `timeUnit` ('s' | 'ms' | 'us') forces one unit with 2 decimals. */
export declare function humanizeDuration(ms: number, timeUnit?: string): string;
export declare function toFixedNoTrailingZeros(v: number, prec: number): string;
/** Process exit codes; k6's where k6 has one (see README "Exit codes"). */
export declare const ExitCode: {
	readonly OK: 0;
	readonly THRESHOLDS_CROSSED: 99;
	readonly SETUP_TIMEOUT: 100;
	readonly TEARDOWN_TIMEOUT: 101;
	readonly INVALID_CONFIG: 104;
	readonly EXTERNAL_ABORT: 105;
	readonly SCRIPT_EXCEPTION: 107;
	readonly SCRIPT_ABORTED: 108;
	readonly OUTPUT_FAILED: 109;
	readonly AGENT_LOST: 110;
	readonly TELEMETRY_UNAVAILABLE: 111;
	readonly SERVER_NOT_READY: 112;
	readonly GENERIC: 255;
};
/** Stable error codes; each maps to one exit code. */
export declare const ErrorCodeExit: {
	/** An option, flag, config file or scenario is invalid. */
	readonly ERR_INVALID_OPTION: 104;
	/** A threshold is malformed or names a metric that does not exist. */
	readonly ERR_INVALID_THRESHOLD: 104;
	/** The script could not be read or bundled (syntax error, forbidden import). */
	readonly ERR_BUNDLE: 104;
	/** The script threw in init code, setup() or teardown(). */
	readonly ERR_SCRIPT_EXCEPTION: 107;
	/** The script called exec.test.abort(). */
	readonly ERR_SCRIPT_ABORTED: 108;
	/** setup() ran past setupTimeout. */
	readonly ERR_SETUP_TIMEOUT: 100;
	/** teardown() ran past teardownTimeout. */
	readonly ERR_TEARDOWN_TIMEOUT: 101;
	/** The run was stopped by a signal. */
	readonly ERR_SIGNAL: 105;
	/** An output could not be started or flushed and was configured to be fatal. */
	readonly ERR_OUTPUT: 109;
	/** A telemetry source marked `required` (GPU exporter, server /metrics) could not be read at the start. */
	readonly ERR_TELEMETRY: 111;
	/** The server did not become ready within `waitFor`'s timeout, or `model: 'auto'` found no model to use. */
	readonly ERR_NOT_READY: 112;
	/** `llmload compare`: the runs differ in scenarios, executors or rates, or a file is not a run's summary. */
	readonly ERR_NOT_COMPARABLE: 104;
	/** A distributed run lost an agent (missed pushes, died) or an agent lost its coordinator. */
	readonly ERR_AGENT_LOST: 110;
	/** Anything else. */
	readonly ERR_INTERNAL: 255;
};
export type ErrorCode = keyof typeof ErrorCodeExit;
export declare class LlmloadError extends Error {
	readonly code: ErrorCode;
	constructor(code: ErrorCode, message: string, options?: {
		cause?: unknown;
	});
	get exitCode(): number;
}
/**
 * An LlmloadError, also one made by another copy of this module (a plugin
 * bundled against its own llmload): judged by name and code, not by class.
 */
export declare function isLlmloadError(err: unknown): err is LlmloadError;
/** Shorthand for the most common error: a bad option. `where` names the option/file/line. */
export declare function invalidOption(where: string, message: string): LlmloadError;
type Obj = Record<string, unknown>;
/** An ERR_INVALID_OPTION error about one option: `${where}: option "${key}" ${problem}`. */
export declare function optionError(where: string, key: string, problem: string): LlmloadError;
/** How a value is shown in messages: strings quoted, objects as short JSON. */
export declare function showValue(v: unknown): string;
/**
 * The candidate closest to `name`, if it is close enough to be a typo:
 * case-insensitive equal, or at most a third of the name's length in edits.
 */
export declare function suggest(name: string, candidates: readonly string[]): string | undefined;
/**
 * Throws for the first key of `obj` not in `allowed`:
 * `${where}: unknown option "rat" (did you mean "rate"?)`, or with the list of
 * known options when nothing is close.
 */
export declare function checkKeys(obj: object, allowed: readonly string[], where: string): void;
/**
 * Each reader returns the option's value, `def` when it is absent (undefined),
 * or undefined when it is absent and no default was given. A present value of
 * the wrong type throws `option "key" must be <kind>, got <value>`.
 */
export declare function expectNumber(obj: Obj, key: string, where: string): number | undefined;
export declare function expectNumber(obj: Obj, key: string, where: string, def: number): number;
export declare function expectInt(obj: Obj, key: string, where: string): number | undefined;
export declare function expectInt(obj: Obj, key: string, where: string, def: number): number;
export declare function expectString(obj: Obj, key: string, where: string): string | undefined;
export declare function expectString(obj: Obj, key: string, where: string, def: string): string;
export declare function expectBool(obj: Obj, key: string, where: string): boolean | undefined;
export declare function expectBool(obj: Obj, key: string, where: string, def: boolean): boolean;
/** A k6 duration ("30s", "1m30s", or ms as a number) in milliseconds. `def` may be a string. */
export declare function expectDuration(obj: Obj, key: string, where: string): number | undefined;
export declare function expectDuration(obj: Obj, key: string, where: string, def: number | string): number;
/** An object whose values are strings (numbers and booleans are converted). */
export declare function expectStringMap(obj: Obj, key: string, where: string): Record<string, string> | undefined;
export declare function expectStringMap(obj: Obj, key: string, where: string, def: Record<string, string>): Record<string, string>;
/** One of a fixed set of strings: `must be one of "a", "b", got "c" (did you mean "a"?)`. */
export declare function expectOneOf<T extends string>(obj: Obj, key: string, where: string, allowed: readonly T[]): T | undefined;
export declare function expectOneOf<T extends string>(obj: Obj, key: string, where: string, allowed: readonly T[], def: T): T;
/** A plain object (not an array, not null). */
export declare function expectObject(obj: Obj, key: string, where: string): Obj | undefined;
/** An array. */
export declare function expectArray(obj: Obj, key: string, where: string): unknown[] | undefined;
/**
 * Formats milliseconds the way Go's time.Duration prints (and so k6):
 * "0s", "500ms", "1.5s", "1m30s", "10m0s", "2h0m0s".
 */
export declare function formatDuration(ms: number): string;
/**
 * Parses a k6 duration into milliseconds: a string such as "30s", "1m30s",
 * "500ms", "2h", "1.5s", "1d" or "0", or a number of milliseconds. Negative
 * durations are rejected. `where` names the option for the message, e.g.
 * `scenario "x": option "duration"`.
 */
export declare function parseDuration(value: unknown, where: string): number;
/**
 * One clock for the whole run. Schedules and latencies use the monotonic
 * clock (performance.now(), ms); sample timestamps are wall-clock epoch ms
 * derived from that same monotonic reading, so they never jump backwards.
 */
export declare function monoNow(): number;
/** Epoch ms for a monotonic reading (default: now). */
export declare function wallTime(mono?: number): number;
/** Resolves after `ms`, or at once when `signal` aborts. */
export declare function delay(ms: number, signal?: AbortSignal): Promise<void>;
export type Seed = number | string;
/** A fresh random 32-bit seed (for runs that were given none). */
export declare function randomSeed(): number;
export declare class Random {
	/** The seed this generator started from (given, or picked at random). */
	readonly seed: Seed;
	private a;
	private b;
	private c;
	private d;
	/** Numbers and strings are both hashed (typeof is part of the key, so 1 and "1" differ). */
	constructor(seed?: Seed);
	/** sfc32 (Chris Doty-Humphrey's Small Fast Counter): one 32-bit word. */
	nextUint32(): number;
	/** Uniform in [0, 1) with 53 random bits. */
	next(): number;
	/** Uniform integer in [0, n). */
	int(n: number): number;
	/** Exponential with the given mean (default 1). */
	exponential(mean?: number): number;
	/** Normal via Box–Muller (no cached pair, so the sequence depends only on call order). */
	normal(mean?: number, sd?: number): number;
	/**
	 * Gamma(shape, scale): mean shape·scale, variance shape·scale².
	 * Marsaglia & Tsang (2000); shape < 1 by the boost Gamma(a) = Gamma(a+1)·U^(1/a).
	 */
	gamma(shape: number, scale?: number): number;
}
/** One line's object. */
export type JsonlRow = Record<string, unknown>;
/**
 * Calls `each(row, line)` for every object in `text`, in order (`line` is
 * 1-based). A line that is not JSON, or not an object, throws the error
 * `fail(line, problem)` makes.
 */
export declare function readJsonl(text: string, each: (row: JsonlRow, line: number) => void, fail: (line: number, problem: string) => Error): void;
/**
 * What `spec` names, without loading it: a built-in encoding's name, or the
 * absolute path of a tokenizer.json or GGUF file. The key of the cache, and what a
 * counting thread loads.
 */
export declare function tokenizerSource(spec: string | undefined, cwd: string): string;
/** The tokenizer, when this process has loaded it already (loading one blocks for a fraction of a second). */
export declare function loadedTokenizer(spec: string | undefined, cwd: string): Tokenizer | undefined;
/** Synchronous; throws LlmloadError('ERR_INVALID_OPTION') naming the spec when it cannot load. */
export declare function getTokenizer(spec: string | undefined, cwd: string): Tokenizer;
export declare class CountThread {
	private readonly entry;
	private worker;
	private readonly pending;
	private nextId;
	/** Set once the thread failed or was closed: later counts are refused with it. */
	private failure;
	private closedByOwner;
	/** `entry`: the built worker script (tests build their own). */
	constructor(entry?: string | URL);
	/** True after close(): a refusal then means the run is over, not that the thread broke. */
	get closed(): boolean;
	/** Counts each of `texts` with the tokenizer loaded from `source`. */
	count(source: string, texts: string[]): Promise<number[]>;
	/** Stops the thread, even mid-count; pending counts are refused. */
	close(): Promise<void>;
	private start;
	private settle;
	private fail;
}
/** This llmload's version (package.json), e.g. for k6's default User-Agent `llmload/<version>`. */
export declare const LLMLOAD_VERSION: string;
/**
 * A package loaded at its first use, with `require`, instead of when the
 * module that names it loads: a run pays start-up only for the packages it
 * uses (a tokenizer, a CSV dataset, an output), and so does each thread of
 * `--threads`. `require` rather than `import()`: Node's ESM import of a
 * CommonJS package first lexes its whole source for named exports, which
 * for a one-file build such as `@babel/parser` costs several times the load
 * (bench/README.md, "Start-up"). `from` is the caller's `import.meta.url`:
 * `id` resolves from there, so a third-party plugin gets its own
 * dependencies. The package must have a CommonJS entry (`require` export
 * or `main`); with `import type * as X from 'id'`, `lazyPackage<typeof X>`.
 */
export declare function lazyPackage<T>(from: string, id: string): () => T;
/** The id of the `<script type="application/json">` element an llmload HTML report keeps its data in. */
export declare const REPORT_DATA_ID = "llmload-data";
/**
 * The data an llmload HTML report embeds, or undefined when `text` is not
 * one. The JSON is stored with `<` escaped as `\u003c`, so it parses as is.
 */
export declare function extractReportData(text: string): Record<string, unknown> | undefined;
/**
 * k6's error codes (lib/netext/httpext/error_codes.go) for failures of a
 * request, from Node/undici errors and the exchange's own stops (stop-errors.ts).
 * HTTP ≥ 400 responses get 1000 + status.
 */
export declare const ErrorCodes: {
	readonly GENERIC: 1000;
	readonly INVALID_URL: 1020;
	readonly REQUEST_TIMEOUT: 1050;
	readonly DNS: 1100;
	readonly DNS_NO_SUCH_HOST: 1101;
	readonly BLACKLISTED_IP: 1110;
	readonly BLOCKED_HOSTNAME: 1111;
	readonly TCP: 1200;
	readonly TCP_BROKEN_PIPE: 1201;
	readonly TCP_DIAL: 1210;
	readonly TCP_DIAL_TIMEOUT: 1211;
	readonly TCP_DIAL_REFUSED: 1212;
	readonly TCP_DIAL_UNKNOWN: 1213;
	readonly TCP_RESET_BY_PEER: 1220;
	readonly TLS: 1300;
	readonly X509_UNKNOWN_AUTHORITY: 1310;
	readonly X509_HOSTNAME: 1311;
	readonly RESPONSE_DECOMPRESSION: 1701;
};
/** A response body that does not decode (k6: error_code 1701). */
export declare class DecompressionError extends Error {
	constructor(cause: unknown);
}
/** Maps an error to k6's code and a short k6-style message. */
export declare function classifyError(err: unknown): {
	code: number;
	message: string;
};
/** One request on the wire (a redirect chain sends several). */
export interface WireRequest {
	method: string;
	/** `http://host:port`. */
	origin: string;
	/** Path and query. */
	path: string;
	headers: Record<string, string>;
	body: Buffer | string | null;
	/** ms: the whole exchange, from dispatch to the body's last byte. */
	timeout: number;
	/** ms: the longest silence between two reads once the body started; 0 or absent: off. */
	idleTimeout?: number;
	/** false: the connection is closed after this request (k6's noConnectionReuse). */
	reuse: boolean;
	/**
	 * The request asks for a streamed response (SSE, NDJSON): what the
	 * connection habits of servers are learned and applied by. Undefined: an
	 * `Accept: text/event-stream` header says so.
	 */
	stream?: boolean;
}
/**
 * Receives the response as it arrives. `t` is the arrival of the socket read
 * it came in (ReadClock: taken before any parsing; reads coalesced by undici
 * share it).
 */
export interface ResponseSink {
	headers?(status: number, rawHeaders: Buffer[], t: number): void;
	data?(chunk: Buffer, t: number): void;
}
/** The connect and TLS times of a new connection, claimed by its first request (k6 attributes them so). */
export interface ConnectStamps {
	start: number;
	tcp: number;
	tls?: number;
}
/** A finished exchange: what arrived and when (monotonic ms, performance.now()). */
export interface Exchanged {
	/** Undefined when the response completed; else what stopped it (a network error, or a stop-errors.ts error). */
	error: unknown;
	/** Cut off by the signal (the end of the test). */
	interrupted: boolean;
	/** 0 when no response headers arrived. */
	status: number;
	statusText: string;
	/** Raw header name/value pairs, as undici gives them ([] without a response). */
	rawHeaders: Buffer[];
	/** The request was handed to the VU's connections. */
	dispatched: number;
	/** undici started writing it to a connection's socket (its onConnect). */
	connected: number | undefined;
	/** The request was written. */
	sent: number | undefined;
	/** The status line and headers arrived (their read's stamp). */
	headers: number | undefined;
	end: number;
	/**
	 * When the request went on the wire: on a reused connection, `connected`
	 * (µs before the write; a stamp taken after it could be delayed by the
	 * server's process preempting ours); on a new connection, `dispatched`, so
	 * the connect counts (as in AIPerf and vLLM).
	 */
	start: number;
	/** The connection it was written to; undefined when it got none. */
	conn: ConnRecord | undefined;
	/** That connection had carried an earlier request. */
	reused: boolean;
	/**
	 * 1 when the request was sent again on a new connection: the kept one it
	 * was first written to turned out closed by the server before any response
	 * byte (the request never reached a live server). Its `start` and the
	 * connection fields are the second send's; `dispatched` is still the first.
	 */
	retries: number;
	/** Connect/TLS stamps of the new connection this request claimed. */
	fresh: ConnectStamps | undefined;
	/** Bytes on the wire, from the socket's counters (one request at a time per socket; both sends of a retried one). */
	bytesSent: number;
	bytesReceived: number;
}
export interface ExchangeOptions {
	/** Aborted by the end of the test: the request stops as `interrupted`. */
	signal: AbortSignal;
	/** Stamps the response's reads (one per endpoint: see ReadClock). */
	clock: ReadClock;
	/**
	 * ms after the request was written (AIPerf's cancellation delay, from
	 * "request fully sent"): the exchange closes it with a CancelledError unless
	 * the response completed first. Undefined: never.
	 */
	cancelAfter?: number;
	sink?: ResponseSink;
}
/**
 * The one request state machine of llmload's HTTP endpoints (llmload/http,
 * llmload/openai, the LLM kit's plugins): sends one request through a VU's
 * connections with a raw undici dispatch handler, so each phase is stamped
 * where it happens: dispatched → connection (connect/TLS if new) → written →
 * headers → every read of the body (before the sink decodes it) → end. One
 * timer serves the whole-request `timeout` and the `idleTimeout` between
 * reads (reads only move `lastRead`); the signal interrupts. A request
 * written to a kept connection that the server had closed (a close or reset
 * before any response byte) is sent once more on a new connection, within
 * the same timeout (`retries`); a failure on a new connection or after
 * response bytes is never retried. Requests of a kind the origin is known to
 * close connections after (ConnectionHabits) go on a new connection, closed
 * after them. Never rejects: a failure is in `error`.
 */
export declare function exchange(conns: VuConnections, req: WireRequest, opts: ExchangeOptions): Promise<Exchanged>;
/** The value of a raw header (first match, case-insensitive), as undici passes them to onHeaders. */
export declare function rawHeader(raw: readonly Buffer[], lowerName: string): string | undefined;
/** k6's `res.timings` (ms). */
export interface PhaseTimings {
	/** sending + waiting + receiving. */
	duration: number;
	/** Waiting for a connection (queued, or before the connect started). */
	blocked: number;
	/** Always 0, as in k6 (name resolution is part of `connecting`). */
	looking_up: number;
	/** TCP connect of a new connection (0 when one was reused). */
	connecting: number;
	/** TLS handshake of a new connection (0 when reused or plain HTTP). */
	tls_handshaking: number;
	/** Writing the request (headers and body). */
	sending: number;
	/** Written → first response byte (headers). */
	waiting: number;
	/** Headers → last byte. */
	receiving: number;
}
export declare const ZERO_TIMINGS: Readonly<PhaseTimings>;
/**
 * k6's phase timings of one exchange. A request that never got a connection
 * (a failed connect, or cut off while queued) spent its whole time blocked.
 */
export declare function phaseTimings(ex: Exchanged): PhaseTimings;
/** The whole request took longer than its `timeout`. */
export declare class RequestTimeoutError extends Error {
	readonly ms: number;
	constructor(ms: number);
}
/** No byte of the body arrived for `idleTimeout` ms once it had started. */
export declare class IdleTimeoutError extends Error {
	readonly ms: number;
	constructor(ms: number);
}
/** The request was cut off by the end of the test (the VU's signal aborted). */
export declare class InterruptedError extends Error {
	constructor();
}
/** The client closed the request on purpose, `ms` after it was sent (`cancelAfter`, a scenario's `cancel`). */
export declare class CancelledError extends Error {
	readonly ms: number;
	constructor(ms: number);
}
/**
 * The first failure of each kind is worth a line on stderr; the rest are
 * only counted (in the metrics), so a dead server does not flood the log.
 */
export type WarnOnce = (kind: string, message: string) => void;
export declare function createWarnOnce(warn: (message: string) => void): WarnOnce;
/** Every metric of the LLM kit (defined before the test so thresholds can name them). */
export declare const LLM_METRICS: ReadonlyArray<readonly [
	name: string,
	type: MetricType,
	contains: ValueType
]>;

export {
	Endpoint as LlmEndpoint,
	Endpoint$1 as Endpoint,
	ErrorType as LlmErrorType,
	PLUGIN_API_VERSION as apiVersion,
	Result as LlmResult,
	Timings as LlmTimings,
	ToolCall as LlmToolCall,
	Usage as LlmUsage,
};

export {};
