import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { isLlmloadError } from '../../runtime/errors.js';
import { getTokenizer } from '../../runtime/tokenizers/index.js';
import { CORPUS_SENTENCES } from '../../runtime/workloads/sentence-bank.js';
import { PromptSet, readPromptSetOptions } from '../../runtime/workloads/prompt-set.js';
import {
  bpeWithChatTokens,
  flag,
  ints,
  spmFields,
  spmReference,
  str,
  strings,
  TEMPLATES,
  trainSpm,
  u32,
  writeGguf,
  type SpmVocab,
} from '../support/gguf-fixtures.js';

const root = path.resolve(import.meta.dirname, '../..');
const BPE_SMALL = path.join(root, 'test/fixtures/tokenizers/bpe-small');
const tmp = mkdtempSync(path.join(tmpdir(), 'llmload-gguf-'));

/** Texts the tokenizers must agree on: the corpus, and the awkward cases. */
const ODD = [
  '',
  ' ',
  "Hello,   world!\n\n  Tabs\tand ünïcödé 日本語 🎉 1234567 DON'T you'll",
  '<|eot_id|>inside<|start_header_id|> text <|im_start|>user\nhi<|im_end|>',
  ' leading space, trailing space ',
  'numbers 3.14159 and 2024-06-01, 100000000',
  'line one\r\nline two\n\n\n  indented',
];
const TEXTS = [...CORPUS_SENTENCES.slice(0, 60), CORPUS_SENTENCES.join(' '), ...ODD];

function bpeRef(dir: string): HfTokenizer {
  const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8'));
  const config = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8'));
  return new HfTokenizer(json, config);
}
const refIds = (ref: HfTokenizer, text: string): number[] => ref.encode(text, { add_special_tokens: false }).ids;

function promptSet(spec: string, name: string, options: Record<string, unknown>): PromptSet {
  const where = `Prompts "${name}"`;
  return new PromptSet(getTokenizer(spec, '/'), name, readPromptSetOptions(options, where), where);
}

function thrown(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (isLlmloadError(err)) return { code: err.code, message: err.message };
    return { code: 'not an LlmloadError', message: String(err) };
  }
  throw new Error('did not throw');
}

