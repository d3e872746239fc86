import type { CancelOptions } from '../options/cancel.js';
import type { CancelPlan } from '../plugin-api/endpoint.js';
import { Random } from '../random.js';

/**
 * A scenario's `cancel` as its requests see it: one seeded draw per request,
 * in the order requests ask, shared by the scenario's VUs. The same seed
 * cancels the same requests by order on every run (which VU sends the n-th
 * one may differ), so the cancelled share is reproducible.
 */
export function createCancelPlan(scenario: string, c: CancelOptions): CancelPlan {
  const random = new Random(`cancel:${scenario}:${typeof c.seed}:${c.seed}`);
  return { pick: () => (random.next() < c.rate ? c.after : undefined) };
}
