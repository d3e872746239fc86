/**
 * Per-context state shared by the in-isolate modules: the host bridge (taken
 * off the global before user code runs) and what this VU is doing now.
 */
import { readDuration } from '../shared/duration.js';
import { SmallTable } from '../shared/small-table.js';
import { perContext } from './per-context.js';
import type { HostBridge, WireOpError } from './wire.js';

const g = globalThis as unknown as { __llmloadHost?: HostBridge };
if (!g.__llmloadHost) throw new Error('llmload modules run only inside a llmload VU');
/** Host functions (synchronous calls into the Node isolate). */
export const host: HostBridge = g.__llmloadHost;
delete g.__llmloadHost;

export type Phase = 'init' | 'iteration' | 'lifecycle' | 'idle';

export interface ScenarioInfo {
  name: string;
  executor: string;
  startTime: number;
  progress: number;
  iterationInTest: number;
}

/** Mutable state of this VU (one per context). */
export const vu = {
  id: 0,
  /** exec.vu.idInTest: the VU's number in the whole test (≠ id only in an execution segment). */
  idInTest: 0,
  phase: 'init' as Phase,
  /** Current group path: '' at the root, '::a::b' nested (k6). */
  group: '',
  iterationInScenario: 0,
  iterationInInstance: 0,
  scenario: undefined as ScenarioInfo | undefined,
  /** Set by exec.test.abort(); the iteration reports 'aborted' even if the error is caught. */
  abortReason: undefined as string | undefined,
};

/**
 * Warm-ups the runtime may run in a VU before the test starts, registered by
 * the modules the script bundles (`http` by llmload/http): the same module
 * code and host ops a script's requests use, against the runtime's own
 * loopback server, so the first real iterations do not run cold code.
 */
export const warmups: Record<string, (arg: unknown) => Promise<unknown>> = {};

/**
 * What init code asked endpoints to do once before the test (EndpointPlugin
 * beforeTest), by endpoint name; read by the host from the probe VU. Asked
 * outside init code, nothing is kept: the host read them already.
 */
export const beforeTestAsks: Record<string, unknown[]> = {};
const askedKeys = new Set<string>();

/** Queues `payload` (JSON-able) for the endpoint's beforeTest(); a payload asked twice is kept once. */
export function askBeforeTest(endpoint: string, payload: unknown): void {
  if (vu.phase !== 'init') return;
  const key = `${endpoint}\u0000${JSON.stringify(payload)}`;
  if (askedKeys.has(key)) return;
  askedKeys.add(key);
  (beforeTestAsks[endpoint] ??= []).push(payload);
}

/**
 * Origins whose connections each VU opens before the test starts (the
 * closed-loop warm start), by endpoint: asked from init code, read by the
 * host from the probe VU.
 */
export const preconnectAsks: Record<string, string[]> = {};

/** Queues `url`'s origin for the endpoint's preconnect; outside init code this does nothing. */
export function askPreconnect(endpoint: string, url: string): void {
  if (vu.phase !== 'init') return;
  const m = /^(https?:\/\/[^/?#]+)/i.exec(url);
  if (!m) return;
  const origin = m[1]!.toLowerCase();
  const list = (preconnectAsks[endpoint] ??= []);
  if (!list.includes(origin)) list.push(origin);
}

/** Thrown by exec.test.abort(); the runner turns it into an 'aborted' outcome. */
export class TestAbort extends Error {
  constructor(readonly reason: string) {
    super(`test aborted: ${reason}`);
    this.name = 'TestAbort';
  }
}

/** Rejection of pending host work cut short by interrupt(). */
export class Interrupted extends Error {
  constructor() {
    super('iteration interrupted');
    this.name = 'Interrupted';
  }
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
}
/** One class for the context's VUs (per-context.ts), so that the tables' sites see one map. */
const Table = perContext('llmload SmallTable', SmallTable);
const pending = new Table<number, Pending>();
let nextId = 1;

/**
 * Host I/O started by hostCall and not settled yet, with where it was started
 * (an Error whose stack is formatted only if it is reported; undefined when
 * it was not captured): an iteration that ends with some still here started
 * I/O it did not await.
 */
const inflight = new Table<number, Error | undefined>();
let onDrained: (() => void) | undefined;

/**
 * Capturing a call site costs about as much as the rest of a request's
 * in-isolate path (bench/README), so only a VU's first host calls are
 * captured, and every call after I/O was left un-awaited without a site.
 */
const SITES_FIRST = 64;
let sitesLeft = SITES_FIRST;
let sitesAlways = false;

/** V8's knob (not in the ECMAScript lib types). */
const V8Error = Error as ErrorConstructor & { stackTraceLimit: number };

function captureSite(): Error {
  const limit = V8Error.stackTraceLimit;
  // Deep enough to pass hostCall and the module's functions and reach the script's frame.
  V8Error.stackTraceLimit = 8;
  const site = new Error('started here');
  V8Error.stackTraceLimit = limit;
  return site;
}

/** Starts async host work and returns its result. */
export function hostCall<T>(op: string, payload: unknown): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    let started = false;
    try {
      started = host.start(op, id, payload, vu.group);
    } finally {
      if (!started) pending.delete(id);
    }
    if (!started) reject(new Interrupted());
    else if (sitesAlways || sitesLeft > 0) {
      sitesLeft--;
      inflight.set(id, captureSite());
    } else inflight.set(id, undefined);
  });
}

