import { defineExecutor, LlmloadError, checkKeys, expectDuration, expectInt, formatDuration, type VusSchedule } from 'llmload/plugin';
import { maxTarget, mustNotBeNegative, readStages, scenarioWhere, sumStages, type Stage } from './common.js';

/** VUs ramp linearly from `startVUs` through `stages`. */
export interface RampingVusConfig {
  startVUs: number;
  stages: Stage[];
  /** ms that VUs removed by a ramp-down get to finish their iteration. */
  gracefulRampDown: number;
}

const KEYS = ['startVUs', 'stages', 'gracefulRampDown'] as const;

/**
 * The VU count over time, as k6's getRawExecutionSteps computes it: along a
 * linear ramp the count changes one VU at a time, at the exact moment the
 * ramp crosses each integer (up: reaches v when the line reaches v; down:
 * drops to v when the line reaches v). A zero-length stage jumps at once.
 */
export function rampingVuSteps(startVUs: number, stages: readonly Stage[]): Array<{ at: number; vus: number }> {
  const steps = [{ at: 0, vus: startVUs }];
  const add = (at: number, vus: number) => {
    const last = steps[steps.length - 1];
    if (last.at === at) {
      last.vus = vus;
      // A same-time replacement may undo the step before it.
      const prev = steps[steps.length - 2];
      if (prev && prev.vus === vus) steps.pop();
    } else if (last.vus !== vus) {
      steps.push({ at, vus });
    }
  };
  let start = 0;
  let from = startVUs;
  for (const s of stages) {
    const to = s.target;
    if (s.duration === 0) add(start, to);
    else if (to > from) for (let v = from + 1; v <= to; v++) add(start + (s.duration * (v - from)) / (to - from), v);
    else if (to < from) for (let v = from - 1; v >= to; v--) add(start + (s.duration * (from - v)) / (from - to), v);
    start += s.duration;
    from = to;
  }
  return steps;
}

export const rampingVus = defineExecutor<RampingVusConfig>({
  apiVersion: 1,
  name: 'ramping-vus',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const startVUs = expectInt(raw, 'startVUs', where, 1);
    mustNotBeNegative(startVUs, 'startVUs', where);
    const stages = readStages(raw, 'stages', where, true);
    if (maxTarget(startVUs, stages) <= 0) {
      throw new LlmloadError('ERR_INVALID_OPTION', `${where}: either "startVUs" or one of the stages' targets must be more than 0`);
    }
    const gracefulRampDown = expectDuration(raw, 'gracefulRampDown', where, '30s');
    return { startVUs, stages, gracefulRampDown };
  },
  schedule(c): VusSchedule {
    return {
      kind: 'vus',
      steps: rampingVuSteps(c.startVUs, c.stages),
      duration: sumStages(c.stages),
      gracefulRampDown: c.gracefulRampDown,
      maxVUs: maxTarget(c.startVUs, c.stages),
    };
  },
  maxDuration: (c) => sumStages(c.stages),
  describe: (c) =>
    `Up to ${maxTarget(c.startVUs, c.stages)} looping VUs for ${formatDuration(sumStages(c.stages))} ` +
    `over ${c.stages.length} stages (gracefulRampDown: ${formatDuration(c.gracefulRampDown)})`,
});
