import { describe, expect, it } from 'vitest';
import { parseDistribution } from '../../runtime/mock/distribution.js';
import { parseErrorRates } from '../../runtime/mock/error-rates.js';
import { parseMockOptionPairs, resolveMockOptions } from '../../runtime/mock/options.js';
import { Random } from '../../runtime/random.js';

function moments(xs: number[]): { mean: number; sd: number; min: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  return { mean, sd, min: Math.min(...xs) };
}

const draw = (spec: string, n = 40_000, integer = false) => {
  const d = parseDistribution(spec, 'test', { integer });
  const rng = new Random(11);
  return Array.from({ length: n }, () => d.sample(rng));
};

describe('mock distributions', () => {
  it('a number or fixed:V is constant', () => {
    expect(new Set(draw('20', 100))).toEqual(new Set([20]));
    expect(new Set(draw('fixed:7.5', 100))).toEqual(new Set([7.5]));
    expect(parseDistribution(35, 'x').spec).toBe('fixed:35');
  });

  it.each([
    ['uniform:10,30', 20, Math.sqrt(400 / 12)],
    ['normal:100,10', 100, 10],
    ['lognormal:100,30', 100, 30],
    ['exponential:50', 50, 50],
    ['gamma:40,10', 40, 10],
  ])('%s has the requested mean and standard deviation', (spec, mean, sd) => {
    const m = moments(draw(spec));
    expect(m.mean).toBeCloseTo(mean, 0);
    expect(Math.abs(m.sd - sd) / sd).toBeLessThan(0.03);
    expect(m.min).toBeGreaterThanOrEqual(0);
  });

  it('clamps at 0 and rounds integer distributions', () => {
    const xs = draw('normal:2,5', 5000, true);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    expect(xs.filter((x) => x === 0).length).toBeGreaterThan(1000);
  });

  it('is reproducible from the generator seed', () => {
    expect(draw('lognormal:100,20', 50)).toEqual(draw('lognormal:100,20', 50));
  });

  it.each([
    ['weibull:1,2', /unknown distribution "weibull"/],
    ['normal:1', /must look like "normal:A,B"/],
    ['uniform:5,1', /maximum below its minimum/],
    ['exponential:0', /mean must be > 0/],
    ['abc', /must look like "fixed:VALUE"/],
    ['', /expected a number or a distribution/],
  ])('rejects %s', (spec, message) => {
    expect(() => parseDistribution(spec, 'mock option "ttft"')).toThrow(message);
  });
});

describe('mock error rates', () => {
  it('injects each kind at its rate (one draw per request)', () => {
    const e = parseErrorRates('429:0.05,500:0.02,stream:0.1,disconnect:0.03', 'errors');
    const rng = new Random(5);
    const n = 100_000;
    const counts = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const x = e.pick(rng);
      const k = x ? (x.kind === 'status' ? String(x.status) : x.kind) : 'ok';
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    // Within 4 standard deviations of a binomial count.
    for (const [k, p] of [
      ['429', 0.05],
      ['500', 0.02],
      ['stream', 0.1],
      ['disconnect', 0.03],
      ['ok', 0.8],
    ] as const) {
      expect(Math.abs(counts.get(k)! - n * p)).toBeLessThan(4 * Math.sqrt(n * p * (1 - p)));
    }
    expect(e.total).toBeCloseTo(0.2);
  });

  it('accepts an object and an empty spec; rejects bad kinds, rates and sums over 1', () => {
    expect(parseErrorRates({ 503: 0.5 }, 'x').spec).toBe('503:0.5');
    expect(parseErrorRates('', 'x').pick(new Random(1))).toBeUndefined();
    expect(() => parseErrorRates('timeout:0.1', 'x')).toThrow(/unknown error kind "timeout"/);
    expect(() => parseErrorRates('200:0.1', 'x')).toThrow(/unknown error kind "200"/);
    expect(() => parseErrorRates('429:2', 'x')).toThrow(/between 0 and 1/);
    expect(() => parseErrorRates('429:0.6,500:0.6', 'x')).toThrow(/more than 1/);
    expect(() => parseErrorRates('429', 'x')).toThrow(/KIND:RATE/);
  });
});

