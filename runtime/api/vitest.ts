/**
 * `llmload/vitest`: matchers for results of `run()` from `llmload/api`.
 * Importing this module adds them to Vitest's `expect` (and to its types):
 *
 *   expect(result).toPassThresholds();
 *   expect(result).toMeetSlo({ llm_ttft: 'p(95)<500', http_req_failed: 'rate<0.01' });
 */
import { expect } from 'vitest';
import { assertRunResult, describeChecks, evaluateSlo, thresholdChecks, type Slo } from './slo.js';

export type { Slo, SloCheck } from './slo.js';

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

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Assertion<T = any>, and a merged declaration must match
  interface Assertion<T = any> extends LlmloadMatchers<T> {}
  interface AsymmetricMatchersContaining extends LlmloadMatchers {}
}

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

/** The matchers as `expect.extend` takes them (this module already extends Vitest's `expect`). */
export const llmloadMatchers = {
  toPassThresholds(this: { isNot: boolean }, received: unknown): MatcherResult {
    assertRunResult(received, 'toPassThresholds()');
    const checks = thresholdChecks(received);
    const { error } = received;
    const pass = checks.length > 0 && checks.every((c) => c.ok) && !error;
    const why = error
      ? `the run failed (exit code ${received.exitCode}, ${error.code}): ${error.message}`
      : checks.length === 0
        ? 'the run defines no thresholds (options.thresholds), so it passed none'
        : `thresholds (exit code ${received.exitCode}):`;
    return {
      pass,
      message: () => `expected the run ${this.isNot ? 'not ' : ''}to pass its thresholds; ${why}${checks.length ? `\n${describeChecks(checks)}` : ''}`,
    };
  },
  toMeetSlo(this: { isNot: boolean }, received: unknown, slo: Slo): MatcherResult {
    assertRunResult(received, 'toMeetSlo()');
    const checks = evaluateSlo(received, slo);
    if (checks.length === 0) throw new TypeError('toMeetSlo(slo): slo names no expression');
    return {
      pass: checks.every((c) => c.ok),
      message: () => `expected the run ${this.isNot ? 'not ' : ''}to meet the SLO:\n${describeChecks(checks)}`,
    };
  },
};

expect.extend(llmloadMatchers);
