import type { SampleSink, Tags } from '../metrics/types.js';

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
}

/**
 * Host side of an in-isolate module that does I/O (`llmload/http`, later the
 * LLM endpoints). The isolate calls `hostCall(name, payload)`; the VU runs
 * `call` and hands the resolved value (structured-cloned) back to the script.
 */
export interface EndpointPlugin<S = unknown> {
  /** Op name used by the in-isolate module. */
  name: string;
  /** Per-VU state, created on the VU's first call (k6 keeps connections per VU). */
  createState(vuId: number): S;
  call(payload: unknown, ctx: OpContext<S>): Promise<unknown>;
  disposeState?(state: S): void | Promise<void>;
}
