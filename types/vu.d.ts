// Generated from runtime/modules/vu.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/**
 * `llmload/vu`: what the in-isolate half of a plugin's module
 * (`llmload/x/<name>`) uses to reach its endpoint's host half, through the
 * same path as llmload's own modules: `call` is asynchronous (the VU goes on
 * while the host works), `callSync` answers at once (keep it short),
 * `config` is the endpoint's `vuConfig()`, `beforeTest` queues work for the
 * endpoint's `beforeTest()` hook, `preconnect` asks every VU to open its
 * connection to a server before the test (the endpoint's `preconnect()`).
 */

/** Tag values are strings (k6 converts numbers and booleans); null and undefined drop the tag. */
export declare function stringTags(tags: Record<string, unknown>): Record<string, string>;
/**
 * A script's duration argument in ms: a number of ms or a k6 duration string
 * ("1m30s", "500ms", "2h", "1d"), read by the same parser as the options.
 */
export declare function durationMs(value: unknown, what: string): number;
/** Runs the endpoint's `call(payload)` in the host; resolves with its (structured-cloned) result. */
export declare function call<T = unknown>(endpoint: string, payload: unknown): Promise<T>;
/** Runs the endpoint's `callSync(payload)` in the host and returns its JSON-able result. */
export declare function callSync<T = unknown>(endpoint: string, payload: unknown): T;
/** The endpoint's `vuConfig()` (null when it has none, and during init code). */
export declare function config<T = unknown>(endpoint: string): T | null;
/**
 * From init code: asks the endpoint to do something once before the test,
 * after `waitFor` found the server ready (its `beforeTest(asked)`, e.g.
 * discovering a model). The same payload asked twice is passed once;
 * outside init code this does nothing.
 */
export declare function beforeTest(endpoint: string, payload: unknown): void;
/**
 * From init code: every VU opens its connection to `url`'s origin before the
 * test starts (the endpoint's `preconnect()`), so the first requests do not
 * pay the connect, as k6's pre-allocated VUs would; off with `--no-warmup`.
 * Outside init code this does nothing.
 */
export declare function preconnect(endpoint: string, url: string): void;
declare const _default: {
	call: typeof call;
	callSync: typeof callSync;
	config: typeof config;
	beforeTest: typeof beforeTest;
	preconnect: typeof preconnect;
	durationMs: typeof durationMs;
	stringTags: typeof stringTags;
};

export {
	_default as default,
};

export {};
