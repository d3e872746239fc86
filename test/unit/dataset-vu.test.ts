import { afterEach, describe, expect, it } from 'vitest';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';
import { getTokenizer } from '../../runtime/tokenizers/index.js';

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});

const messages = (x: Harness) => x.logs.map((l) => l.message);

describe('llmload/data workloads inside VUs', () => {
  it('builds prompt sets and datasets once, shares them and their next() counters across VUs', async () => {
    h = await harness({
      source: `
import { Prompts, Dataset, tokenizer, chatRequest, HashIdPrompts, sampleLengths } from 'llmload/data';
const blocks = new HashIdPrompts({ blockSize: 512 });
const tok = tokenizer();
const prompts = new Prompts('p', { count: 4, input: 64, output: { dist: 'uniform', min: 5, max: 9 }, ignoreEos: true, salt: { tokens: 4 }, seed: 7 });
const sg = new Dataset('sg', { file: 'scripts/data/sharegpt-sample.json' });
const jl = new Dataset('jl', { file: 'test/fixtures/workloads/prompts.jsonl', countTokens: true });
const csv = new Dataset('csv', { file: 'test/fixtures/workloads/questions.csv', field: 'question', output: 20 });
console.log('init', tok.name, prompts.length, sg.length, jl.length, csv.length);
export default function () {
  const p = prompts.next();
  console.log(JSON.stringify({ vu: __VU, i: p.index, n: p.input_tokens, real: tok.count(p.prompt), max: p.max_tokens, eos: p.ignore_eos, chat: chatRequest(p).messages[0].content === p.prompt, salt: p.prompt.split(' ').slice(0, 4).join(' ') }));
}
export function data() {
  const s = sg.get(0);
  console.log(JSON.stringify({ turns: s.turns.length, replies: s.reply_tokens, max: s.max_tokens, in: s.input_tokens, ids: sg.map ? 1 : 0 }));
  console.log(JSON.stringify([...jl].map((r) => [r.prompt ?? null, r.input_tokens ?? null, r.max_tokens ?? null, r.messages ? r.messages.length : 0])));
  console.log(JSON.stringify([...csv].map((r) => [r.prompt, r.topic, r.max_tokens])));
  const a = blocks.prompt([1, 2], 700);
  const b = blocks.prompt([1, 3], 600);
  console.log(JSON.stringify({ a: tok.count(a), b: tok.count(b), shared: a.slice(0, 1000) === b.slice(0, 1000), lens: sampleLengths(10, 3) }));
}
`,
    });
    await h.factory.readExports();
    const vus = [await h.factory.createVu(1), await h.factory.createVu(2)];
    for (let k = 0; k < 3; k++) for (const vu of vus) expect(await vu.iterate(info(k), undefined)).toEqual({ status: 'ok' });
    const msgs = messages(h);
    // Built once (probe VU), then the same set in every VU.
    expect(msgs.filter((m) => m.startsWith('init'))).toEqual(['init o200k_base 4 11 3 3', 'init o200k_base 4 11 3 3', 'init o200k_base 4 11 3 3']);
    const its = msgs.filter((m) => m.startsWith('{')).map((m) => JSON.parse(m) as Record<string, unknown>);
    expect(its.map((x) => x.i)).toEqual([0, 1, 2, 3, 0, 1]);
    for (const x of its) expect(x).toMatchObject({ n: 64, real: 64, eos: true, chat: true });
    // Salts are unique per request, even where the prompt index repeats.
    expect(new Set(its.map((x) => x.salt)).size).toBe(6);

    expect(await vus[0]!.iterate(info(9, 'data'), undefined)).toEqual({ status: 'ok' });
    const [sg, jl, csv, hp] = messages(h)
      .slice(-4)
      .map((m) => JSON.parse(m));
    const tok = getTokenizer(undefined, '.');
    expect(sg).toMatchObject({ turns: 3, replies: [expect.any(Number), expect.any(Number), expect.any(Number)] });
    expect(sg.max).toBe(sg.replies[0]);
    expect(jl).toEqual([
      ['Name three rivers in Europe.', tok.count('Name three rivers in Europe.'), 32, 0],
      ['Explain how a bicycle gear works.', tok.count('Explain how a bicycle gear works.'), null, 0],
      [null, null, null, 2],
    ]);
    expect(csv).toEqual([
      ['How do bees find flowers?', 'nature', 20],
      ['Why does bread rise, and what does salt do?', 'cooking', 20],
      ['What is a percentile?', 'stats', 20],
    ]);
    expect(hp).toEqual({ a: 700, b: 600, shared: true, lens: [10, 10, 10] });
  });

  it('reports bad options and bad files as init errors that name them', async () => {
    const cases: Array<[string, RegExp]> = [
      [`new Prompts('x', { input: { dist: 'normal', mean: 10 } })`, /Prompts "x": input: "stddev" must be a number ≥ 0, got undefined/],
      [`new Prompts('x', { input: 10, colour: 1 })`, /Prompts "x": unknown option "colour"/],
      [
        `new Prompts('x', { input: 5, prefix: { tokens: 8 } })`,
        /Prompts "x": an input length of 5 tokens is shorter than prefix \+ salt: 8 tokens; raise the input length/,
      ],
      [`new Dataset('d', { file: 'test/fixtures/workloads/bad-line.jsonl' })`, /test\/fixtures\/workloads\/bad-line\.jsonl:2: not valid JSON/],
      [`new Dataset('d', { file: 'nope.json' })`, /Dataset "d": cannot read .*nope\.json \(ENOENT\)/],
      [`new Dataset('d', { file: 'test/fixtures/workloads/questions.csv' })`, /has no "prompt" or "text" column; columns: id, question, topic/],
    ];
    for (const [code, re] of cases) {
      h = await harness({ source: `import { Prompts, Dataset } from 'llmload/data';\n${code};\nexport default function () {}` });
      await expect(h.factory.readExports()).rejects.toThrow(re);
      h.factory.dispose();
      h = undefined;
    }
  });
});

