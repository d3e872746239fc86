/**
 * `llmload/vu`: what the in-isolate half of a plugin's module
 * (`llmload/x/<name>`) uses to reach its endpoint's host half, through the
 * same path as llmload's own modules: `call` is asynchronous (the VU goes on
 * while the host works), `callSync` answers at once (keep it short),
 * `config` is the endpoint's `vuConfig()`, `beforeTest` queues work for the
 * endpoint's `beforeTest()` hook, `preconnect` asks every VU to open its
 * connection to a server before the test (the endpoint's `preconnect()`).
 */
import { stringTags } from './internal/string-tags.js';
import { askBeforeTest, askPreconnect, durationMs, guardPending, host, hostCall } from './internal/state.js';

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

/**
 * From init code: every VU opens its connection to `url`'s origin before the
 * test starts (the endpoint's `preconnect()`), so the first requests do not
 * pay the connect, as k6's pre-allocated VUs would; off with `--no-warmup`.
 * Outside init code this does nothing.
 */
export function preconnect(endpoint: string, url: string): void {
  askPreconnect(endpoint, url);
}

export { durationMs, stringTags };

export default { call, callSync, config, beforeTest, preconnect, durationMs, stringTags };
