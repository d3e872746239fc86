import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countInPieces, isWs, MAX_RUN, pieces } from '../../runtime/tokenizers/count.js';
import { getTokenizer } from '../../runtime/tokenizers/index.js';
import { CORPUS } from '../../runtime/workloads/corpus.js';

/**
 * Linear token counting (runtime/tokenizers/count.ts): exactly the whole
 * text's count for ordinary text, whatever the pieces, and time linear in the
 * length for any text, degenerate runs included.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

const TEXTS: Record<string, string> = {
  prose: CORPUS,
  code: ['runtime/run.ts', 'runtime/mock/mock-server.ts', 'runtime/llm/response-reader.ts'].map(read).join('\n'),
  markdown: read('README.md').slice(0, 60_000),
  json: read('package-lock.json').slice(0, 60_000),
  chinese:
    '自然语言处理是计算机科学领域与人工智能领域中的一个重要方向。它研究能实现人与计算机之间用自然语言进行有效通信的各种理论和方法，是一门融语言学、计算机科学、数学于一体的科学。'.repeat(
      12,
    ),
  mixed:
    'Ünïcödé\u00a0text — “quotes”, tabs\tand\u3000wide space; emoji 🎉 x🎉y; naïve café; Ελληνικά; русский, 123456789 and 3.14159.\n\n  - item\r\n\tindented \n'.repeat(
      40,
    ),
};
const TOKENIZERS = ['o200k_base', 'test/fixtures/tokenizers/bpe-small'];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** Fresh content each call: gpt-tokenizer caches pre-tokens, so repeated text would time the cache. */
const randomLetters = (n: number) => Array.from({ length: n }, () => LETTERS[Math.floor(Math.random() * 26)]).join('');

describe('pieces', () => {
  it('concatenate to the text and bound every run', () => {
    for (const text of [...Object.values(TEXTS), 'y'.repeat(5000), '\n'.repeat(3000), ' '.repeat(2000) + 'x', '🎉'.repeat(1000), '', 'a']) {
      const ps = [...pieces(text, { piece: 64 })];
      expect(ps.join('')).toBe(text);
      expect(ps.every((p) => p.length > 0)).toBe(true);
    }
    const ys = [...pieces('y'.repeat(5000))];
    expect(Math.max(...ys.map((p) => p.length))).toBe(MAX_RUN);
    // A surrogate pair is never split: no piece starts with a low surrogate.
    for (const p of pieces('🎉'.repeat(1000))) expect(p.charCodeAt(0)).not.toBeGreaterThanOrEqual(0xdc00);
  });

  it("isWs is JavaScript's \\s", () => {
    for (let c = 0; c < 0x10000; c++) if (isWs(c) !== /\s/.test(String.fromCharCode(c))) expect.fail(`U+${c.toString(16)}`);
  });
});

describe.each(TOKENIZERS)('count with %s', (spec) => {
  const tok = getTokenizer(spec, root);
  // encode() is not piecewise: its length is the whole text's count.
  const whole = (text: string) => tok.encode(text).length;

  it.each(Object.keys(TEXTS))('is exact on %s, also when cut every few words', (name) => {
    const text = TEXTS[name]!;
    expect(tok.count(text)).toBe(whole(text));
    expect(countInPieces(text, whole, { piece: 16 })).toBe(whole(text));
  });

  it('is exact on text without spaces cut at punctuation between letters', () => {
    expect(countInPieces(TEXTS.chinese!, whole, { maxRun: 64 })).toBe(whole(TEXTS.chinese!));
    const dotted = Array.from({ length: 300 }, (_, i) => `w${LETTERS.slice(i % 20, (i % 20) + 5)}`).join('.');
    expect(countInPieces(dotted, whole, { maxRun: 64 })).toBe(whole(dotted));
  });

  it('is within one token per cut on a whitespace-free run', () => {
    const text = randomLetters(8192);
    const cuts = [...pieces(text)].length - 1;
    expect(cuts).toBeGreaterThanOrEqual(8192 / MAX_RUN - 1);
    expect(Math.abs(tok.count(text) - whole(text))).toBeLessThanOrEqual(cuts);
  });

  it('takes time linear in the length of degenerate text', () => {
    const time = (text: string) => {
      const t0 = performance.now();
      tok.count(text);
      return performance.now() - t0;
    };
    const n = 64 * 1024;
    for (const make of [randomLetters, (k: number) => '!?'.repeat(k / 2), (k: number) => '\n'.repeat(k)]) {
      time(make(n / 4)); // JIT warm-up of this kind of text's path
      // Interleaved, best of five: a busy machine slows both sizes alike (mostly).
      let small = Infinity;
      let big = Infinity;
      for (let i = 0; i < 5; i++) {
        small = Math.min(small, time(make(n)));
        big = Math.min(big, time(make(4 * n)));
      }
      // Linear is 4×, quadratic 16×; 8× leaves a loaded CI machine its noise (a 6.2× was seen there) and still
      // tells the two apart (the floor: cached pre-tokens make a few ms, where timer noise rules).
      expect(big, `${JSON.stringify(make(8))}: ${small.toFixed(1)} ms → ${big.toFixed(1)} ms`).toBeLessThan(8 * Math.max(small, 5));
    }
  });
});
