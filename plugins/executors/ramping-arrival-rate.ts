import { defineExecutor, checkKeys, expectDuration, expectNumber, formatDuration, type ArrivalsSchedule } from 'llmload/plugin';
import { ARRIVAL_KEYS, arrivalsSchedule, describeArrivalOptions, readArrivalOptions, type ArrivalOptions } from './arrivals.js';
import { maxTarget, mustBePositive, mustNotBeNegative, readStages, scenarioWhere, sumStages, type Stage } from './common.js';
import { rateCurve } from './rate-curve.js';

/** The rate ramps linearly from `startRate` through `stages` (targets are rates per `timeUnit`). */
export interface RampingArrivalRateConfig extends ArrivalOptions {
  startRate: number;
  /** ms. */
  timeUnit: number;
  stages: Stage[];
}

const KEYS = ['startRate', 'timeUnit', 'stages', ...ARRIVAL_KEYS] as const;

export const rampingArrivalRate = defineExecutor<RampingArrivalRateConfig>({
  apiVersion: 1,
  name: 'ramping-arrival-rate',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const startRate = expectNumber(raw, 'startRate', where, 0);
    mustNotBeNegative(startRate, 'startRate', where);
    const timeUnit = expectDuration(raw, 'timeUnit', where, '1s');
    mustBePositive(timeUnit, 'timeUnit', where);
    const stages = readStages(raw, 'stages', where, false);
    return { startRate, timeUnit, stages, ...readArrivalOptions(raw, where) };
  },
  schedule(c): ArrivalsSchedule {
    return arrivalsSchedule(rateCurve(c.startRate, c.stages, c.timeUnit), c);
  },
  maxDuration: (c) => sumStages(c.stages),
  describe: (c) =>
    `Up to ${((maxTarget(c.startRate, c.stages) * 1000) / c.timeUnit).toFixed(2)} iterations/s ` +
    `for ${formatDuration(sumStages(c.stages))} over ${c.stages.length} stages (${describeArrivalOptions(c)})`,
});
