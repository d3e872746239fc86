import { describe, expect, it } from 'vitest';
import { classifyTokenDiff, describeTokenDiff, TokenDiffStats, tokenDiffExport } from '../../runtime/llm/token-diff.js';

/** Stats of requests given as [client, server] output counts. */
function stats(pairs: Array<[number, number]>): TokenDiffStats {
  const s = new TokenDiffStats();
  for (const [c, v] of pairs) s.add(c, v);
  return s;
}
const repeat = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe('client − server output tokens', () => {
  it('totals the differences with their signs and extremes', () => {
    const s = stats([
      [100, 100],
      [95, 100],
      [103, 100],
      [88, 100],
    ]);
    expect(s).toMatchObject({ compared: 4, differing: 3, fewer: 2, more: 1, clientTokens: 386, serverTokens: 400, min: -12, max: 3 });
    expect(s.total).toBe(-14);
    expect(s.relative).toBeCloseTo(-0.035, 10);
    expect(tokenDiffExport(s)).toEqual({
      compared: 4,
      differing: 3,
      fewer: 2,
      more: 1,
      client_tokens: 386,
      server_tokens: 400,
      diff_total: -14,
      diff_relative: -0.035,
      diff_min: -12,
      diff_max: 3,
      verdict: 'unclear',
    });
  });

  it('a different tokenizer: large and of one sign', () => {
    // o200k against a Llama-3 server on English: ~8 % more tokens on every request.
    const s = stats(repeat(77, (i) => [108 + (i % 5), 100]));
    expect(classifyTokenDiff(s)).toBe('tokenizer');
    expect(describeTokenDiff(s)).toBe(
      "77 of 77 requests differ (0 fewer, 77 more); client − server +767 of 7700 tokens (+10.0 %), per request +8 to +12: looks like a different tokenizer than the server's (large, one sign): give the model's tokenizer.json or GGUF as `tokenizer`; the server's counts are used",
    );
    // A few the other way round do not change that.
    expect(classifyTokenDiff(stats([...repeat(19, (): [number, number] => [80, 100]), [101, 100]]))).toBe('tokenizer');
  });

  it('re-tokenization noise: small with both signs, or tiny', () => {
    const s = stats([...repeat(30, (i): [number, number] => [100 + (i % 3) - 1, 100]), ...repeat(8, (): [number, number] => [100, 100])]);
    expect(s.fewer).toBe(10);
    expect(s.more).toBe(10);
    expect(classifyTokenDiff(s)).toBe('noise');
    expect(describeTokenDiff(s)).toMatch(
      /^20 of 38 requests differ \(10 fewer, 10 more\); client − server 0 of 3800 tokens \(0\.0 %\), per request −1 to \+1: looks like re-tokenization noise/,
    );
    // One sign but under 1 %: noise too (an off-by-one on a few long replies).
    expect(classifyTokenDiff(stats([...repeat(5, (): [number, number] => [999, 1000]), ...repeat(50, (): [number, number] => [1000, 1000])]))).toBe('noise');
  });

  it('agreement, and the unclear cases in between', () => {
    const same = stats(repeat(10, () => [42, 42]));
    expect(classifyTokenDiff(same)).toBe('agree');
    expect(describeTokenDiff(same)).toBe('the client tokenizer agrees with the server on all 10 requests');
    // Small (2 %) but all one sign.
    expect(classifyTokenDiff(stats(repeat(10, () => [98, 100])))).toBe('unclear');
    // Large but both signs.
    expect(classifyTokenDiff(stats([...repeat(5, (): [number, number] => [150, 100]), ...repeat(5, (): [number, number] => [90, 100])]))).toBe('unclear');
  });
});
