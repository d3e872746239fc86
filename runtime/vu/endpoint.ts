import type { MetricType, SampleSink, Tags, ValueType } from '../metrics/types.js';
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
  /** Declares a metric so thresholds and outputs know it before the test. */
  defineMetric(name: string, type: MetricType, contains: ValueType): void;
  cwd: string;
  warn(message: string): void;
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
   * The run is over (after the summary, also after a failure or a signal):
   * release what outlives the VUs' states, e.g. a helper thread. Calls still
   * in flight may then fail; nobody awaits them any more.
   */
  close?(): void | Promise<void>;
}