const reported = new Set<string>();

/**
 * Calls `done` once every host I/O of the current call has settled (at once
 * when none is open), with the stacks of those that were still open, each
 * call site reported once per VU. k6 waits for its event loop the same way.
 */
export function afterOpenIo(done: (dangling: string[] | undefined) => void): void {
  if (inflight.size === 0) return done(undefined);
  const dangling: string[] = [];
  for (const site of inflight.values()) {
    if (!site) {
      // Reported where it recurs, now with its site.
      sitesAlways = true;
      continue;
    }
    const stack = site.stack ?? '';
    const key = stack.split('\n').slice(1).join('\n');
    if (reported.has(key)) continue;
    reported.add(key);
    dangling.push(stack);
  }
  onDrained = () => done(dangling.length > 0 ? dangling : undefined);
}

/**
 * The promise of a request, made loud when it is used as if it were the
 * answer: `http.get(u).status` (a missing `await` in an async script) throws
 * a TypeError that says what to do, instead of reading `undefined`. Promise
 * methods, symbols and `await` work as on the promise itself.
 */
export function guardPending<T>(promise: Promise<T>, call: string): Promise<T> {
  return new Proxy(promise, {
    get(target, key) {
      if (typeof key === 'symbol' || key in Promise.prototype) {
        const v = Reflect.get(target, key, target) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      if (key === 'toJSON') return undefined;
      throw new TypeError(
        `${call} returned a Promise, and "${key}" was read from it before the answer arrived: await it ` +
          `(const res = await ${call}), or import from 'k6/http' / 'k6' to write k6's synchronous style`,
      );
    },
  });
}

/** Like hostCall, but returns the id so the work can be cancelled (timers). */
export function hostCallCancellable(op: string, payload: unknown, onDone: () => void): number {
  const id = nextId++;
  pending.set(id, { resolve: onDone, reject: () => {} });
  if (!host.start(op, id, payload, vu.group)) pending.delete(id);
  return id;
}

export function hostCancel(id: number): void {
  if (pending.delete(id)) host.cancel(id);
}

/** Called by the host (through the entry) when started work finishes. */
export function settle(id: number, ok: boolean, value: unknown): void {
  const p = pending.get(id);
  if (!p) return;
  pending.delete(id);
  const last = inflight.delete(id) && inflight.size === 0;
  if (ok) p.resolve(value);
  else {
    const e = value as WireOpError;
    p.reject(e.interrupted ? new Interrupted() : new Error(e.message));
  }
  if (last && onDrained) {
    const drained = onDrained;
    onDrained = undefined;
    // One host turn later, so that callbacks chained on the result (.then) have run too.
    hostCallCancellable('sleep', 0, drained);
  }
}

/**
 * A script's duration argument in ms: a number of ms or a k6 duration string
 * ("1m30s", "500ms", "2h", "1d"), read by the same parser as the options.
 */
export function durationMs(value: unknown, what: string): number {
  const ms = readDuration(value);
  if (typeof ms === 'number') return ms;
  throw new TypeError(`${what}: invalid duration ${JSON.stringify(value) ?? String(value)} (${ms.problem ?? 'use a number of ms or e.g. "30s", "500ms"'})`);
}
