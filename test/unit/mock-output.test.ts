import { describe, expect, it } from 'vitest';
import { HttpError, parseGenerationRequest } from '../../runtime/mock/openai-request.js';
import { resolveMockOptions } from '../../runtime/mock/options.js';
import { planRequest } from '../../runtime/mock/plan.js';
import { buildVocabulary } from '../../runtime/mock/vocabulary.js';
import { Random } from '../../runtime/random.js';
import { getTokenizer } from '../../runtime/tokenizers/index.js';

const chat = (extra: Record<string, unknown> = {}) => parseGenerationRequest('chat', { messages: [{ role: 'user', content: 'Hi' }], ...extra });

describe('mock output tokens', () => {
  it('every word is one token of the default tokenizer, and any run of them re-tokenises to one token per word', () => {
    const tok = getTokenizer(undefined, process.cwd());
    const vocab = buildVocabulary(tok);
    expect(vocab.exact).toBe(true);
    expect(vocab.tokens.length).toBeGreaterThan(300);
    const rng = new Random(3);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(300);
      let text = '';
      for (let i = 0; i < n; i++) text += vocab.tokens[rng.int(vocab.tokens.length)];
      expect(tok.count(text)).toBe(n);
    }
  });

  it('keeps exactness for cl100k_base too', () => {
    expect(buildVocabulary(getTokenizer('cl100k_base', process.cwd())).exact).toBe(true);
  });
});

describe('mock request plan', () => {
  const opts = resolveMockOptions({ 'output-tokens': 'uniform:50,150', seed: 1 });
  const plans = (req: ReturnType<typeof chat>, n = 2000, o = opts) => Array.from({ length: n }, (_, i) => planRequest(req, o, new Random(`s:${i}`)));

  it('without limits: length from output-tokens, finish_reason "stop"', () => {
    const ps = plans(chat());
    expect(Math.min(...ps.map((p) => p.outputTokens))).toBe(50);
    expect(Math.max(...ps.map((p) => p.outputTokens))).toBe(150);
    expect(new Set(ps.map((p) => p.finishReason))).toEqual(new Set(['stop']));
  });

  it('max_tokens caps the length with finish_reason "length"; shorter answers stop', () => {
    const ps = plans(chat({ max_tokens: 100 }));
    expect(Math.max(...ps.map((p) => p.outputTokens))).toBe(100);
    for (const p of ps) expect(p.finishReason).toBe(p.outputTokens === 100 ? 'length' : 'stop');
    expect(ps.some((p) => p.finishReason === 'stop')).toBe(true);
    // max_completion_tokens (the newer chat name) wins over max_tokens.
    expect(plans(chat({ max_tokens: 100, max_completion_tokens: 10 }), 50).every((p) => p.outputTokens === 10)).toBe(true);
  });

  it('ignore_eos with max_tokens gives exactly max_tokens; min_tokens raises short answers', () => {
    expect(plans(chat({ max_tokens: 300, ignore_eos: true }), 200).every((p) => p.outputTokens === 300 && p.finishReason === 'length')).toBe(true);
    expect(Math.min(...plans(chat({ min_tokens: 120 })).map((p) => p.outputTokens))).toBe(120);
  });

  it('reasoning tokens come out of the same budget; enable_thinking false turns them off', () => {
    const o = resolveMockOptions({ 'reasoning-tokens': 30, 'output-tokens': 20 });
    expect(plans(chat(), 10, o).every((p) => p.reasoningTokens === 20 && p.outputTokens === 20)).toBe(true);
    const o2 = resolveMockOptions({ 'reasoning-tokens': 5, 'output-tokens': 20 });
    expect(plans(chat(), 10, o2).every((p) => p.reasoningTokens === 5)).toBe(true);
    expect(plans(chat({ chat_template_kwargs: { enable_thinking: false } }), 10, o2).every((p) => p.reasoningTokens === 0)).toBe(true);
  });

  it('offered tools give finish_reason "tool_calls" (not with tool_choice "none")', () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: {} } }];
    const req = chat({ tools });
    expect(req.toolName).toBe('lookup');
    expect(plans(req, 20).every((p) => p.finishReason === 'tool_calls')).toBe(true);
    expect(chat({ tools, tool_choice: 'none' }).toolName).toBeUndefined();
    expect(chat({ tools, tool_choice: { type: 'function', function: { name: 'other' } } }).toolName).toBe('other');
  });

  it('stream and disconnect errors strike strictly inside the answer', () => {
    const o = resolveMockOptions({ errors: 'stream:0.5,disconnect:0.5', 'output-tokens': 'uniform:2,40' });
    for (const p of plans(chat({ stream: true }), 500, o)) {
      expect(p.error).toBeDefined();
      expect(p.errorAfter).toBeGreaterThanOrEqual(1);
      expect(p.errorAfter).toBeLessThan(p.outputTokens);
    }
  });

  it('is a pure function of the request and its generator seed', () => {
    const a = plans(chat({ stream: true }), 20);
    const b = plans(chat({ stream: true }), 20);
    expect(a).toEqual(b);
  });
});

describe('mock request parsing', () => {
  it('counts chat text parts and completions token-id prompts', () => {
    const r = parseGenerationRequest('chat', {
      messages: [
        { role: 'system', content: 'A' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'B' },
            { type: 'image_url', image_url: {} },
          ],
        },
      ],
    });
    expect(r.prompt).toBe('AB');
    expect(parseGenerationRequest('completions', { prompt: [1, 2, 3] }).prompt).toBe(3);
    expect(parseGenerationRequest('completions', { prompt: ['one'] }).prompt).toBe('one');
    expect(
      parseGenerationRequest('chat', { messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } }).includeUsage,
    ).toBe(true);
  });

  it.each([
    [{ messages: [] }, /messages must be a non-empty array/],
    [{ messages: [{ content: 'x' }] }, /needs a role/],
    [{ messages: [{ role: 'user', content: 'x' }], max_tokens: 0 }, /max_tokens must be a positive integer/],
    [{ messages: [{ role: 'user', content: 'x' }], n: 2 }, /n=1 only/],
    [{ messages: [{ role: 'user', content: 'x' }], min_tokens: -1 }, /min_tokens/],
  ])('rejects %j with a 400', (body, message) => {
    let err: unknown;
    try {
      parseGenerationRequest('chat', body);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).status).toBe(400);
    expect((err as HttpError).message).toMatch(message);
  });
});
