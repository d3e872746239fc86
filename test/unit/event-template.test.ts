import { afterEach, describe, expect, it, vi } from 'vitest';
import { ResponseAccumulator } from '../../plugins/endpoints/openai/accumulator.js';
import { EventTemplate } from '../../runtime/llm/event-template.js';
import type { LlmInterpreter } from '../../runtime/llm/protocol.js';
import { ResponseReader } from '../../runtime/llm/response-reader.js';

/**
 * Events that differ in their text alone skip JSON.parse (runtime/llm/event-template.ts). The reading must be
 * exactly the parsed one's: every stream here is read twice, with OpenAI's interpreter and with the same
 * interpreter without textSlot (every event parsed), and the results compared field by field.
 */

const enc = new TextEncoder();
const head = '{"id":"chatcmpl-7","object":"chat.completion.chunk","created":1796344311,"model":"m","choices":[{"index":0,"delta":{"content":';
const tail = '},"logprobs":null,"finish_reason":null,"token_ids":null}]}';
/** A vLLM content chunk as its bytes go out: `raw` is the JSON string literal exactly as the server wrote it. */
const rawChunk = (literal: string) => `data: ${head}${literal}${tail}\n\n`;
const chunk = (content: string) => rawChunk(JSON.stringify(content));

/** The interpreter without its textSlot: the reader then parses every event. */
function parsedOnly(): LlmInterpreter {
  const acc = new ResponseAccumulator();
  return new Proxy(acc, { get: (t, k) => (k === 'textSlot' ? undefined : Reflect.get(t, k, t)) });
}

/** Reads `body` split at `cuts` (offsets), each read 1 ms after the last; the result's fields that a request's numbers come from. */
function read(interp: LlmInterpreter, body: string, cuts: number[]) {
  const r = new ResponseReader(interp);
  r.headers(200, 'text/event-stream');
  const bytes = enc.encode(body);
  let at = 0;
  let t = 0;
  for (const c of [...cuts.filter((x) => x > 0 && x < bytes.length).sort((a, b) => a - b), bytes.length]) {
    r.data(bytes.subarray(at, c), ++t);
    at = c;
  }
  const out = r.end(++t);
  const i = out.interp;
  return {
    text: i.text,
    reasoning: i.reasoning,
    tools: i.toolCalls,
    finish: i.finishReason,
    usage: i.usage,
    times: out.contentTimes,
    first: out.firstAnswer,
    done: out.done,
    error: out.error,
  };
}

