/**
 * Injected ahead of the user's script (esbuild `inject`): installs the globals
 * k6 scripts expect (__VU, __ITER, __ENV, console, timers) and the entry
 * object the host calls. Runs once per VU (a context of its own, or one
 * shared with other VUs of the isolate: runtime/modules/internal/vu-globals.ts).
 */
import { open } from '../data.js';
import { armChain, batched, exportsInfo, finishInit, iterate, lifecycle } from './runner.js';
import { host, hostCallCancellable, hostCancel, settle, vu } from './state.js';
import { syncHelpers } from './sync-helpers.js';
import { vuGlobals, type VuInit } from './vu-globals.js';
import type { IsolateEntry } from './wire.js';

const g = globalThis as unknown as Record<string, unknown>;
const init = g.__llmloadVuInit as VuInit | undefined;
delete g.__llmloadVuInit;
// From here on, __VU, __ENV, __ITER, console, timers… are this VU's (setters into its table).
const own = vuGlobals();
vu.id = init?.vu ?? 0;
vu.idInTest = init?.idInTest ?? vu.id;
g.__VU = vu.id;
g.__ITER = 0;
g.__ENV = init?.env ?? {};

/** k6 prints objects as JSON and everything else as text. */
export function formatArgs(args: unknown[]): string {
  return args
    .map((a) => {
      if (typeof a === 'string') return a;
      if (a instanceof Error) return a.stack ?? String(a);
      if (typeof a === 'object' && a !== null) {
        try {
          return JSON.stringify(a);
        } catch {
          return String(a);
        }
      }
      return String(a);
    })
    .join(' ');
}

const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
const console: Record<string, (...args: unknown[]) => void> = {};
for (const level of levels) console[level] = (...args: unknown[]) => host.log(level, formatArgs(args));
g.console = console;
// k6 has open() as a global of init code.
g.open = open;
// Sequential array methods for k6-style scripts made async at bundle time (runtime/bundle/sync-style).
g.__llmloadSync = syncHelpers;
g.performance = { now: () => host.now() };

// Timers run on host timers; interrupt() drops them.
function runTimer(fn: unknown, args: unknown[]): void {
  if (typeof fn !== 'function') return;
  try {
    (fn as (...a: unknown[]) => void)(...args);
  } catch (err) {
    host.log('error', `uncaught exception in a timer callback: ${formatArgs([err])}`);
  }
}
g.setTimeout = (fn: unknown, ms = 0, ...args: unknown[]) => hostCallCancellable('sleep', Math.max(0, Number(ms) || 0), () => runTimer(fn, args));
g.clearTimeout = (id: unknown) => {
  if (typeof id === 'number') hostCancel(id);
};
const intervals = new Map<number, number>();
let nextInterval = 1;
g.setInterval = (fn: unknown, ms = 0, ...args: unknown[]) => {
  const handle = -nextInterval++;
  const delay = Math.max(1, Number(ms) || 0);
  const arm = () => {
    intervals.set(
      handle,
      hostCallCancellable('sleep', delay, () => {
        if (!intervals.has(handle)) return;
        arm();
        runTimer(fn, args);
      }),
    );
  };
  arm();
  return handle;
};
g.clearInterval = (handle: unknown) => {
  const id = intervals.get(handle as number);
  intervals.delete(handle as number);
  if (id !== undefined) hostCancel(id);
};

// Every call into the VU makes its globals current first (VUs may share a context).
const entry: IsolateEntry = {
  finishInit: () => {
    own.enter();
    return finishInit();
  },
  exportsInfo: () => {
    own.enter();
    return exportsInfo();
  },
  iterate: (seq, fn, iter, name, executor, startTime, progress, iterationInTest, loops, extras) => {
    own.enter();
    return iterate(seq, fn, iter, name, executor, startTime, progress, iterationInTest, loops, extras);
  },
  lifecycle: (seq, name, arg) => {
    own.enter();
    return lifecycle(seq, name, arg);
  },
  settle: (id, ok, value) => {
    own.enter();
    armChain();
    settle(id, ok, value);
  },
  batched,
};
g.__llmloadEntry = entry;
