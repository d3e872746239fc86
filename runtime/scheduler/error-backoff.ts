import type { IterationOutcome } from '../vu/types.js';

const FIRST_MS = 10;
const MAX_MS = 1000;

/**
 * How long a closed-loop VU waits before its next iteration: 0 after a
 * good one; after an iteration that threw, 10 ms doubling with each
 * consecutive failure up to 1 s. A script that fails at once (reading a
 * field of a failed response) would otherwise spin thousands of iterations a
 * second and starve the rest of the run.
 */
export function createErrorBackoff(): (outcome: IterationOutcome) => number {
  let failures = 0;
  return (outcome) => {
    if (outcome.status !== 'error') {
      failures = 0;
      return 0;
    }
    failures++;
    return Math.min(MAX_MS, FIRST_MS * 2 ** Math.min(failures - 1, 20));
  };
}