describe('a byte-level BPE GGUF (gpt2 model)', () => {
  const refDir = path.join(tmp, 'bpe-ref');
  const gguf = path.join(tmp, 'bpe', 'model.gguf');
  let ref: HfTokenizer;

  beforeAll(() => {
    mkdirSync(refDir, { recursive: true });
    mkdirSync(path.dirname(gguf), { recursive: true });
    const v = bpeWithChatTokens(BPE_SMALL, refDir, { clean_up_tokenization_spaces: false });
    ref = bpeRef(refDir);
    writeGguf(gguf, {
      'general.architecture': str('llama'),
      'tokenizer.ggml.model': str('gpt2'),
      'tokenizer.ggml.pre': str('gpt-2'),
      'tokenizer.ggml.tokens': strings(v.tokens),
      'tokenizer.ggml.token_type': ints(v.types),
      'tokenizer.ggml.merges': strings(v.merges),
      'tokenizer.ggml.bos_token_id': u32(v.tokens.indexOf('<|begin_of_text|>')),
      'tokenizer.ggml.eos_token_id': u32(v.tokens.indexOf('<|eot_id|>')),
      'tokenizer.chat_template': str(TEMPLATES.llama3),
    });
  });

  it('agrees with the tokenizer.json it was made from on every text, special tokens included', () => {
    const tok = getTokenizer(gguf, '/');
    expect(tok.name).toBe(gguf);
    expect(tok.source).toBe(gguf);
    for (const text of TEXTS) {
      const ids = refIds(ref, text);
      expect(tok.encode(text), JSON.stringify(text)).toEqual(ids);
      expect(tok.count(text)).toBe(ids.length);
    }
    // Ordinary text round-trips through decode.
    expect(tok.decode(tok.encode(CORPUS_SENTENCES[3]!))).toBe(CORPUS_SENTENCES[3]);
    // A chat token in text is one id.
    expect(tok.encode('<|eot_id|>')).toHaveLength(1);
  });

  it('is found in a model folder, and is loaded once per process', () => {
    const byDir = getTokenizer(path.dirname(gguf), '/');
    expect(byDir).toBe(getTokenizer(gguf, '/'));
    expect(byDir.chat).toMatchObject({ template: TEMPLATES.llama3, bosToken: '<|begin_of_text|>', eosToken: '<|eot_id|>', addBos: false });
  });

  it('splits text with the llama-bpe pre-tokenizer as the Llama 3 tokenizer.json does (and ignores merges for whole words)', () => {
    // The reference: Llama 3's tokenizer.json layout (its original regex, with (?i:...)) over the same vocabulary.
    const llamaRef = path.join(tmp, 'llama3-ref');
    mkdirSync(llamaRef, { recursive: true });
    // Merges the two splits treat differently: ".\n" is one pre-token for Llama 3, digits come in threes.
    const extra: Array<[string, string]> = [
      ['.', 'Ċ'],
      ['1', '2'],
      ['12', '3'],
    ];
    const v = bpeWithChatTokens(BPE_SMALL, llamaRef, { clean_up_tokenization_spaces: false }, extra);
    const gpt2 = bpeRef(llamaRef);
    const json = JSON.parse(readFileSync(path.join(llamaRef, 'tokenizer.json'), 'utf8'));
    json.pre_tokenizer = {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: {
            Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
          },
          behavior: 'Isolated',
          invert: false,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    };
    json.model.ignore_merges = true;
    const ref3 = new HfTokenizer(json, {});
    const file = path.join(tmp, 'llama3.gguf');
    writeGguf(file, {
      'tokenizer.ggml.model': str('gpt2'),
      'tokenizer.ggml.pre': str('llama-bpe'),
      'tokenizer.ggml.tokens': strings(v.tokens),
      'tokenizer.ggml.token_type': ints(v.types),
      'tokenizer.ggml.merges': strings(v.merges),
      'tokenizer.ggml.bos_token_id': u32(v.tokens.indexOf('<|begin_of_text|>')),
    });
    const tok = getTokenizer(file, '/');
    for (const text of TEXTS) expect(tok.encode(text), JSON.stringify(text)).toEqual(refIds(ref3, text));
    // The split matters: GPT-2's regex gives other ids for the same vocabulary.
    expect(tok.encode('41234').map((id) => tok.decode([id]))).toEqual(['4', '12', '3', '4']);
    expect(refIds(gpt2, '41234').map((id) => tok.decode([id]))).toEqual(['4', '123', '4']);
    expect(tok.encode('end.\nNext')).toHaveLength(refIds(gpt2, 'end.\nNext').length - 1);
    expect(tok.chat).toBeUndefined();
  });

  it('refuses what it cannot tokenize exactly, naming the file and what to give instead (exit 104)', () => {
    const unknownPre = path.join(tmp, 'odd-pre.gguf');
    writeGguf(unknownPre, {
      'tokenizer.ggml.model': str('gpt2'),
      'tokenizer.ggml.pre': str('martian'),
      'tokenizer.ggml.tokens': strings(['a']),
      'tokenizer.ggml.merges': strings([]),
    });
    expect(thrown(() => getTokenizer(unknownPre, '/'))).toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: expect.stringMatching(/pre-tokenizer "martian" is not one llmload knows .*llama-bpe.*give the model's tokenizer\.json instead/),
    });
    const bert = path.join(tmp, 'bert.gguf');
    writeGguf(bert, { 'tokenizer.ggml.model': str('bert'), 'tokenizer.ggml.tokens': strings(['a']) });
    expect(thrown(() => getTokenizer(bert, '/')).message).toMatch(/vocabulary type "bert" is not supported/);
    const notGguf = path.join(tmp, 'text.gguf');
    writeFileSync(notGguf, 'hello');
    expect(thrown(() => getTokenizer(notGguf, '/')).message).toMatch(/text\.gguf is not a readable GGUF file \(.*magic/);
    const two = path.join(tmp, 'two');
    mkdirSync(two);
    copyFileSync(gguf, path.join(two, 'a-Q4.gguf'));
    copyFileSync(gguf, path.join(two, 'a-Q8.gguf'));
    expect(thrown(() => getTokenizer(two, '/')).message).toMatch(/holds several GGUF files \(a-Q4\.gguf, a-Q8\.gguf\); name one/);
    const shards = path.join(tmp, 'shards');
    mkdirSync(shards);
    copyFileSync(gguf, path.join(shards, 'm-00001-of-00002.gguf'));
    copyFileSync(gguf, path.join(shards, 'm-00002-of-00002.gguf'));
    expect(getTokenizer(shards, '/').source).toBe(path.join(shards, 'm-00001-of-00002.gguf'));
  });
});

