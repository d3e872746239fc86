import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getTokenizer } from '../../runtime/tokenizers/index.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('getTokenizer', () => {
  it('defaults to o200k_base and caches per process', () => {
    const t = getTokenizer(undefined, root);
    expect(t.name).toBe('o200k_base');
    expect(getTokenizer('default', '/')).toBe(t);
    const ids = t.encode('Hello world');
    expect(ids).toEqual([13225, 2375]);
    expect(t.decode(ids)).toBe('Hello world');
    expect(t.count('Hello world')).toBe(2);
  });

  it('treats special-token strings in text as plain text', () => {
    const t = getTokenizer('default', root);
    const text = 'a <|endoftext|> b';
    expect(t.decode(t.encode(text))).toBe(text);
    expect(t.count(text)).toBeGreaterThan(3);
  });

  it('offers the other built-in encodings by name', () => {
    const t = getTokenizer('cl100k_base', root);
    expect(t.name).toBe('cl100k_base');
    expect(t.encode('Hello world')).toEqual([9906, 1917]);
  });

  it('names the spec when a tokenizer.json is missing or broken', () => {
    expect(() => getTokenizer('./nope/tokenizer.json', root)).toThrow(/tokenizer "\.\/nope\/tokenizer\.json": cannot read .*ENOENT/);
    expect(() => getTokenizer('package.json', root)).toThrow(/tokenizer "package\.json": .* not a usable tokenizer\.json/);
  });
});

describe('HuggingFace tokenizer.json', () => {
  const spec = 'test/fixtures/tokenizers/bpe-small';

  it('loads a directory or the file itself, once', () => {
    const t = getTokenizer(spec, root);
    expect(t.name).toBe(spec);
    expect(getTokenizer(path.join(root, spec, 'tokenizer.json'), '/')).toBe(t);
  });

  it('round-trips text without adding special tokens', () => {
    const t = getTokenizer(spec, root);
    const text = 'The morning market opens before the sun. Zebras 123 cafe!';
    const ids = t.encode(text);
    expect(t.decode(ids)).toBe(text);
    expect(t.count(text)).toBe(ids.length);
    // 600 merges learned from our corpus: common words are single tokens.
    expect(t.count(' the')).toBe(1);
    expect(ids.length).toBeLessThan(text.length);
    expect(t.count('')).toBe(0);
  });
});

describe('count', () => {
  it('equals encode().length for built-in encodings, special-token text included', () => {
    const t = getTokenizer('default', root);
    for (const text of ['', ' ', 'a <|endoftext|> b <|im_start|>', 'Hello,   world!\n\n  Tabs\tand ünïcödé 日本語 🎉 1234567', 'x'.repeat(5000)]) {
      expect(t.count(text)).toBe(t.encode(text).length);
    }
  });
});