describe('mock options', () => {
  it('has defaults and accepts kebab-case and camelCase keys with string values', () => {
    const o = resolveMockOptions({ 'max-concurrency': '4', outputTokens: 'fixed:9', ttft: 200, 'close-connections': 'true', seed: '42' });
    expect(o.maxConcurrency).toBe(4);
    expect(o.outputTokens.spec).toBe('fixed:9');
    expect(o.ttft.spec).toBe('fixed:200');
    expect(o.closeConnections).toBe(true);
    expect(o.seed).toBe(42);
    expect(o.port).toBe(8000);
    expect(o.keepAlive).toBe(5000);
    expect(o.tokensPerChunk).toBe(1);
  });

  it('close-connections: false (default), true (every response; a bare flag), or streams (llama.cpp)', () => {
    expect(resolveMockOptions({}).closeConnections).toBe(false);
    expect(resolveMockOptions({ 'close-connections': '' }).closeConnections).toBe(true);
    expect(resolveMockOptions({ closeConnections: false }).closeConnections).toBe(false);
    expect(resolveMockOptions({ 'close-connections': 'streams' }).closeConnections).toBe('streams');
  });

  it('framing: vllm by default, or sglang, tgi, vllm-early-role; created pins the timestamp; spin-limit is gone', () => {
    expect(resolveMockOptions({}).framing).toBe('vllm');
    expect(resolveMockOptions({}).created).toBeUndefined();
    for (const f of ['vllm', 'sglang', 'tgi', 'vllm-early-role']) expect(resolveMockOptions({ framing: f }).framing).toBe(f);
    expect(resolveMockOptions({ created: '1700000000' }).created).toBe(1700000000);
    expect(() => resolveMockOptions({ framing: 'ollama' })).toThrow(/"framing": must be one of vllm, sglang, tgi, vllm-early-role, got "ollama"/);
    expect(() => resolveMockOptions({ 'spin-limit': 32 })).toThrow(/"spin-limit": was removed: the mock no longer busy-waits/);
    expect(() => resolveMockOptions({ spinLimit: 0 }, '--mock-option')).toThrow(/--mock-option "spin-limit"/);
  });

  it('rejects unknown keys with a suggestion, and bad values naming the option', () => {
    expect(() => resolveMockOptions({ ttf: 10 })).toThrow(/unknown option "ttf" \(did you mean "ttft"\?\)/);
    expect(() => resolveMockOptions({ maxConcurency: 10 })).toThrow(/did you mean "max-concurrency"/);
    expect(() => resolveMockOptions({ 'max-concurrency': 'many' })).toThrow(/mock option "max-concurrency": must be a whole number/);
    expect(() => resolveMockOptions({ 'tokens-per-chunk': 0 })).toThrow(/"tokens-per-chunk": must be at least 1/);
    expect(() => resolveMockOptions({ itl: 'normal:x,1' })).toThrow(/mock option "itl"/);
    expect(() => resolveMockOptions({ 'reasoning-field': 'thoughts' })).toThrow(/reasoning-field/);
    expect(() => resolveMockOptions({ 'keep-alive': 'soon' })).toThrow(/keep-alive/);
    expect(() => resolveMockOptions({ 'close-connections': 'sometimes' })).toThrow(/"close-connections": must be true, false or streams/);
    let err: unknown;
    try {
      resolveMockOptions({ errors: 'x:1' }, '--mock-option');
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('--mock-option "errors"') });
  });

  it('parses repeatable --mock-option KEY=VALUE pairs', () => {
    expect(parseMockOptionPairs(['ttft=normal:200,5', 'errors=429:0.1,stream:0.2'])).toEqual({ ttft: 'normal:200,5', errors: '429:0.1,stream:0.2' });
    expect(() => parseMockOptionPairs(['ttft'])).toThrow(/--mock-option: expected KEY=VALUE/);
  });
});