describe('Conversation', () => {
  it('keeps a history per VU, trims whole exchanges and draws seeded think times', async () => {
    h = await harness({
      source: `
import { Conversation } from 'llmload/data';
const perVu = new Conversation({ system: 'sys', maxTurns: 2, thinkTime: { min: 0.01, max: 0.02 }, seed: 3 });
export default async function () {
  const sent = perVu.user('q' + __ITER);
  perVu.assistant('a' + __ITER);
  const t0 = Date.now();
  await perVu.think();
  console.log(JSON.stringify({ vu: __VU, sent: sent.map((m) => m.role[0] + ':' + m.content), turns: perVu.turns, slept: Date.now() - t0 >= 9 }));
}
export function once() {
  const c = new Conversation({ thinkTime: 1.5 });
  console.log(JSON.stringify({ t: [c.thinkTime(), c.thinkTime()], hist: c.user('x').length, after: (c.reset(), c.messages.length) }));
  try { new Conversation({ thinkTim: 1 }); } catch (e) { console.log(String(e.message)); }
}
`,
    });
    await h.factory.readExports();
    const vus = [await h.factory.createVu(1), await h.factory.createVu(2)];
    for (let k = 0; k < 3; k++) expect(await vus[0]!.iterate(info(k), undefined)).toEqual({ status: 'ok' });
    expect(await vus[1]!.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(await vus[1]!.iterate(info(0, 'once'), undefined)).toEqual({ status: 'ok' });
    const logs = messages(h);
    expect(logs.slice(0, 4).map((m) => JSON.parse(m))).toEqual([
      { vu: 1, sent: ['s:sys', 'u:q0'], turns: 1, slept: true },
      { vu: 1, sent: ['s:sys', 'u:q0', 'a:a0', 'u:q1'], turns: 2, slept: true },
      { vu: 1, sent: ['s:sys', 'u:q1', 'a:a1', 'u:q2'], turns: 3, slept: true },
      { vu: 2, sent: ['s:sys', 'u:q0'], turns: 1, slept: true },
    ]);
    expect(JSON.parse(logs[4]!)).toEqual({ t: [1.5, 1.5], hist: 1, after: 0 });
    expect(logs[5]).toBe('Conversation: unknown option "thinkTim" (known: system, maxTurns, thinkTime, seed)');
  });
});
