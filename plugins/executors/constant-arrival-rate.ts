import { defineExecutor, checkKeys, expectDuration, expectNumber, formatDuration, type ArrivalsSchedule } from 'llmload/plugin';
import { ARRIVAL_KEYS, arrivalsSchedule, describeArrivalOptions, readArrivalOptions, type ArrivalOptions } from './arrivals.js';
import { mustBeAtLeastOneSecond, mustBePositive, required, scenarioWhere } from './common.js';
import { rateCurve } from './rate-curve.js';

/** `rate` iterations per `timeUnit` for `duration`: iteration i due at i·timeUnit/rate. */
export interface ConstantArrivalRateConfig extends ArrivalOptions {
  rate: number;
  /** ms. */
  timeUnit: number;
  /** ms. */
  duration: number;
}

const KEYS = ['rate', 'timeUnit', 'duration', ...ARRIVAL_KEYS] as const;

export const constantArrivalRate = defineExecutor<ConstantArrivalRateConfig>({
  apiVersion: 1,
  name: 'constant-arrival-rate',
  validate(raw, ctx) {
    const where = scenarioWhere(ctx);
    checkKeys(raw, KEYS, where);
    const rate = required(expectNumber(raw, 'rate', where), 'rate', where);
    mustBePositive(rate, 'rate', where);
    const timeUnit = expectDuration(raw, 'timeUnit', where, '1s');
    mustBePositive(timeUnit, 'timeUnit', where);
    const duration = required(expectDuration(raw, 'duration', where), 'duration', where);
    mustBeAtLeastOneSecond(duration, 'duration', where);
    return { rate, timeUnit, duration, ...readArrivalOptions(raw, where) };
  },
  schedule(c): ArrivalsSchedule {
    return arrivalsSchedule(rateCurve(c.rate, [{ duration: c.duration, target: c.rate }], c.timeUnit), c);
  },
  maxDuration: (c) => c.duration,
  describe: (c) => `${((c.rate * 1000) / c.timeUnit).toFixed(2)} iterations/s for ${formatDuration(c.duration)} ` + `(${describeArrivalOptions(c)})`,
});
