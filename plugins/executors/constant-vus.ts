import type { ExecutorPlugin, VusSchedule } from '../../runtime/executor.js';
import { checkKeys, expectDuration, expectInt } from '../../runtime/options/check.js';
import { formatDuration } from '../../runtime/options/duration.js';
import { mustBeAtLeastOneSecond, mustBePositive, required, scenarioWhere } from './common.js';

/** `vus` VUs loop iterations for `duration`. */
export interface ConstantVusConfig {
  vus: number;
  /** ms. */
  duration: number;
}

const KEYS = ['vus', 'duration'] as const;

export const constantVus: ExecutorPlugin<ConstantVusConfig> = {
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
};
