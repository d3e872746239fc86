// Generated from runtime/modules/timers.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/** `llmload/timers` (k6's `k6/timers`): the VU's timers, also available as globals. */

type TimerFn = (...args: unknown[]) => void;
/** Calls `fn(...args)` once, after `ms` (default 0); returns the id for clearTimeout(). */
export declare const setTimeout: (fn: TimerFn, ms?: number, ...args: unknown[]) => number;
export declare const clearTimeout: (id: number) => void;
/** Calls `fn(...args)` every `ms` (at least 1) until clearInterval(). */
export declare const setInterval: (fn: TimerFn, ms?: number, ...args: unknown[]) => number;
export declare const clearInterval: (id: number) => void;
declare const _default: {
	setTimeout: (fn: TimerFn, ms?: number, ...args: unknown[]) => number;
	clearTimeout: (id: number) => void;
	setInterval: (fn: TimerFn, ms?: number, ...args: unknown[]) => number;
	clearInterval: (id: number) => void;
};

export {
	_default as default,
};

export {};
