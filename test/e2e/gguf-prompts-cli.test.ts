import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Template } from '@huggingface/jinja';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { bpeWithChatTokens, flag, ints, str, strings, TEMPLATES, u32, writeGguf } from '../support/gguf-fixtures.js';

/**
 * The real CLI: a script next to a GGUF model file names it by a relative
 * path, loads it as a tokenizer and builds Prompts of exact length after the
 * GGUF's chat template. The prompts are checked against the tokenizer.json
 * the GGUF was made from, with the template rendered here.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-gguf-e2e-'));
let ref: HfTokenizer;

const SCRIPT = `
import { Prompts, tokenizer } from 'llmload/data';
const tok = tokenizer('./model/llama.gguf');
const prompts = new Prompts('p', { count: 4, input: Number(__ENV.N), countTemplate: true, tokenizer: './model' });
const all = [...prompts];
export const options = { iterations: 1 };
export default function () {}
export function handleSummary() {
  return { [__ENV.OUT]: JSON.stringify({ name: tok.name, probe: tok.count('<|eot_id|>'), prompts: all }) };
}
`;

beforeAll(() => {
  const refDir = path.join(dir, 'ref');
  mkdirSync(refDir);
  mkdirSync(path.join(dir, 'model'));
  const v = bpeWithChatTokens(path.join(root, 'test/fixtures/tokenizers/bpe-small'), refDir, {});
  ref = new HfTokenizer(JSON.parse(readFileSync(path.join(refDir, 'tokenizer.json'), 'utf8')), {});
  writeGguf(path.join(dir, 'model', 'llama.gguf'), {
    'tokenizer.ggml.model': str('gpt2'),
    'tokenizer.ggml.pre': str('llama-bpe'),
    'tokenizer.ggml.tokens': strings(v.tokens),
    'tokenizer.ggml.token_type': ints(v.types),
    'tokenizer.ggml.merges': strings(v.merges),
    'tokenizer.ggml.bos_token_id': u32(v.tokens.indexOf('<|begin_of_text|>')),
    'tokenizer.ggml.add_bos_token': flag(true),
    'tokenizer.chat_template': str(TEMPLATES.llama3),
  });
  writeFileSync(path.join(dir, 'script.ts'), SCRIPT);
});

describe('a GGUF tokenizer and countTemplate through the CLI', () => {
  it.each([48, 300])('Prompts of %i tokens after the Llama-3-style template of the GGUF', async (n) => {
    const out = path.join(dir, `out-${n}.json`);
    const r = await runCli(['run', '-q', '-e', `N=${n}`, '-e', `OUT=${out}`, path.join(dir, 'script.ts')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const got = JSON.parse(readFileSync(out, 'utf8')) as { name: string; probe: number; prompts: Array<{ prompt: string; input_tokens: number }> };
    expect(got.name).toBe('./model/llama.gguf');
    expect(got.probe).toBe(1);
    expect(got.prompts).toHaveLength(4);
    const template = new Template(TEMPLATES.llama3);
    for (const p of got.prompts) {
      expect(p.input_tokens).toBe(n);
      const text = template.render({ messages: [{ role: 'user', content: p.prompt }], add_generation_prompt: true, bos_token: '<|begin_of_text|>' });
      // As llama.cpp counts it: the rendered text with its BOS, tokenized with special tokens.
      expect(text.startsWith('<|begin_of_text|>')).toBe(true);
      expect(ref.encode(text, { add_special_tokens: false }).ids).toHaveLength(n);
    }
  });
});