describe('a SentencePiece GGUF (llama model)', () => {
  let v: SpmVocab;
  const file = path.join(tmp, 'spm.gguf');
  beforeAll(() => {
    v = trainSpm(400);
    writeGguf(file, spmFields(v, { 'tokenizer.chat_template': str(TEMPLATES.inst) }));
  });

  it("tokenizes as llama.cpp's SentencePiece algorithm does: scores, ▁ prefix after special tokens, byte fallback", () => {
    const tok = getTokenizer(file, '/');
    expect(tok.prefixesSpace).toBe(true);
    // Not the whole corpus in one text: the reference is quadratic.
    for (const text of [...CORPUS_SENTENCES, ...ODD, '<s>[INST] Hi [/INST]', '</s> x', '<s>  two spaces']) {
      const ids = spmReference(v, text);
      expect(tok.encode(text), JSON.stringify(text)).toEqual(ids);
      expect(tok.count(text)).toBe(ids.length);
    }
    // Characters outside the vocabulary become their UTF-8 bytes.
    expect(tok.encode('日').map((id) => v.tokens[id])).toEqual(['▁', '<0xE6>', '<0x97>', '<0xA5>']);
    expect(tok.decode(tok.encode(CORPUS_SENTENCES[5]!))).toBe(CORPUS_SENTENCES[5]);
  });

  it('add_space_prefix false: no ▁ in front', () => {
    const noPrefix = path.join(tmp, 'spm-noprefix.gguf');
    writeGguf(noPrefix, spmFields(v, { 'tokenizer.ggml.add_space_prefix': flag(false) }));
    const tok = getTokenizer(noPrefix, '/');
    expect(
      tok
        .encode('the cat')
        .map((id) => v.tokens[id])
        .join('|'),
    ).not.toMatch(/^▁/);
    expect(tok.prefixesSpace).toBeUndefined();
  });

  it('synthesizes exact prompts with it (with prefixes and salts too)', () => {
    const tok = getTokenizer(file, '/');
    const set = promptSet(file, 'spm-plain', { count: 4, input: { dist: 'uniform', min: 40, max: 300 }, prefix: { tokens: 20 }, salt: true });
    for (let i = 0; i < set.length; i++) {
      for (const request of [i, 500 + i]) {
        const p = set.get(i, request);
        expect(spmReference(v, p.prompt)).toHaveLength(p.input_tokens);
        expect(tok.count(p.prompt)).toBe(p.input_tokens);
      }
    }
  });
});

/** What a server counts for one user message: the template rendered, tokenized with specials, BOS once. */
function serverCount(template: string, content: string, bos: string, addBos: boolean, encode: (t: string) => number[]): number {
  const text = new Template(template).render({ messages: [{ role: 'user', content }], add_generation_prompt: true, bos_token: bos, eos_token: '' });
  return encode(text).length + (addBos && !text.startsWith(bos) ? 1 : 0);
}

