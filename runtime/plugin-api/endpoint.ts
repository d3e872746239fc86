import type { MetricType, SampleSink, Tags, ValueType } from '../metrics/types.js';
import type { NetworkSettings } from '../options/network.js';
import type { SystemTags } from '../options/system-tags.js';
import type { SummaryContributor } from '../summary/sections.js';
import type { LlmService } from '../llm/service.js';
import type { RecordBus } from '../record-channel.js';
import type { PluginIdentity } from './identity.js';

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
export interface EndpointPlugin<S = unknown> extends PluginIdentity<'endpoint'> {
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
  create(ctx: EndpointContext): Endpoint<S>;
}

/** One run's endpoint (made by EndpointPlugin.create): per-VU state and the calls. */
export interface Endpoint<S = unknown> extends SummaryContributor {
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
  beforeTest?(asked: unknown[], ctx: { signal: AbortSignal }): Promise<string[] | undefined>;
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
