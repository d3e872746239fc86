import type { MetricType, SampleSink, ValueType } from '../metrics/types.js';
import type { SystemTags } from '../options/system-tags.js';
import type { CancelPlan } from '../plugin-api/endpoint.js';

/** Where an exception in user code came from, mapped through the source map. */
export interface ScriptError {
  message: string;
  /** "path/to/script.ts:12:7" in the user's source, when known. */
  location?: string;
  /** Stack with user-file positions (for --verbose). */
  stack?: string;
}

/** What the host tells a VU about the iteration it is about to run. */
export interface IterationInfo {
  /** Exported function to call ('default' or a scenario's `exec`). */
  exec: string;
  scenario: {
    name: string;
    executor: string;
    /** Epoch ms at which the scenario started. */
    startTime: number;
    /** 0..1 share of the scenario's duration/iterations done. */
    progress: number;
    /** Unique iteration number of this iteration in the scenario (across VUs). */
    iterationInTest: number;
  };
  /** This VU's iteration count in this scenario (__ITER, 0-based). */
  iterationInScenario: number;
  /** Scenario tags (merged over run tags by the runtime). */
  tags: Record<string, string>;
  /** Scenario `env` merged over the run's __ENV. */
  env: Record<string, string>;
  /** Payload from the executor for this iteration (e.g. a trace record). */
  data?: unknown;
  /** Monotonic ms at which an arrival-rate iteration was due (undefined for closed executors). */
  intendedStart?: number;
  /** The scenario's `cancel` option, for its requests (undefined: none). */
  cancel?: CancelPlan;
  /**
   * A closed loop's next iteration on this VU: asked (synchronously) when this
   * one finished ok while the VU's I/O settled. It ends this iteration and
   * starts the next, returning what differs from this one (the scenario,
   * __ENV, setup data and tags stay), or returns undefined (nothing ended:
   * the iteration's promise resolves as usual). Only the closed executors
   * set it; a wrapper that changes the info per iteration must drop it.
   */
  next?: () => NextIteration | undefined;
}

/** What changes from one iteration of a closed loop to the next (IterationInfo.next). */
export interface NextIteration {
  iterationInScenario: number;
  iterationInTest: number;
  progress: number;
}

export type IterationOutcome =
  | { status: 'ok' }
  | { status: 'error'; error: ScriptError }
  /** interrupt() was called (graceful stop or ramp-down expired). */
  | { status: 'interrupted' }
  /** The script called exec.test.abort(reason). */
  | { status: 'aborted'; reason: string };

/** The plain ok outcome, one frozen object (an ok iteration allocates none); also the VU's raw ok (vu-context.ts). */
export const ITERATION_OK: Readonly<{ status: 'ok' }> = Object.freeze({ status: 'ok' });

/** One virtual user: a context in an isolate with the bundle's init code run. */
export interface Vu {
  /** 1-based id in the test (`__VU`); 0 for the setup/teardown VU. */
  readonly id: number;
  /**
   * Runs one iteration; never rejects for user errors (see IterationOutcome).
   * An arrival's iteration (`intendedStart` set) that finished inside its
   * call returns its outcome itself; anything else returns a promise.
   */
  iterate(info: IterationInfo, setupData: string | undefined): IterationOutcome | Promise<IterationOutcome>;
  /**
   * Runs the runtime's warm-up `kind` (one the bundle registered, see
   * VuFactory.readExports) with `arg`, outside any iteration: no iteration
   * counters move. Resolves false when it failed.
   */
  warmUp(kind: string, arg: unknown): Promise<boolean>;
  /** Opens the VU's connections to these origins, by endpoint (VuFactory.readExports's `preconnect`); never rejects. */
  preconnect(origins: Readonly<Record<string, readonly string[]>>): Promise<void>;
  /** Aborts the current iteration's pending I/O and sleeps; it settles as 'interrupted'. */
  interrupt(): void;
  dispose(): void;
}

/** Result of running a lifecycle function (setup/teardown/handleSummary). */
export interface LifecycleResult {
  /** JSON text of the returned value ('undefined' → undefined). */
  json?: string;
}

/** Host services a VU needs. Passed in; no singletons. */
export interface VuHostContext {
  /** Samples taken in the VU (custom metrics, checks, http_req_*). */
  sink: SampleSink;
  /** Registers a metric (custom metrics from init code); throws on a type clash. */
  defineMetric(name: string, type: MetricType, contains: ValueType): void;
  /** Run-level tags added to every sample (options.tags, --tag). */
  runTags: Record<string, string>;
  /**
   * k6's `systemTags` (group, check, vu, iter are the VUs' to add). Set once
   * the options are resolved, after the probe VU read them; absent:
   * DEFAULT_SYSTEM_TAGS.
   */
  systemTags?: SystemTags;
  /** __ENV. */
  env: Record<string, string>;
  /** Directory `open()` paths resolve against (the script's directory). */
  scriptDir: string;
  /** Logs `console.*` from the script, with the VU id. */
  log(level: 'log' | 'info' | 'warn' | 'error' | 'debug', vu: number, message: string): void;
  /** llmload's own warnings about the script (not tied to one VU); defaults to `log`. */
  warn?(message: string): void;
  /**
   * Test-wide numbering when this instance runs an execution segment (set
   * once the options are resolved): `vuId` maps a VU's id in this instance
   * (`__VU`, 1-based) to `exec.vu.idInTest`; `index` maps the k-th (0-based)
   * `next()` of a prompt set or dataset to its number in the whole test.
   * Absent: both are the identity.
   */
  inTest?: { vuId(id: number): number; index(k: number): number };
  /** `__VU` (and the `vu` tag) is the test-wide id too: a thread of `llmload run --threads`, one run in the user's eyes. */
  vuIdsInTest?: boolean;
}
