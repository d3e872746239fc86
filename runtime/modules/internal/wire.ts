/**
 * The contract between a VU's context (in-isolate modules) and the host
 * (runtime/vu). Types only: both sides import it. Every call across is a
 * synchronous isolated-vm call on the main thread. The call itself is cheap;
 * a structured clone of an object argument costs more than the call
 * (bench/README, "Cheaper crossings"), so the hot calls pass numbers and
 * strings as they are and copy an object only when there is one to send.
 */

/** Host functions installed on a context before the bundle runs. */
export interface HostBridge {
  log(level: 'log' | 'info' | 'warn' | 'error' | 'debug', message: string): void;
  /** A sample from user code (checks, custom metrics). `tags` are the caller's extra tags. */
  sample(metric: string, value: number, group: string, tags: Record<string, string> | undefined): void;
  /** A check without extra tags: its `checks` sample, tagged `check` = `name` (nothing to copy: k6 scripts check every response). */
  check(name: string, ok: boolean, group: string): void;
  /** Registers a custom metric; throws on a type clash. */
  defineMetric(name: string, type: 'counter' | 'gauge' | 'rate' | 'trend', isTime: boolean): void;
  /** exec.vu.tags changed (the whole map). */
  setVuTags(tags: Record<string, string>): void;
  /**
   * Starts async host work (`sleep`, `http`, endpoint ops). The host settles it
   * later through the entry's `settle(id, …)`. Returns false when refused (the
   * iteration was interrupted): the caller rejects at once.
   */
  start(op: string, id: number, payload: unknown, group: string): boolean;
  /** Cancels a started op (clearTimeout); it is never settled. */
  cancel(id: number): void;
  /** open(): file text, or its bytes when `binary`. Init code only. */
  open(path: string, binary: boolean): string | ArrayBuffer;
  /** SharedArray: element count, or -1 when no array of that name exists yet. */
  sharedArrayLength(name: string): number;
  /** SharedArray: stores the elements (one JSON text each) once per run. */
  sharedArrayStore(name: string, items: string[]): void;
  /** SharedArray: JSON text of one element. */
  sharedArrayGet(name: string, index: number): string;
  /** llmload/data workload helpers (tokenizers, prompts, datasets): JSON text back. */
  data(op: string, args: Record<string, unknown>): string;
  /**
   * The resolved options an endpoint's in-isolate module needs (EndpointPlugin
   * vuConfig()), as JSON text; 'null' when the endpoint provides none.
   */
  config(endpoint: string): string;
  /**
   * Synchronous endpoint work (EndpointPlugin callSync(), e.g. cookie jars):
   * the result as JSON text. Throws what the endpoint threw.
   */
  callSync(endpoint: string, payload: unknown): string;
  /** Monotonic clock in ms (performance.now() of the host). */
  now(): number;
  /** An iteration or lifecycle call finished; no outcome is a plain `{ status: 'ok' }` (nothing to copy). */
  done(seq: number, outcome?: WireOutcome): void;
  /**
   * Iteration `seq` finished plain ok while a settle was delivered (once per
   * delivered settle): the host ends it and, when its closed loop goes on at
   * once, has started the VU's next iteration of the same scenario (seq + 1,
   * `__ITER` + 1): the VU runs it in this same call. Returns that iteration's
   * exec.scenario.iterationInTest, or `"<iterationInTest> <progress>"` when
   * exec.scenario.progress changed; -1 when the loop does not go on.
   */
  next(seq: number): number | string;
}

/**
 * What an iteration needs besides its numbers, sent only when present (a
 * copied object costs a structured clone on every call; the numbers and
 * strings of `iterate` cross as they are).
 */
export interface IterExtras {
  /** __ENV (when changed). */
  env?: Record<string, string>;
  /** Setup data as JSON (when changed); null means `undefined`. */
  setup?: string | null;
  /** Executor payload, passed as the exec function's 2nd argument. */
  data?: unknown;
  /** A runtime warm-up (see state.ts `warmups`) instead of an iteration: no counters move, `data` is its argument. */
  warmup?: string;
}

/** What the bundle exports: `options` as JSON, exported function names, registered warm-ups, before-test asks. */
export interface ExportsInfo {
  options: string | undefined;
  functions: string[];
  warmups: string[];
  /** What init code asked endpoints to do before the test (state.ts `askBeforeTest`), by endpoint. */
  beforeTest: Record<string, unknown[]>;
  /** Origins init code asked to have open before the test (state.ts `askPreconnect`), by endpoint. */
  preconnect: Record<string, string[]>;
}

export type WireOutcome =
  /** `dangling`: stacks of I/O the call started and did not await, once per call site (the host warns). */
  { status: 'ok'; json?: string; dangling?: string[] } | { status: 'error'; message: string; stack?: string } | { status: 'aborted'; reason: string };

/**
 * What a call that runs script code returns: undefined while it has not
 * finished (host.done reports it), 0 for a plain ok, or the WireOutcome as
 * JSON. A call that finishes at once is answered by its own return: no call
 * back into the host (a crossing of its own), and only primitives cross.
 */
export type SyncOutcome = undefined | 0 | string;

/** What `settle` gets when an op failed. */
export interface WireOpError {
  message: string;
  /** Set when the op was cut short by interrupt(). */
  interrupted?: boolean;
}

/** Functions the prelude exposes to the host (as References). */
export interface IsolateEntry {
  /** Ends init: reads the bundle's exports; returns the init exception, if any. */
  finishInit(): WireOutcome;
  exportsInfo(): ExportsInfo;
  /**
   * Runs the exported function `fn` (or the warm-up `extras.warmup`) as
   * iteration `iter` of the scenario; the scenario's fields are positional.
   * `fn`, `name` and `executor` are undefined when they are the VU's previous
   * iteration's (a string crosses as a copy). `loops`: a closed loop's
   * iteration, which may start the next in the call it ends in (host.next).
   * Returns the outcome when the call finished inside it (SyncOutcome), else
   * host.done reports it later.
   */
  iterate(
    seq: number,
    fn: string | undefined,
    iter: number,
    name: string | undefined,
    executor: string | undefined,
    startTime: number,
    progress: number,
    iterationInTest: number,
    loops: boolean,
    extras: IterExtras | undefined,
  ): SyncOutcome;
  /** Runs setup/teardown/handleSummary; `arg` is JSON (null = no argument). Returns as `iterate` does. */
  lifecycle(seq: number, name: string, arg: string | null): SyncOutcome;
  settle(id: number, ok: boolean, value: unknown): void;
  /**
   * Given by the shared context's settle batch (runtime/vu/settle-batch.ts)
   * when the VU joins it: a plain-ok finish while the batch delivers settles
   * is handed to `report` (true: taken; the batch tells the host with its next
   * call's return), not to a host.done call of its own. `chainable` says
   * whether an iteration that just finished may start the VU's next one in
   * the same call (host.next): once per delivered settle.
   */
  batched(report: (seq: number) => boolean, chainable: () => boolean): void;
}
