// Generated from runtime/api/vitest.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/**
 * `llmload/vitest`: matchers for results of `run()` from `llmload/api`.
 * Importing this module adds them to Vitest's `expect` (and to its types):
 *
 *   expect(result).toPassThresholds();
 *   expect(result).toMeetSlo({ llm_ttft: 'p(95)<500', http_req_failed: 'rate<0.01' });
 */

import "vitest";
/** Metric key → one expression or several, as `options.thresholds` takes them: `{ llm_ttft: 'p(95)<500' }`. */
export type Slo = Record<string, string | readonly string[]>;
/** One expression judged on a result. */
export interface SloCheck {
	metric: string;
	expression: string;
	ok: boolean;
	observed?: number;
	/** Why there is nothing to compare (no samples, not tracked, unknown metric, wrong aggregation). */
	problem?: string;
}
/** The matchers `llmload/vitest` adds. */
export interface LlmloadMatchers<R = unknown> {
	/**
	 * The run defined thresholds and passed them all, and did not fail or stop
	 * early (its `error` is unset). A run without thresholds fails this: there
	 * is nothing to have passed.
	 */
	toPassThresholds(): R;
	/**
	 * Every expression holds on the run's metrics at the end of the test, as a
	 * threshold would judge it (`p(N)`, `avg`, `med`, `min`, `max`, `count`,
	 * `rate`, `value`). Any percentile works, not only `summaryTrendStats`;
	 * a sub-metric (`name{tag:value}`) only when a threshold of the run names it.
	 * A metric without samples fails.
	 */
	toMeetSlo(slo: Slo): R;
}
declare module "vitest" {
	interface Assertion<T = any> extends LlmloadMatchers<T> {
	}
	interface AsymmetricMatchersContaining extends LlmloadMatchers {
	}
}
interface MatcherResult {
	pass: boolean;
	message: () => string;
}
/** The matchers as `expect.extend` takes them (this module already extends Vitest's `expect`). */
export declare const llmloadMatchers: {
	toPassThresholds(this: {
		isNot: boolean;
	}, received: unknown): MatcherResult;
	toMeetSlo(this: {
		isNot: boolean;
	}, received: unknown, slo: Slo): MatcherResult;
};

export {};
