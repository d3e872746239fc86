/**
 * Runs the script's exported functions for the host: one call per iteration,
 * completion reported back through host.done (never through a returned
 * promise: isolated-vm's promise transfer costs a thread hop), or by the
 * call's own return when it finished inside it (SyncOutcome).
 */
import { afterOpenIo, beforeTestAsks, host, preconnectAsks, vu, TestAbort, warmups } from './state.js';
import type { ExportsInfo, IsolateEntry, SyncOutcome, WireOutcome } from './wire.js';

type Exports = Record<string, unknown>;
const g = globalThis as unknown as Record<string, unknown>;

let user: Exports = {};
const OK: WireOutcome = { status: 'ok' };
let setupData: unknown;
/** The scenario's strings as the host last sent them (it sends them again only when they change). */
let lastFn = '';
let lastName = '';
let lastExecutor = '';
/** The seq of the iterate or lifecycle call running now (-1: none), and its outcome if it finished inside it. */
let entered = -1;
let earlyOutcome: SyncOutcome;

/** The settle batch's taker of finishes and its leave to chain (IsolateEntry.batched); undefined in a context of the VU's own. */
let report: ((seq: number) => boolean) | undefined;
let chainable: (() => boolean) | undefined;
/** The call running now is an iteration of a closed loop (IsolateEntry.iterate `loops`): it may go on (host.next). */
let looping = false;

export const batched: IsolateEntry['batched'] = (r, c) => {
  report = r;
  chainable = c;
};

/** A VU with a context of its own: each settle is a call of its own, and may chain once (the entry's settle arms it). */
let armed = false;
export function armChain(): void {
  armed = true;
}
const chainOnce = (): boolean => {
  const a = armed;
  armed = false;
  return a;
};

/** The outcome of the call that just ended, if it finished inside it (taken once). */
function early(): SyncOutcome {
  const out = earlyOutcome;
  earlyOutcome = undefined;
  return out;
}

/** Called once after the bundle ran; returns the init exception, if any. */
export function finishInit(): WireOutcome {
  user = (g.__llmloadUser as Exports | undefined) ?? {};
  delete g.__llmloadUser;
  const err = g.__llmloadInitError;
  delete g.__llmloadInitError;
  vu.phase = 'idle';
  return err === undefined ? { status: 'ok' } : errorOutcome((err as [unknown])[0]);
}

export function exportsInfo(): ExportsInfo {
  const functions = Object.keys(user).filter((k) => typeof user[k] === 'function');
  return {
    options: user.options === undefined ? undefined : JSON.stringify(user.options),
    functions,
    warmups: Object.keys(warmups),
    beforeTest: beforeTestAsks,
    preconnect: preconnectAsks,
  };
}

/** IsolateEntry.iterate: the scenario's fields come positionally (nothing to copy). */
export const iterate: IsolateEntry['iterate'] = (seq, fn, iter, name, executor, startTime, progress, iterationInTest, loops, extras) => {
  entered = seq;
  try {
    start(seq, fn, iter, name, executor, startTime, progress, iterationInTest, loops, extras);
  } finally {
    entered = -1;
  }
  return early();
};

/** The body of `iterate` (its parameters, without a rest array per call). */
const start: (...args: Parameters<IsolateEntry['iterate']>) => void = (seq, fn, iter, name, executor, startTime, progress, iterationInTest, loops, extras) => {
  vu.phase = 'iteration';
  vu.group = '';
  looping = loops;
  if (extras?.warmup !== undefined) {
    // The same path as an iteration, but no counter, __ITER or scenario moves.
    const warmup = warmups[extras.warmup];
    if (!warmup) finish(seq, { status: 'error', message: `no warm-up "${extras.warmup}"` });
    else run(seq, false, () => warmup(extras.data));
    return;
  }
  if (fn !== undefined) lastFn = fn;
  if (name !== undefined) lastName = name;
  if (executor !== undefined) lastExecutor = executor;
  vu.iterationInScenario = iter;
  vu.scenario = { name: lastName, executor: lastExecutor, startTime, progress, iterationInTest };
  if (extras?.env) g.__ENV = { ...extras.env };
  if (extras?.setup !== undefined) setupData = extras.setup === null ? undefined : JSON.parse(extras.setup);
  g.__ITER = iter;
  const exported = user[lastFn];
  const data = extras?.data;
  vu.iterationInInstance++;
  if (typeof exported !== 'function') {
    finish(seq, { status: 'error', message: `the script has no exported function "${lastFn}"` });
    return;
  }
  run(seq, false, () => (exported as (...a: unknown[]) => unknown)(setupData, data));
};

