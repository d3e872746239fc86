/**
 * `llmload/vu`: what the in-isolate half of a plugin's module
 * (`llmload/x/<name>`) uses to reach its endpoint's host half, through the
 * same path as llmload's own modules: `call` is asynchronous (the VU goes on
 * while the host works), `callSync` answers at once (keep it short),
 * `config` is the endpoint's `vuConfig()`, `beforeTest` queues work for the
 * endpoint's `beforeTest()` hook.
 */
import { stringTags } from './internal/string-tags.js';
import { askBeforeTest, durationMs, guardPending, host, hostCall } from './internal/state.js';

/** Runs the endpoint's `call(payload)` in the host; resolves with its (structured-cloned) result. */
export function call<T = unknown>(endpoint: string, payload: unknown): Promise<T> {
  return guardPending(hostCall<T>(endpoint, payload), `${endpoint} call()`);
}

/** Runs the endpoint's `callSync(payload)` in the host and returns its JSON-able result. */
export function callSync<T = unknown>(endpoint: string, payload: unknown): T {
  return JSON.parse(host.callSync(endpoint, payload)) as T;
}

/** The endpoint's `vuConfig()` (null when it has none, and during init code). */
export function config<T = unknown>(endpoint: string): T | null {
  return JSON.parse(host.config(endpoint)) as T | null;
}

/**
 * From init code: asks the endpoint to do something once before the test,
 * after `waitFor` found the server ready (its `beforeTest(asked)`, e.g.
 * discovering a model). The same payload asked twice is passed once;
 * outside init code this does nothing.
 */
export function beforeTest(endpoint: string, payload: unknown): void {
  askBeforeTest(endpoint, payload);
}

export { durationMs, stringTags };

export default { call, callSync, config, beforeTest, durationMs, stringTags };
