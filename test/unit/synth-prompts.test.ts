import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Random } from '../../runtime/random.js';
import { getTokenizer } from '../../runtime/tokenizers/index.js';
import { CORPUS } from '../../runtime/workloads/corpus.js';
import { HashBlocks } from '../../runtime/workloads/hash-blocks.js';
import { lengthSampler } from '../../runtime/workloads/lengths.js';
import { PromptSet, readPromptSetOptions } from '../../runtime/workloads/prompt-set.js';

const root = path.resolve(import.meta.dirname, '../..');
const TOKENIZERS = ['default', 'test/fixtures/tokenizers/bpe-small'];
const build = (spec: string, name: string, options: unknown) =>
  new PromptSet(getTokenizer(spec, root), name, readPromptSetOptions(options, `Prompts "${name}"`), `Prompts "${name}"`);

describe.each(TOKENIZERS)('synthetic prompts with tokenizer %s', (spec) => {
  const tok = getTokenizer(spec, root);

  it.each([1, 7, 128, 4000])('has exactly %i tokens (round trip)', (n) => {
    const set = build(spec, `exact-${n}`, { count: 6, input: n, seed: 3 });
    for (let i = 0; i < set.length; i++) {
      const p = set.get(i);
      expect(p.input_tokens).toBe(n);
      expect(tok.encode(p.prompt)).toHaveLength(n);
      expect(p.prompt).not.toMatch(/^\s/);
    }
  });

  it('keeps exact counts with shared prefixes and salts, and prompts really share their first P tokens', () => {
    const set = build(spec, 'pfx', { count: 12, input: { dist: 'uniform', min: 80, max: 300 }, prefix: { count: 3, tokens: 64 }, salt: true, output: 50 });
    const byPrefix = new Map<number, number[][]>();
    for (let i = 0; i < set.length; i++) {
      for (const request of [i, 1000 + i]) {
        const p = set.get(i, request);
        const ids = tok.encode(p.prompt);
        expect(ids).toHaveLength(p.input_tokens);
        expect(p.prefix_id).toBe(i % 3);
        byPrefix.set(p.prefix_id!, [...(byPrefix.get(p.prefix_id!) ?? []), ids]);
      }
    }
    const heads = [...byPrefix.values()].map((group) => {
      const first = group[0]!.slice(0, 64);
      for (const ids of group) expect(ids.slice(0, 64)).toEqual(first);
      // The salt right after the prefix makes the 65th token differ between requests.
      expect(new Set(group.map((ids) => ids.slice(64, 72).join())).size).toBe(group.length);
      return first.join();
    });
    expect(new Set(heads).size).toBe(3);
  });
});

describe('seeds', () => {
  const opts = {
    count: 20,
    input: { dist: 'lognormal', mean: 200, stddev: 80, min: 20, max: 600 },
    output: { dist: 'normal', mean: 100, stddev: 30, min: 1 },
    salt: true,
    minTokens: true,
    seed: 'abc',
  };
  const digest = (set: PromptSet) =>
    createHash('sha256')
      .update(JSON.stringify(Array.from({ length: set.length }, (_, i) => set.get(i))))
      .digest('hex');

  it('same name, options and seed give byte-identical prompts; another seed or name does not', () => {
    const a = digest(build('default', 'r', opts));
    expect(digest(build('default', 'r', opts))).toBe(a);
    expect(digest(build('default', 'r', { ...opts, seed: 'abd' }))).not.toBe(a);
    expect(digest(build('default', 'r2', opts))).not.toBe(a);
  });

  it('pins the output of seed 42 (changing the corpus or the synthesis changes every prompt: do it on purpose)', () => {
    expect(createHash('sha256').update(CORPUS).digest('hex').slice(0, 16)).toBe(CORPUS_DIGEST);
    const p = build('default', 'pin', { count: 2, input: 24, output: 7, seed: 42 }).get(1);
    expect(p).toEqual(PINNED);
  });
});

