import { defineExecutor, checkKeys, expectDuration, expectInt, formatDuration, type IterationsSchedule } from 'llmload/plugin';
import { mustBeAtLeastOneSecond, mustBePositive, scenarioWhere } from './common.js';

/** Each of `vus` VUs runs `iterations`; no new iteration after `maxDuration`. */
export interface PerVuIterationsConfig {
  vus: number;
  iterations: number;
  /** ms. */
  maxDuration: number;
}

const KEYS = ['vus', 'iterations', 'maxDuration'] as const;

export const perVuIterations = defineExecutor<PerVuIterationsConfig>({
  apiVersion: 1,
  name: 'per-vu-iterations',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const vus = expectInt(raw, 'vus', where, 1);
    mustBePositive(vus, 'vus', where);
    const iterations = expectInt(raw, 'iterations', where, 1);
    mustBePositive(iterations, 'iterations', where);
    const maxDuration = expectDuration(raw, 'maxDuration', where, '10m');
    mustBeAtLeastOneSecond(maxDuration, 'maxDuration', where);
    return { vus, iterations, maxDuration };
  },
  schedule(c): IterationsSchedule {
    return { kind: 'iterations', vus: c.vus, iterations: c.iterations, perVU: true, maxDuration: c.maxDuration };
  },
  maxDuration: (c) => c.maxDuration,
  describe: (c) => `${c.iterations} iterations for each of ${c.vus} VUs (maxDuration: ${formatDuration(c.maxDuration)})`,
});
