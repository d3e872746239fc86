import { executorRegistry } from '../support/registry.js';
import { describe, expect, it } from 'vitest';
import { LlmloadError } from '../../runtime/errors.js';

const registry = executorRegistry();
const validate = (executor: string, raw: Record<string, unknown>) => registry.get(executor, 'scenario "s"').validate(raw, { scenario: 's', cwd: '/tmp' });

/** Asserts the exact message and that it is an ERR_INVALID_OPTION LlmloadError. */
function rejects(executor: string, raw: Record<string, unknown>, message: string): void {
  let err: unknown;
  try {
    validate(executor, raw);
  } catch (e) {
    err = e;
  }
  expect(err, `${executor} ${JSON.stringify(raw)} should throw`).toBeInstanceOf(LlmloadError);
  expect((err as LlmloadError).code).toBe('ERR_INVALID_OPTION');
  expect((err as LlmloadError).message).toBe(message);
}

describe('shared-iterations', () => {
  it('defaults: 1 VU, 1 iteration, maxDuration 10m', () => {
    expect(validate('shared-iterations', {})).toEqual({ vus: 1, iterations: 1, maxDuration: 600_000 });
  });
  it.each([
    [{ vus: 1, iteratons: 5 }, 'scenario "s": unknown option "iteratons" (did you mean "iterations"?)'],
    [{ vus: 0 }, 'scenario "s": option "vus" must be more than 0, got 0'],
    [{ vus: -2 }, 'scenario "s": option "vus" must be more than 0, got -2'],
    [{ vus: '2' }, 'scenario "s": option "vus" must be an integer, got "2"'],
    [{ vus: 5, iterations: 2 }, 'scenario "s": option "iterations" (2) shouldn\'t be less than the number of VUs (5)'],
    [{ maxDuration: '500ms' }, 'scenario "s": option "maxDuration" should be at least 1s, got 500ms'],
    [{ maxDuration: 'soon' }, 'scenario "s": option "maxDuration": invalid duration "soon" (use e.g. "30s", "1m30s", "500ms")'],
  ])('%j', (raw, message) => rejects('shared-iterations', raw, message));
});

describe('per-vu-iterations', () => {
  it.each([
    [{ iterations: 0 }, 'scenario "s": option "iterations" must be more than 0, got 0'],
    [{ vus: 1.5 }, 'scenario "s": option "vus" must be an integer, got 1.5'],
    [{ maxDuration: 999 }, 'scenario "s": option "maxDuration" should be at least 1s, got 999ms'],
    [{ duration: '1m' }, 'scenario "s": unknown option "duration" (known options: iterations, maxDuration, vus)'],
  ])('%j', (raw, message) => rejects('per-vu-iterations', raw, message));
});

describe('constant-vus', () => {
  it('accepts numbers as ms and defaults vus to 1', () => {
    expect(validate('constant-vus', { duration: 1000 })).toEqual({ vus: 1, duration: 1000 });
  });
  it.each([
    [{ vus: 2 }, 'scenario "s": option "duration" is required'],
    [{ duration: '0.5s' }, 'scenario "s": option "duration" should be at least 1s, got 500ms'],
    [{ vus: 0, duration: '10s' }, 'scenario "s": option "vus" must be more than 0, got 0'],
    [{ vus: 1, duration: '1m', iterations: 3 }, 'scenario "s": unknown option "iterations" (known options: duration, vus)'],
    [{ vu: 1, duration: '1m' }, 'scenario "s": unknown option "vu" (did you mean "vus"?)'],
  ])('%j', (raw, message) => rejects('constant-vus', raw, message));
});

describe('ramping-vus', () => {
  it('defaults: startVUs 1, gracefulRampDown 30s', () => {
    expect(validate('ramping-vus', { stages: [{ duration: '10s', target: 3 }] })).toEqual({
      startVUs: 1,
      stages: [{ duration: 10_000, target: 3 }],
      gracefulRampDown: 30_000,
    });
  });
  const stage = { duration: '10s', target: 1 };
  it.each([
    [{}, 'scenario "s": option "stages" is required (at least one stage, e.g. [{ duration: "30s", target: 10 }])'],
    [{ stages: [] }, 'scenario "s": option "stages" must have at least one stage'],
    [{ stages: 'x' }, 'scenario "s": option "stages" must be an array of { duration, target }, got "x"'],
    [{ stages: [5] }, 'scenario "s": option "stages[0]" must be an object like { duration: "30s", target: 10 }, got 5'],
    [{ stages: [{ duration: '1s', targt: 3 }] }, 'scenario "s": stages[0]: unknown option "targt" (did you mean "target"?)'],
    [{ stages: [stage, { target: 3 }] }, 'scenario "s": option "stages[1].duration" is required'],
    [{ stages: [stage, { duration: '1s' }] }, 'scenario "s": option "stages[1].target" is required'],
    [{ stages: [stage, { duration: '1s', target: -1 }] }, 'scenario "s": option "stages[1].target" can\'t be negative, got -1'],
    [{ stages: [{ duration: '1s', target: 1.5 }] }, 'scenario "s": option "stages[0].target" must be an integer, got 1.5'],
    [{ stages: [{ duration: 'x', target: 1 }] }, 'scenario "s": option "stages[0].duration": invalid duration "x" (use e.g. "30s", "1m30s", "500ms")'],
    [{ stages: [{ duration: '-1s', target: 1 }] }, 'scenario "s": option "stages[0].duration": invalid duration "-1s" (must not be negative)'],
    [{ startVUs: 0, stages: [{ duration: '1s', target: 0 }] }, 'scenario "s": either "startVUs" or one of the stages\' targets must be more than 0'],
    [{ startVUs: -1, stages: [stage] }, 'scenario "s": option "startVUs" can\'t be negative, got -1'],
    [{ stages: [stage], gracefulRampDown: 'x' }, 'scenario "s": option "gracefulRampDown": invalid duration "x" (use e.g. "30s", "1m30s", "500ms")'],
    [{ stages: [stage], vus: 3 }, 'scenario "s": unknown option "vus" (known options: gracefulRampDown, stages, startVUs)'],
  ])('%j', (raw, message) => rejects('ramping-vus', raw, message));
});

