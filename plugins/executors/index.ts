/**
 * The built-in executors and a registry. A third-party executor is just
 * another ExecutorPlugin object, registered the same way.
 */
import { LlmloadError } from '../../runtime/errors.js';
import type { ExecutorPlugin } from '../../runtime/executor.js';
import { suggest } from '../../runtime/options/check.js';
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

export interface ExecutorRegistry {
  /** The executor called `name`; throws `${where}: unknown executor "x" ...` listing the known ones. */
  get(name: string, where: string): ExecutorPlugin;
  /** Adds an executor; throws when the name is taken. */
  register(plugin: ExecutorPlugin): void;
  /** Registered names, in registration order. */
  names(): string[];
}

export function createExecutorRegistry(plugins: readonly ExecutorPlugin[] = builtinExecutors): ExecutorRegistry {
  const byName = new Map<string, ExecutorPlugin>();
  const registry: ExecutorRegistry = {
    get(name, where) {
      const found = byName.get(name);
      if (found) return found;
      const known = [...byName.keys()];
      const close = suggest(name, known);
      throw new LlmloadError(
        'ERR_INVALID_OPTION',
        `${where}: unknown executor "${name}"${close ? ` (did you mean "${close}"?)` : ''}; known executors: ${known.join(', ')}`,
      );
    },
    register(plugin) {
      if (typeof plugin?.name !== 'string' || plugin.name === '') {
        throw new LlmloadError('ERR_INVALID_OPTION', 'executor plugin has no name');
      }
      if (byName.has(plugin.name)) {
        throw new LlmloadError('ERR_INVALID_OPTION', `executor "${plugin.name}" is already registered`);
      }
      byName.set(plugin.name, plugin);
    },
    names: () => [...byName.keys()],
  };
  for (const p of plugins) registry.register(p);
  return registry;
}