/** A deterministic generator (xorshift), so that a failure names its seed. */
function rng(seed: number) {
  let x = seed || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const TOKENS = [' the', 'a', ' é', '😀', '"', '\\', '\n', '\u0001', ' a "quoted" word', 'twelve chars', 'thirteen char', 'm', '', ' ', '\u2028', 'x\\"y'];
const ODD = [
  rawChunk('"\\u00e9t\\u00e9"'), // the server escapes what JSON.stringify would not
  rawChunk('"a\\/b"'),
  `data: ${head}"a","content":"b"${tail}\n\n`, // a repeated key: the last wins
  `data: ${head.replace('"model":"m"', '"model":"late"')}"late"${tail}\n\n`, // the text also appears elsewhere in the event
  `data: ${head}"x"${tail.replace('"finish_reason":null', '"finish_reason":"stop"')}\n\n`,
  `data: ${JSON.stringify({ id: 'chatcmpl-7', choices: [{ index: 0, delta: { reasoning_content: 'think' }, finish_reason: null }] })}\n\n`,
  `data: ${JSON.stringify({ id: 'chatcmpl-7', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 't', type: 'function', function: { name: 'f', arguments: '{}' } }] } }] })}\n\n`,
  `data: ${JSON.stringify({ id: 'chatcmpl-7', choices: [], usage: { prompt_tokens: 3, completion_tokens: 9, total_tokens: 12 } })}\n\n`,
  `data: ${head.replace('"index":0', '"index":1')}"second choice"${tail}\n\n`,
  `data: ${head} "spaced" ${tail}\n\n`,
  `data: ${head}"\u0007raw control"${tail}\n\n`, // not JSON: malformed_event either way
  ': a comment\n\n',
];

describe('events that differ in their text alone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('read exactly as when every event is parsed: 300 random vLLM-shaped streams, odd events and splits included', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rand = rng(seed);
      const parts = ['data: {"id":"chatcmpl-7","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}\n\n'];
      const n = 5 + Math.floor(rand() * 40);
      for (let i = 0; i < n; i++) {
        const r = rand();
        if (r < 0.85) parts.push(chunk(TOKENS[Math.floor(rand() * TOKENS.length)]!));
        else parts.push(ODD[Math.floor(rand() * ODD.length)]!);
      }
      if (rand() < 0.8) parts.push('data: [DONE]\n\n');
      const body = parts.join('');
      const cuts = Array.from({ length: Math.floor(rand() * 8) }, () => Math.floor(rand() * body.length));
      expect(read(new ResponseAccumulator(), body, cuts), `seed ${seed}`).toEqual(read(parsedOnly(), body, cuts));
    }
  });

  it('a vLLM stream parses its first content event and few others', () => {
    const parse = vi.spyOn(JSON, 'parse');
    const body = [chunk(''), ...Array.from({ length: 100 }, (_, i) => chunk(` w${i}`)), chunk('"'), chunk(' after'), 'data: [DONE]\n\n'].join('');
    const got = read(new ResponseAccumulator(), body, []);
    expect(got.text).toBe(`${Array.from({ length: 100 }, (_, i) => ` w${i}`).join('')}" after`);
    expect(got.times).toHaveLength(102);
    // The role chunk, the first content chunk and its probe, and the quote (its text needs unescaping).
    expect(parse.mock.calls.length).toBe(4);
  });
});

describe('EventTemplate', () => {
  const slotOf = (o: Record<string, unknown>) => new ResponseAccumulator().textSlot(o);
  const learned = (data: string) => {
    const t = new EventTemplate(slotOf);
    t.offer(data, JSON.parse(data) as Record<string, unknown>);
    return t;
  };
  const event = (literal: string) => `${head}${literal}${tail}`;

  it('hands back the learned object with the new text for events that differ only there', () => {
    const t = learned(event('" the"'));
    const o = t.match(event('" cat"')) as { choices: { delta: { content: string } }[] };
    expect(o.choices[0]!.delta.content).toBe(' cat');
    expect(t.match(event('""'))).toBeDefined();
    expect(t.wants()).toBe(false);
  });

  it('parses what needs parsing: escapes, quotes, control characters, texts over 12 characters, another shape', () => {
    const t = learned(event('" the"'));
    for (const literal of ['"a\\"b"', '"\\u00e9"', '"a\\\\"', `"${'x'.repeat(13)}"`]) expect(t.match(event(literal))).toBeUndefined();
    expect(t.match(event('"\u0007"'))).toBeUndefined();
    expect(t.wants()).toBe(false);
    expect(t.match(event('"x"').replace('"finish_reason":null', '"finish_reason":"stop"'))).toBeUndefined();
    expect(t.wants()).toBe(true);
  });

  it('learns nothing when the text also stands elsewhere in the event; with a repeated key, the slot is the one JSON.parse keeps', () => {
    expect(learned(event('"m"')).match(event('"x"'))).toBeUndefined();
    const repeated = `${head}"a","content":"c"${tail}`;
    const o = learned(`${head}"a","content":"b"${tail}`).match(repeated);
    expect(o).toEqual(JSON.parse(repeated));
  });

  it('gives up learning after a few events that do not fit', () => {
    const t = new EventTemplate(slotOf);
    for (let i = 0; i < 10; i++) {
      const data = event('"m"');
      t.offer(data, JSON.parse(data) as Record<string, unknown>);
    }
    expect(t.wants()).toBe(false);
  });
});
