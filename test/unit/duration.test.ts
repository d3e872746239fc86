import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../runtime/options/duration.js';
import { harness } from '../fixtures/scripts/_harness.js';
import {
  checkKeys,
  editDistance,
  expectBool,
  expectDuration,
  expectInt,
  expectNumber,
  expectOneOf,
  expectString,
  expectStringMap,
  suggest,
} from '../../runtime/options/check.js';
import { LlmloadError } from '../../runtime/errors.js';

const W = 'scenario "steady": option "duration"';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1.5s', 1500],
    ['0', 0],
    ['1.1s', 1100],
    ['1d', 86_400_000],
    ['1h2m3s4ms', 3_723_004],
    ['250us', 0.25],
    ['250µs', 0.25],
    ['100ns', 0.0001],
    ['.5s', 500],
    ['10m0s', 600_000],
    [' 5s ', 5000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text, W)).toBe(ms);
  });

  it('takes numbers as milliseconds', () => {
    expect(parseDuration(1500, W)).toBe(1500);
    expect(parseDuration(0, W)).toBe(0);
    expect(parseDuration(0.5, W)).toBe(0.5);
  });

  it.each(['abc', '', '30', '1x', 's', '1.5.5s', '1m 30s', 'ms'])('rejects %j', (text) => {
    expect(() => parseDuration(text, W)).toThrow(`scenario "steady": option "duration": invalid duration "${text}" (use e.g. "30s", "1m30s", "500ms")`);
  });

  it('rejects negative values and other types', () => {
    expect(() => parseDuration('-1s', W)).toThrow(`${W}: invalid duration "-1s" (must not be negative)`);
    expect(() => parseDuration(-5, W)).toThrow(`${W}: invalid duration "-5" (must not be negative)`);
    expect(() => parseDuration(true, W)).toThrow(`${W}: invalid duration "true" (use e.g.`);
    expect(() => parseDuration(Infinity, W)).toThrow('invalid duration');
    expect(() => parseDuration(null, W)).toThrow(`${W}: invalid duration "null"`);
  });

  it('throws LlmloadError ERR_INVALID_OPTION (exit 104)', () => {
    try {
      parseDuration('abc', W);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LlmloadError);
      expect((e as LlmloadError).code).toBe('ERR_INVALID_OPTION');
      expect((e as LlmloadError).exitCode).toBe(104);
    }
  });
});

describe('durations in a VU (llmload/vu durationMs: http and openai timeouts)', () => {
  const inputs: unknown[] = ['30s', '1m30s', '1d', '0', '100ns', '.5s', ' 5s ', 1500, 0, 'abc', '30', '-1s', -5, true, null];

  it('are read by the same parser as the options: same values, same refusals', async () => {
    const h = await harness({
      source: `
import { durationMs } from 'llmload/vu';
const out = ${JSON.stringify(inputs)}.map((v) => { try { return durationMs(v, 'timeout'); } catch (e) { return e.name + ': ' + e.message; } });
export const options = { out };
export default function () {}
`,
    });
    try {
      const out = (await h.factory.readExports()).options as { out: unknown[] } | undefined;
      expect(out?.out).toEqual(
        inputs.map((v) => {
          try {
            return parseDuration(v, 'x');
          } catch (e) {
            const why = (e as Error).message.replace(/^x: invalid duration "[^"]*" /, '');
            return `TypeError: timeout: invalid duration ${JSON.stringify(v)} ${why.replace('use e.g. "30s", "1m30s", "500ms"', 'use a number of ms or e.g. "30s", "500ms"')}`;
          }
        }),
      );
      expect(out?.out.slice(0, 3)).toEqual([30_000, 90_000, 86_400_000]);
    } finally {
      h.factory.dispose();
    }
  });
});