describe('prompts of exact length after the chat template (countTemplate)', () => {
  const NS = [24, 77, 128, 600];

  it.each(['llama3', 'chatml'] as const)('BPE GGUF with a %s template: every prompt makes exactly N tokens under the reference tokenizer', (name) => {
    const dir = path.join(tmp, `tpl-${name}`);
    mkdirSync(dir, { recursive: true });
    const v = bpeWithChatTokens(BPE_SMALL, dir, { clean_up_tokenization_spaces: false });
    const ref = bpeRef(dir);
    const file = path.join(dir, 'model.gguf');
    writeGguf(file, {
      'tokenizer.ggml.model': str('gpt2'),
      'tokenizer.ggml.pre': str('gpt-2'),
      'tokenizer.ggml.tokens': strings(v.tokens),
      'tokenizer.ggml.token_type': ints(v.types),
      'tokenizer.ggml.merges': strings(v.merges),
      'tokenizer.ggml.bos_token_id': u32(v.tokens.indexOf('<|begin_of_text|>')),
      // ChatML has no BOS in its text: with add_bos the server puts one in front.
      'tokenizer.ggml.add_bos_token': flag(name === 'chatml'),
      'tokenizer.chat_template': str(TEMPLATES[name]),
    });
    for (const n of NS) {
      const set = promptSet(file, `${name}-${n}`, {
        count: 5,
        input: n,
        seed: n,
        ...(n === 600 ? { prefix: { tokens: 100 }, salt: true } : {}),
        countTemplate: true,
      });
      for (let i = 0; i < set.length; i++) {
        const p = set.get(i, i + 7);
        expect(p.input_tokens).toBe(n);
        expect(serverCount(TEMPLATES[name], p.prompt, '<|begin_of_text|>', name === 'chatml', (t) => refIds(ref, t))).toBe(n);
        // The text alone is shorter by the template's tokens.
        expect(ref.encode(p.prompt, { add_special_tokens: false }).ids.length).toBeLessThan(n - 5);
      }
    }
  });

  it.each(['inst', 'chatml'] as const)('SentencePiece GGUF with a %s template: exactly N under llama.cpp SentencePiece', (name) => {
    const v = trainSpm(400);
    const file = path.join(tmp, `spm-${name}.gguf`);
    writeGguf(file, spmFields(v, { 'tokenizer.chat_template': str(TEMPLATES[name]) }));
    for (const n of NS) {
      const set = promptSet(file, `spm-${name}-${n}`, { count: 4, input: n, seed: 1, countTemplate: true });
      for (let i = 0; i < set.length; i++) {
        expect(serverCount(TEMPLATES[name], set.get(i).prompt, '<s>', true, (t) => spmReference(v, t))).toBe(n);
      }
    }
  });

  it('reads the template of a tokenizer.json from tokenizer_config.json or chat_template.jinja', () => {
    const a = path.join(tmp, 'cfg-template');
    mkdirSync(a, { recursive: true });
    bpeWithChatTokens(BPE_SMALL, a, { chat_template: TEMPLATES.chatml, bos_token: { content: '<|begin_of_text|>' }, eos_token: '<|im_end|>' });
    const b = path.join(tmp, 'jinja-template');
    mkdirSync(b, { recursive: true });
    bpeWithChatTokens(BPE_SMALL, b, { bos_token: '<|begin_of_text|>' });
    writeFileSync(path.join(b, 'chat_template.jinja'), TEMPLATES.llama3);
    for (const [dir, name] of [
      [a, 'chatml'],
      [b, 'llama3'],
    ] as const) {
      const ref = bpeRef(dir);
      expect(getTokenizer(dir, '/').chat?.template).toBe(TEMPLATES[name]);
      const set = promptSet(dir, `json-${name}`, { count: 3, input: 90, countTemplate: true });
      for (let i = 0; i < set.length; i++) expect(serverCount(TEMPLATES[name], set.get(i).prompt, '<|begin_of_text|>', false, (t) => refIds(ref, t))).toBe(90);
    }
  });

  it('says what is missing: no template, or an input shorter than the template (exit 104)', () => {
    expect(thrown(() => promptSet('default', 'no-tpl', { input: 50, countTemplate: true }))).toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: expect.stringMatching(/Prompts "no-tpl": tokenizer "o200k_base" has no chat template; give the model's tokenizer\.json/),
    });
    const dir = path.join(tmp, 'tpl-llama3');
    expect(thrown(() => promptSet(path.join(dir, 'model.gguf'), 'short', { input: 10, countTemplate: true })).message).toMatch(
      /an input length of 10 tokens is shorter than the chat template \(\d+\) \+ prefix \+ salt \(0\)/,
    );
    expect(thrown(() => promptSet('default', 'bad', { input: 10, countTemplate: 'yes' })).message).toMatch(/"countTemplate" must be true or false/);
  });
});
