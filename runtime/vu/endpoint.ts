import type { MetricType, SampleSink, Tags, ValueType } from '../metrics/types.js';
import type { NetworkSettings } from '../options/network.js';
import type { SystemTags } from '../options/system-tags.js';
import type { SummaryContributor } from '../summary/sections.js';

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
}

/** What a synchronous endpoint call gets (see `EndpointPlugin.callSync`). */
export interface SyncOpContext<S> {
  vuId: number;
  /** This VU's state for the endpoint (created on first use). */
  state: S;
}

/**
 * Host side of an in-isolate module that does I/O (`llmload/http`, later the
 * LLM endpoints). The isolate calls `hostCall(name, payload)`; the VU runs
 * `call` and hands the resolved value (structured-cloned) back to the script.
 */
/** Given to an endpoint once options are resolved, before the test starts. */
export interface EndpointConfigureContext {
  /** Top-level options owned by plugins (`Plugins.optionKeys`), e.g. `goodput`. */
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
  /**
   * An INFO message through the run's logger (stderr, not --console-output),
   * e.g. k6's httpDebug dumps; absent: such messages are dropped.
   */
  info?(message: string): void;
}

export interface EndpointPlugin<S = unknown> extends SummaryContributor {
  /** Op name used by the in-isolate module. */
  name: string;
  /** Per-VU state, created on the VU's first call (k6 keeps connections per VU). */
  createState(vuId: number): S;
  call(payload: unknown, ctx: OpContext<S>): Promise<unknown>;
  disposeState?(state: S): void | Promise<void>;
  /** Reads plugin-owned options; throws LlmloadError('ERR_INVALID_OPTION') naming the option. */
  configure?(ctx: EndpointConfigureContext): void;
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
   * The run is over (after the summary, also after a failure or a signal):
   * release what outlives the VUs' states, e.g. a helper thread. Calls still
   * in flight may then fail; nobody awaits them any more.
   */
  close?(): void | Promise<void>;
}