describe('formatDuration (Go time.Duration style)', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [600_000, '10m0s'],
    [7_200_000, '2h0m0s'],
    [30_000, '30s'],
    [1000, '1s'],
    [3_723_004, '1h2m3.004s'],
    [0.25, '250µs'],
    [0.0001, '100ns'],
    [1.5, '1.5ms'],
    [-1500, '-1.5s'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration', () => {
    for (const ms of [1, 999, 1000, 61_000, 3_599_999, 86_400_000]) {
      expect(parseDuration(formatDuration(ms), W)).toBe(ms);
    }
  });
});

describe('option checks', () => {
  const where = 'scenario "steady"';
  it('rejects unknown keys with a suggestion, or lists the known ones', () => {
    expect(() => checkKeys({ rat: 1 }, ['rate', 'duration'], where)).toThrow('scenario "steady": unknown option "rat" (did you mean "rate"?)');
    expect(() => checkKeys({ Rate: 1 }, ['rate'], where)).toThrow('(did you mean "rate"?)');
    expect(() => checkKeys({ zzzz: 1 }, ['rate', 'duration'], where)).toThrow('scenario "steady": unknown option "zzzz" (known options: duration, rate)');
    expect(() => checkKeys({ rate: 1, duration: 2 }, ['rate', 'duration'], where)).not.toThrow();
  });

  it('edit distance and suggestions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(suggest('preAlocatedVUs', ['maxVUs', 'preAllocatedVUs'])).toBe('preAllocatedVUs');
    expect(suggest('xyz', ['maxVUs', 'rate'])).toBeUndefined();
  });

  it('typed readers: value, default, absent, wrong type', () => {
    const o = { rate: 'abc', n: 2.5, i: 3, s: 'x', b: true, d: '2s', tags: { a: 1, b: 'x' } };
    expect(() => expectNumber(o, 'rate', where)).toThrow('scenario "steady": option "rate" must be a number, got "abc"');
    expect(expectNumber(o, 'n', where)).toBe(2.5);
    expect(expectNumber(o, 'missing', where)).toBeUndefined();
    expect(expectNumber(o, 'missing', where, 7)).toBe(7);
    expect(() => expectInt(o, 'n', where)).toThrow('scenario "steady": option "n" must be an integer, got 2.5');
    expect(expectInt(o, 'i', where, 1)).toBe(3);
    expect(() => expectString(o, 'i', where)).toThrow('option "i" must be a string, got 3');
    expect(expectString(o, 's', where)).toBe('x');
    expect(() => expectBool(o, 's', where)).toThrow('option "s" must be true or false, got "x"');
    expect(expectBool(o, 'b', where, false)).toBe(true);
    expect(expectDuration(o, 'd', where)).toBe(2000);
    expect(expectDuration(o, 'missing', where, '10m')).toBe(600_000);
    expect(() => expectDuration(o, 's', where)).toThrow('scenario "steady": option "s": invalid duration "x"');
    expect(expectStringMap(o, 'tags', where)).toEqual({ a: '1', b: 'x' });
    expect(() => expectStringMap(o, 's', where)).toThrow('option "s" must be an object of strings, got "x"');
    expect(() => expectStringMap({ t: { a: [1] } }, 't', where)).toThrow('option "t.a" must be a string, got [1]');
  });

  it('expectOneOf', () => {
    const all = ['constant', 'poisson', 'gamma'] as const;
    expect(expectOneOf({}, 'distribution', where, all, 'constant')).toBe('constant');
    expect(expectOneOf({ distribution: 'gamma' }, 'distribution', where, all)).toBe('gamma');
    expect(() => expectOneOf({ distribution: 'posson' }, 'distribution', where, all)).toThrow(
      'scenario "steady": option "distribution" must be one of "constant", "poisson", "gamma", got "posson" (did you mean "poisson"?)',
    );
    expect(() => expectOneOf({ distribution: 3 }, 'distribution', where, all)).toThrow(
      'option "distribution" must be one of "constant", "poisson", "gamma", got 3',
    );
  });
});