describe('constant-arrival-rate', () => {
  const ok = { rate: 10, duration: '1m', preAllocatedVUs: 10 };
  it('defaults: timeUnit 1s, maxVUs = preAllocatedVUs, distribution constant', () => {
    expect(validate('constant-arrival-rate', ok)).toEqual({
      rate: 10,
      timeUnit: 1000,
      duration: 60_000,
      preAllocatedVUs: 10,
      maxVUs: 10,
      distribution: 'constant',
      burstiness: 1,
      seed: undefined,
      seedGiven: false,
    });
    expect(validate('constant-arrival-rate', { ...ok, distribution: 'gamma', burstiness: 4, seed: 's1' })).toMatchObject({
      distribution: 'gamma',
      burstiness: 4,
      seed: 's1',
      seedGiven: true,
    });
  });
  it.each([
    [{ ...ok, rat: 1 }, 'scenario "s": unknown option "rat" (did you mean "rate"?)'],
    [{ ...ok, rate: undefined }, 'scenario "s": option "rate" is required'],
    [{ ...ok, rate: -1 }, 'scenario "s": option "rate" must be more than 0, got -1'],
    [{ ...ok, rate: 0 }, 'scenario "s": option "rate" must be more than 0, got 0'],
    [{ ...ok, rate: 'abc' }, 'scenario "s": option "rate" must be a number, got "abc"'],
    [{ ...ok, timeUnit: 0 }, 'scenario "s": option "timeUnit" must be more than 0, got 0'],
    [{ ...ok, duration: undefined }, 'scenario "s": option "duration" is required'],
    [{ ...ok, duration: '999ms' }, 'scenario "s": option "duration" should be at least 1s, got 999ms'],
    [{ ...ok, preAllocatedVUs: undefined }, 'scenario "s": option "preAllocatedVUs" is required'],
    [{ ...ok, preAllocatedVUs: -1 }, 'scenario "s": option "preAllocatedVUs" can\'t be negative, got -1'],
    [{ ...ok, maxVUs: 5 }, 'scenario "s": option "maxVUs" (5) can\'t be less than "preAllocatedVUs" (10)'],
    [{ ...ok, preAllocatedVUs: 0 }, 'scenario "s": option "maxVUs" must be more than 0, got 0'],
    [{ ...ok, distribution: 'normal' }, 'scenario "s": option "distribution" must be one of "constant", "poisson", "gamma", got "normal"'],
    [{ ...ok, burstiness: 2 }, 'scenario "s": option "burstiness" only applies to distribution "gamma" (got distribution "constant")'],
    [{ ...ok, distribution: 'poisson', burstiness: 2 }, 'scenario "s": option "burstiness" only applies to distribution "gamma" (got distribution "poisson")'],
    [{ ...ok, distribution: 'gamma', burstiness: 0 }, 'scenario "s": option "burstiness" must be more than 0, got 0'],
    [{ ...ok, distribution: 'gamma', seed: { a: 1 } }, 'scenario "s": option "seed" must be a number or a string, got {"a":1}'],
    [
      { ...ok, stages: [] },
      'scenario "s": unknown option "stages" (known options: burstiness, distribution, duration, maxVUs, preAllocatedVUs, rate, seed, timeUnit)',
    ],
  ])('%j', (raw, message) => rejects('constant-arrival-rate', raw, message));
});

describe('ramping-arrival-rate', () => {
  const ok = { stages: [{ duration: '10s', target: 2.5 }], preAllocatedVUs: 2 };
  it('defaults: startRate 0, timeUnit 1s; rate targets may be fractional', () => {
    expect(validate('ramping-arrival-rate', ok)).toMatchObject({
      startRate: 0,
      timeUnit: 1000,
      stages: [{ duration: 10_000, target: 2.5 }],
      preAllocatedVUs: 2,
      maxVUs: 2,
    });
  });
  it.each([
    [{ ...ok, startRate: -1 }, 'scenario "s": option "startRate" can\'t be negative, got -1'],
    [{ ...ok, timeUnit: '0s' }, 'scenario "s": option "timeUnit" must be more than 0, got 0'],
    [{ ...ok, stages: undefined }, 'scenario "s": option "stages" is required (at least one stage, e.g. [{ duration: "30s", target: 10 }])'],
    [{ ...ok, stages: [{ duration: '1s', target: -3 }] }, 'scenario "s": option "stages[0].target" can\'t be negative, got -3'],
    [{ ...ok, preAllocatedVUs: undefined }, 'scenario "s": option "preAllocatedVUs" is required'],
    [{ ...ok, maxVUs: 1 }, 'scenario "s": option "maxVUs" (1) can\'t be less than "preAllocatedVUs" (2)'],
    [{ ...ok, preAlocatedVUs: 2 }, 'scenario "s": unknown option "preAlocatedVUs" (did you mean "preAllocatedVUs"?)'],
    [
      { ...ok, rate: 5 },
      'scenario "s": unknown option "rate" (known options: burstiness, distribution, maxVUs, preAllocatedVUs, seed, stages, startRate, timeUnit)',
    ],
  ])('%j', (raw, message) => rejects('ramping-arrival-rate', raw, message));
});
