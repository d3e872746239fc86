/**
 * Injected ahead of the user's script (esbuild `inject`): installs the globals
 * k6 scripts expect (__VU, __ITER, __ENV, console, timers) and the entry
 * object the host calls. Runs once per VU context.
 */
import { open } from '../data.js';
import { exportsInfo, finishInit, iterate, lifecycle } from './runner.js';
import { host, hostCallCancellable, hostCancel, settle, vu } from './state.js';
import { syncHelpers } from './sync-helpers.js';
import type { IsolateEntry } from './wire.js';

const g = globalThis as unknown as Record<string, unknown>;
vu.id = typeof g.__VU === 'number' ? g.__VU : 0;
vu.idInTest = typeof g.__llmloadVuInTest === 'number' ? g.__llmloadVuInTest : vu.id;
delete g.__llmloadVuInTest;
g.__ITER = 0;
if (typeof g.__ENV !== 'object' || g.__ENV === null) g.__ENV = {};

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
if (typeof g.performance !== 'object') g.performance = { now: () => host.now() };

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

const entry: IsolateEntry = {
  finishInit: () => finishInit(),
  exportsInfo,
  iterate,
  lifecycle,
  settle,
};
g.__llmloadEntry = entry;
