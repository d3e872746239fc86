import { defineExecutor, checkKeys, expectDuration, expectInt, formatDuration, optionError, type IterationsSchedule } from 'llmload/plugin';
import { mustBeAtLeastOneSecond, mustBePositive, scenarioWhere } from './common.js';

/** `iterations` shared by `vus` VUs; no new iteration after `maxDuration`. */
export interface SharedIterationsConfig {
  vus: number;
  iterations: number;
  /** ms. */
  maxDuration: number;
}

const KEYS = ['vus', 'iterations', 'maxDuration'] as const;

export const sharedIterations = defineExecutor<SharedIterationsConfig>({
  apiVersion: 1,
  name: 'shared-iterations',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const vus = expectInt(raw, 'vus', where, 1);
    mustBePositive(vus, 'vus', where);
    const iterations = expectInt(raw, 'iterations', where, 1);
    if (iterations < vus) {
      throw optionError(where, 'iterations', `(${iterations}) shouldn't be less than the number of VUs (${vus})`);
    }
    const maxDuration = expectDuration(raw, 'maxDuration', where, '10m');
    mustBeAtLeastOneSecond(maxDuration, 'maxDuration', where);
    return { vus, iterations, maxDuration };
  },
  schedule(c): IterationsSchedule {
    return { kind: 'iterations', vus: c.vus, iterations: c.iterations, perVU: false, maxDuration: c.maxDuration };
  },
  maxDuration: (c) => c.maxDuration,
  describe: (c) => `${c.iterations} iterations shared among ${c.vus} VUs (maxDuration: ${formatDuration(c.maxDuration)})`,
});
