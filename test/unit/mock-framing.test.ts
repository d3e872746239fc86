import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { ResponseAccumulator } from '../../plugins/endpoints/openai/accumulator.js';
import { FRAMINGS } from '../../runtime/mock/framing.js';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';

let servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function mock(opts: Record<string, unknown>): Promise<MockServer> {
  const s = await startMockServer(opts);
  servers.push(s);
  return s;
}

async function post(base: string, body: unknown): Promise<string> {
  const res = await request(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return res.body.text();
}

const messages = [{ role: 'user', content: 'Name three rivers.' }];
/** The answers each golden stream holds, in order: every way a stream can begin, carry tokens and end. */
const CASES: { name: string; server: Record<string, unknown>; body: Record<string, unknown> }[] = [
  {
    name: 'reasoning, then answer, ending at max_tokens; usage on every chunk',
    server: { 'reasoning-tokens': 2 },
    body: { messages, stream: true, max_tokens: 4, ignore_eos: true, stream_options: { include_usage: true, continuous_usage_stats: true } },
  },
  {
    name: 'an answer ending at end-of-sequence, with the usage chunk',
    server: {},
    body: { messages, stream: true, chat_template_kwargs: { enable_thinking: false }, stream_options: { include_usage: true } },
  },
  {
    name: 'a tool call',
    server: {},
    body: { messages, stream: true, tools: [{ type: 'function', function: { name: 'lookup' } }], stream_options: { include_usage: true } },
  },
  { name: 'an error mid-stream', server: { errors: 'stream:1' }, body: { messages, stream: true } },
];
const FIXED = { seed: 7, created: 1700000000, model: 'golden', ttft: 1, itl: 0, 'output-tokens': 3 };

/** One framing's answers to CASES, each from a fresh server (its ids count from 0), after a comment line naming it. */
async function goldenStream(framing: string): Promise<string> {
  let out = '';
  for (const c of CASES) {
    const m = await mock({ ...FIXED, ...c.server, framing });
    out += `: ${c.name}\n\n${await post(m.url, { model: 'golden', ...c.body })}`;
  }
  return out;
}

/** SSE events' data, parsed (the [DONE] marker and comments left out). */
function parsed(stream: string): Record<string, unknown>[] {
  return stream
    .split('\n\n')
    .filter((e) => e.startsWith('data:') && !e.endsWith('[DONE]'))
    .map((e) => JSON.parse(e.slice(e.startsWith('data: ') ? 6 : 5)) as Record<string, unknown>);
}

describe('mock framing: the chunk shapes of vLLM, SGLang and TGI', () => {
  it.each(FRAMINGS)('%s: the same bytes as its golden stream', async (framing) => {
    const actual = await goldenStream(framing);
    const file = path.join('test/fixtures/mock', `${framing}.sse`);
    // After a deliberate change of shape: UPDATE_GOLDEN=1, then read the diff against the engine's source.
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual);
    expect(actual).toBe(readFileSync(file, 'utf8'));
  });

  it('gives a client the same answer under every framing: text, reasoning, tool call, usage', async () => {
    const read = (stream: string) => {
      const acc = new ResponseAccumulator();
      for (const obj of parsed(stream)) acc.apply(obj);
      // Tool-call ids differ by engine (chatcmpl-tool-…, call_…, "0"): what a client acts on is the call.
      const tools = acc.toolCalls.map(({ id: _, ...call }) => call);
      // Engines add their own usage fields (SGLang's reasoning_tokens); the counts are OpenAI's three.
      const { prompt_tokens, completion_tokens, total_tokens } = acc.usage!;
      return { text: acc.text, reasoning: acc.reasoning, tools, finish: acc.finishReason, usage: { prompt_tokens, completion_tokens, total_tokens } };
    };
    const byFraming = new Map<string, ReturnType<typeof read>[]>();
    for (const f of FRAMINGS) {
      const answers = (await goldenStream(f)).split(/^: .*\n\n/m).filter(Boolean);
      byFraming.set(f, answers.slice(0, 3).map(read));
    }
    const vllm = byFraming.get('vllm')!;
    expect(vllm[0]).toMatchObject({ reasoning: expect.any(String), finish: 'length', usage: { completion_tokens: 4 } });
    expect(vllm[0]!.reasoning.split(' ').filter(Boolean)).toHaveLength(2);
    expect(vllm[1]).toMatchObject({ finish: 'stop', usage: { completion_tokens: 3 } });
    expect(vllm[2]!.tools[0]).toMatchObject({ type: 'function', function: { name: 'lookup' } });
    expect(vllm[2]!.finish).toBe('tool_calls');
    for (const f of ['vllm-early-role', 'sglang']) expect(byFraming.get(f)).toEqual(vllm);
    // TGI has no reasoning parser (reasoning is answer text) and reports how generation stopped ("stop").
    const tgi = byFraming.get('tgi')!;
    expect(tgi[0]!.text).toBe(vllm[0]!.reasoning + vllm[0]!.text);
    expect(tgi[0]!.usage).toEqual({ prompt_tokens: 4, completion_tokens: 4, total_tokens: 8 });
    expect(tgi[1]).toEqual({ ...vllm[1], usage: tgi[1]!.usage });
    expect(tgi[2]).toMatchObject({ tools: vllm[2]!.tools, finish: 'stop' });
  });

  it('sends the role chunk with the first token (vllm), or as soon as the request arrives (vllm-early-role)', async () => {
    for (const framing of ['vllm', 'vllm-early-role']) {
      const m = await mock({ ttft: 150, itl: 5, 'output-tokens': 3, framing });
      const t0 = performance.now();
      const res = await request(`${m.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ messages, stream: true }) });
      const arrivals: { at: number; text: string }[] = [];
      for await (const chunk of res.body) arrivals.push({ at: performance.now() - t0, text: String(chunk) });
      const role = arrivals.find((a) => a.text.includes('"role":"assistant"'))!;
      const firstToken = arrivals.find((a) => a.text.includes('"content":" '))!;
      const rec = m.records()[0]!;
      expect(rec.firstWrite! - rec.received).toBeGreaterThanOrEqual(150 - 0.01);
      if (framing === 'vllm') {
        // Nothing before the first token: the role chunk is in the same write.
        expect(role).toBe(firstToken);
        expect(role.at).toBeGreaterThanOrEqual(150);
      } else {
        expect(role.at).toBeLessThan(100);
        expect(firstToken.at).toBeGreaterThanOrEqual(150);
      }
    }
  });
});
