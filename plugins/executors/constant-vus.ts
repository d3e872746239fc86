import { defineExecutor, checkKeys, expectDuration, expectInt, formatDuration, type VusSchedule } from 'llmload/plugin';
import { mustBeAtLeastOneSecond, mustBePositive, required, scenarioWhere } from './common.js';

/** `vus` VUs loop iterations for `duration`. */
export interface ConstantVusConfig {
  vus: number;
  /** ms. */
  duration: number;
}

const KEYS = ['vus', 'duration'] as const;

export const constantVus = defineExecutor<ConstantVusConfig>({
  apiVersion: 1,
  name: 'constant-vus',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const vus = expectInt(raw, 'vus', where, 1);
    mustBePositive(vus, 'vus', where);
    const duration = required(expectDuration(raw, 'duration', where), 'duration', where);
    mustBeAtLeastOneSecond(duration, 'duration', where);
    return { vus, duration };
  },
  schedule(c): VusSchedule {
    return { kind: 'vus', steps: [{ at: 0, vus: c.vus }], duration: c.duration, gracefulRampDown: 0, maxVUs: c.vus };
  },
  maxDuration: (c) => c.duration,
  describe: (c) => `${c.vus} looping VUs for ${formatDuration(c.duration)}`,
});
