/** The built-in executors: ExecutorPlugin objects, as a third party's are. */
import type { ExecutorPlugin } from 'llmload/plugin';
import { constantArrivalRate } from './constant-arrival-rate.js';
import { constantVus } from './constant-vus.js';
import { perVuIterations } from './per-vu-iterations.js';
import { rampingArrivalRate } from './ramping-arrival-rate.js';
import { rampingVus } from './ramping-vus.js';
import { sharedIterations } from './shared-iterations.js';
import { traceReplay } from './trace-replay.js';

export { arrivalsBetween, countArrivals, firstArrivals, type ArrivalOptions, type Distribution } from './arrivals.js';
export { constantArrivalRate, constantVus, perVuIterations, rampingArrivalRate, rampingVus, sharedIterations, traceReplay };
export type { ConstantArrivalRateConfig } from './constant-arrival-rate.js';
export type { ConstantVusConfig } from './constant-vus.js';
export type { PerVuIterationsConfig } from './per-vu-iterations.js';
export type { RampingArrivalRateConfig } from './ramping-arrival-rate.js';
export type { RampingVusConfig } from './ramping-vus.js';
export type { SharedIterationsConfig } from './shared-iterations.js';
export type { TraceReplayConfig } from './trace-replay.js';

// Each plugin is typed with its own config; the registry handles them as opaque.
export const builtinExecutors: ExecutorPlugin[] = [
  sharedIterations,
  perVuIterations,
  constantVus,
  rampingVus,
  constantArrivalRate,
  rampingArrivalRate,
  traceReplay,
] as ExecutorPlugin[];