describe('hash id blocks', () => {
  it.each(TOKENIZERS)('same ids give identical prefixes, different ids different ones (%s)', (spec) => {
    const tok = getTokenizer(spec, root);
    const blocks = new HashBlocks(tok, 64, 1);
    const a = tok.encode(blocks.prompt([10, 11, 12], 180));
    const b = tok.encode(blocks.prompt([10, 11, 13], 170));
    const c = tok.encode(blocks.prompt([20, 11, 12], 180));
    expect([a.length, b.length, c.length]).toEqual([180, 170, 180]);
    expect(b.slice(0, 128)).toEqual(a.slice(0, 128));
    expect(b[128]).not.toBe(a[128]);
    expect(c.slice(0, 64)).not.toEqual(a.slice(0, 64));
    // Block 11 at the same position is the same tokens whatever came before.
    expect(c.slice(64, 128)).toEqual(a.slice(64, 128));
    // More tokens than the ids cover: filler; fewer: a short last block.
    expect(tok.count(blocks.prompt([10], 100))).toBe(100);
    expect(tok.count(blocks.prompt([10, 11, 12], 70))).toBe(70);
    // A fresh instance (another run) rebuilds the same text.
    expect(new HashBlocks(tok, 64, 1).prompt([10, 11, 13], 170)).toBe(blocks.prompt([10, 11, 13], 170));
    expect(new HashBlocks(tok, 64, 2).prompt([10], 64)).not.toBe(blocks.prompt([10], 64));
  });
});

describe('length distributions', () => {
  const draw = (spec: unknown, n = 4000) => {
    const s = lengthSampler(spec, 'x');
    const r = new Random(5);
    return Array.from({ length: n }, () => s.sample(r));
  };
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = (xs: number[]) => {
    const m = mean(xs);
    return Math.sqrt(mean(xs.map((x) => (x - m) ** 2)));
  };

  it('samples fixed, uniform, normal, lognormal and empirical lengths', () => {
    expect(new Set(draw(7, 10))).toEqual(new Set([7]));
    const u = draw({ dist: 'uniform', min: 3, max: 5 });
    expect(new Set(u)).toEqual(new Set([3, 4, 5]));
    const n = draw({ dist: 'normal', mean: 500, stddev: 50 });
    expect(mean(n)).toBeCloseTo(500, -1);
    expect(sd(n)).toBeGreaterThan(45);
    expect(sd(n)).toBeLessThan(55);
    expect(Math.min(...draw({ dist: 'normal', mean: 10, stddev: 50, min: 4, max: 20 }))).toBe(4);
    const l = draw({ dist: 'lognormal', mean: 300, stddev: 150 }, 20000);
    expect(mean(l) / 300).toBeGreaterThan(0.96);
    expect(mean(l) / 300).toBeLessThan(1.04);
    expect(sd(l) / 150).toBeGreaterThan(0.9);
    expect(sd(l) / 150).toBeLessThan(1.1);
    const e = draw({ dist: 'empirical', values: [10, 20], weights: [3, 1] });
    expect(e.filter((x) => x === 10).length / e.length).toBeCloseTo(0.75, 1);
  });

  it('rejects bad specs with a message naming them', () => {
    expect(() => lengthSampler({ dist: 'poisson' }, 'Prompts "a": input')).toThrow('Prompts "a": input: unknown "dist" "poisson"');
    expect(() => lengthSampler({ dist: 'uniform', min: 5 }, 'in')).toThrow('in: dist "uniform" needs "min" and "max"');
    expect(() => lengthSampler({ dist: 'fixed', value: 0 }, 'in')).toThrow('in: "value" must be an integer ≥ 1, got 0');
    expect(() => lengthSampler({ dist: 'normal', mean: 5, stddev: 1, max: 2, min: 3 }, 'in')).toThrow('"max" (2) is less than "min" (3)');
    expect(() => lengthSampler({ dist: 'empirical', values: [1], weights: [1, 2] }, 'in')).toThrow('"weights" must be an array as long as "values" (1)');
  });
});

const CORPUS_DIGEST = 'aa4b10b3bbb61b8b';
const PINNED = {
  index: 1,
  prompt: 'A village festival needs months of planning by volunteers. A sailboat cannot sail directly into the wind, but it can sail',
  input_tokens: 24,
  max_tokens: 7,
};