export const lifecycle: IsolateEntry['lifecycle'] = (seq, name, arg) => {
  entered = seq;
  try {
    runLifecycle(seq, name, arg);
  } finally {
    entered = -1;
  }
  return early();
};

function runLifecycle(seq: number, name: string, arg: string | null): void {
  vu.phase = 'lifecycle';
  looping = false;
  vu.group = name === 'handleSummary' ? '' : `::${name}`;
  const fn = user[name];
  if (typeof fn !== 'function') {
    finish(seq, { status: 'ok' });
    return;
  }
  run(seq, true, () => (arg === null ? (fn as () => unknown)() : (fn as (a: unknown) => unknown)(JSON.parse(arg))));
}

function run(seq: number, wantJson: boolean, call: () => unknown): void {
  vu.abortReason = undefined;
  let result: unknown;
  try {
    result = call();
  } catch (err) {
    finish(seq, errorOutcome(err));
    return;
  }
  if (result !== null && typeof result === 'object' && typeof (result as PromiseLike<unknown>).then === 'function') {
    (result as PromiseLike<unknown>).then(
      (v) => finishAfterIo(seq, () => okOutcome(v, wantJson)),
      (err) => finishAfterIo(seq, () => errorOutcome(err)),
    );
  } else {
    finishAfterIo(seq, () => okOutcome(result, wantJson));
  }
}

/** I/O the call started and did not await still runs: wait for it (as k6's event loop does), then report where it started. */
function finishAfterIo(seq: number, outcome: () => WireOutcome): void {
  afterOpenIo((dangling) => {
    const o = outcome();
    finish(seq, dangling && o.status === 'ok' ? { ...o, dangling } : o);
  });
}

function okOutcome(value: unknown, wantJson: boolean): WireOutcome {
  if (vu.abortReason !== undefined) return { status: 'aborted', reason: vu.abortReason };
  if (!wantJson || value === undefined) return OK;
  try {
    return { status: 'ok', json: JSON.stringify(value) };
  } catch (err) {
    return errorOutcome(err);
  }
}

/** Turns anything thrown into the wire shape; the host maps the stack to the user's source. */
export function errorOutcome(err: unknown): WireOutcome {
  if (vu.abortReason !== undefined) return { status: 'aborted', reason: vu.abortReason };
  if (err instanceof TestAbort) return { status: 'aborted', reason: err.reason };
  if (err instanceof Error) {
    const message = err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message;
    return { status: 'error', message, stack: typeof err.stack === 'string' ? err.stack : undefined };
  }
  let text: string;
  try {
    text = typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
  } catch {
    text = String(err);
  }
  return { status: 'error', message: `Uncaught ${text}` };
}

function finish(seq: number, outcome: WireOutcome): void {
  vu.phase = 'idle';
  vu.group = '';
  // A plain ok crosses as no outcome at all (nothing to copy).
  const plain = outcome.status === 'ok' && outcome.json === undefined && outcome.dangling === undefined;
  if (seq === entered) earlyOutcome = plain ? 0 : JSON.stringify(outcome);
  else if (plain) {
    if (looping && (chainable ?? chainOnce)()) goOn(seq);
    else if (!report?.(seq)) host.done(seq);
  } else host.done(seq, outcome);
}

/**
 * The iteration `seq` ended inside a settle's delivery: the host ends it and,
 * when the VU's loop goes on, this call starts the next one (the scenario's
 * strings, __ENV and setup data stay as they are), saving the call and the
 * host's turn a new iteration costs.
 */
function goOn(seq: number): void {
  const next = host.next(seq);
  if (next === -1) return;
  const sc = vu.scenario!;
  let inTest = next as number;
  let progress = sc.progress;
  if (typeof next === 'string') {
    const at = next.indexOf(' ');
    inTest = Number(next.slice(0, at));
    progress = Number(next.slice(at + 1));
  }
  start(seq + 1, undefined, vu.iterationInScenario + 1, undefined, undefined, sc.startTime, progress, inTest, true, undefined);
}
