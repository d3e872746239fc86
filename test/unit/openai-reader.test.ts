import { describe, expect, it } from 'vitest';
import { openaiProtocol, type OpenAiRequest } from '../../plugins/endpoints/openai/protocol.js';
import { measure } from '../../runtime/llm/measure.js';
import type { Endpoint as LlmEndpoint } from '../../runtime/llm/result.js';
import { ResponseReader, type ReadError } from '../../runtime/llm/response-reader.js';
import type { LlmExchange } from '../../runtime/llm/send.js';
import { TokenCounter } from '../../runtime/llm/tokens.js';
import type { Tokenizer } from '../../runtime/tokenizers/index.js';

/**
 * Golden tests of the LLM kit's SSE/timing state machine with OpenAI's
 * interpreter: byte sequences as a server writes them (vLLM's chunk shapes),
 * split into socket reads with the time each read arrived, and the exact
 * result and timings they must give.
 */

type Read = readonly [t: number, bytes: string | Uint8Array];

const enc = new TextEncoder();
const chat = (delta: object, extra: object = {}) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
const finish = (reason = 'stop') =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: reason }] })}\n\n`;
const usage = (p: number, c: number) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'm', choices: [], usage: { prompt_tokens: p, completion_tokens: c, total_tokens: p + c } })}\n\n`;
const DONE = 'data: [DONE]\n\n';

/** Feeds reads to a reader; the response started at t=0 and ends at `end` (or breaks with `cut`). */
function play(reads: readonly Read[], opts: { status?: number; contentType?: string; end?: number; cut?: ReadError } = {}) {
  const r = new ResponseReader(openaiProtocol.interpreter({} as OpenAiRequest));
  r.headers(opts.status ?? 200, opts.contentType ?? 'text/event-stream; charset=utf-8');
  for (const [t, b] of reads) r.data(typeof b === 'string' ? enc.encode(b) : b, t);
  const end = opts.end ?? (reads.length ? reads[reads.length - 1]![0] : 0);
  return { read: r.end(end, opts.cut), end };
}

/** A whitespace tokenizer: enough to tell counted tokens from chunks. */
const words: Tokenizer = {
  name: 'words',
  encode: (t) =>
    t
      .split(/\s+/)
      .filter(Boolean)
      .map((_, i) => i),
  decode: () => '',
  count: (t) => t.split(/\s+/).filter(Boolean).length,
};

function run(reads: readonly Read[], opts: Parameters<typeof play>[1] & { endpoint?: LlmEndpoint; tokenizer?: string; body?: object; intended?: number } = {}) {
  const { read, end } = play(reads, opts);
  const endpoint = opts.endpoint ?? 'chat';
  const req: OpenAiRequest = {
    endpoint,
    kind: endpoint === 'embeddings' ? 'embed' : endpoint === 'models' ? 'lookup' : 'generate',
    url: 'http://x/v1/chat/completions',
    headers: {},
    body: JSON.stringify(opts.body ?? { messages: [{ role: 'user', content: 'one two three' }] }),
    stream: true,
    model: 'm',
    timeout: 1000,
    idleTimeout: 0,
    tokenizer: opts.tokenizer,
  };
  const ex: LlmExchange = { read, start: 0, headers: 1, end, retries: 0 };
  const counter = new TokenCounter({ get: () => words, loaded: () => words, source: () => undefined });
  return measure(req, ex, opts.intended, { counter, promptText: () => openaiProtocol.promptText(req) }, (s) => s);
}

describe('ResponseReader + measure (golden byte sequences)', () => {
  it('a plain vLLM stream: role-only first chunk is not content; TTFT, ITL per gap, TPOT, usage-only last chunk', async () => {
    const m = await run([
      [5, chat({ role: 'assistant', content: '' })],
      [100, chat({ content: 'Hello' })],
      [120, chat({ content: ' big' })],
      [140, chat({ content: ' world' })],
      [160, finish()],
      [161, usage(3, 3)],
      [162, DONE],
    ]);
    expect(m.result).toMatchObject({
      ok: true,
      text: 'Hello big world',
      finishReason: 'stop',
      usage: { prompt_tokens: 3, completion_tokens: 3 },
      tokenSource: 'server',
      error: null,
    });
    expect(m.result.timings).toEqual({ headers: 1, ttft: 100, ttftContent: 100, e2e: 162, itl: [20, 20], contentChunks: 3, tpot: 20 });
    expect(m.tokens).toMatchObject({ prompt: 3, output: 3, source: 'server', mismatch: false });
  });

  it("several events in one socket read share that read's timestamp (gap 0)", async () => {
    const m = await run([
      [50, chat({ content: 'a' }) + chat({ content: 'b' }) + chat({ content: 'c' })],
      [80, chat({ content: 'd' }) + finish() + usage(1, 4) + DONE],
    ]);
    expect(m.result.text).toBe('abcd');
    expect(m.result.timings).toMatchObject({ ttft: 50, itl: [0, 0, 30], contentChunks: 4, tpot: 10 });
  });

  it('an event split across reads counts when its last byte arrives', async () => {
    const ev = chat({ content: 'split' });
    const m = await run([
      [10, ev.slice(0, 17)],
      [30, ev.slice(17, 40)],
      [45, ev.slice(40)],
      [60, chat({ content: ' me' })],
      [61, finish() + usage(1, 2) + DONE],
    ]);
    expect(m.result.text).toBe('split me');
    expect(m.result.timings).toMatchObject({ ttft: 45, itl: [15] });
  });

  it('a UTF-8 character split across reads is decoded whole', async () => {
    const bytes = enc.encode(chat({ content: 'héllo 🦙' }));
    const cut = bytes.indexOf(0xf0) + 2; // inside the 4-byte llama
    const cut2 = bytes.indexOf(0xc3) + 1; // inside é
    const m = await run([
      [10, bytes.slice(0, cut2)],
      [11, bytes.slice(cut2, cut)],
      [12, bytes.slice(cut)],
      [13, finish() + DONE],
    ]);
    expect(m.result.text).toBe('héllo 🦙');
    expect(m.result.timings.ttft).toBe(12);
  });

  it('a leading byte-order mark is ignored (SSE spec), even split across reads; a later U+FEFF is text', async () => {
    const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
    const first = enc.encode(chat({ content: 'a\ufeffb' }));
    const m = await run([
      [5, bom.slice(0, 2)],
      [10, Uint8Array.from([...bom.slice(2), ...first])],
      [20, chat({ content: 'c' }) + finish() + DONE],
    ]);
    expect(m.result.text).toBe('a\ufeffbc');
    expect(m.result.timings).toMatchObject({ ttft: 10, contentChunks: 2 });
  });

  it('a body that ends inside a UTF-8 character, in an unfinished event, fails the stream and keeps the text before it', async () => {
    const bytes = enc.encode(
      `${chat({ content: 'x' })}data: {"id":"c1","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":"y🦙`,
    );
    const m = await run([[10, bytes.slice(0, bytes.length - 2)]]);
    expect(m.result.text).toBe('x');
    expect(m.result.ok).toBe(false);
    expect(m.result.error).toMatchObject({ type: 'incomplete_stream' });
  });

  it('\\r\\n line endings', async () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const m = await run([
      [10, crlf(chat({ content: 'a' }))],
      [20, crlf(chat({ content: 'b' }))],
      [30, crlf(finish() + DONE)],
    ]);
    expect(m.result).toMatchObject({ ok: true, text: 'ab', finishReason: 'stop' });
    expect(m.result.timings.itl).toEqual([10]);
  });

  it('comments and pings are not content and do not end the stream', async () => {
    const m = await run([
      [3, ': ping\n\n'],
      [10, ': keep-alive\n' + chat({ content: 'a' })],
      [15, ':\n\n'],
      [20, chat({ content: 'b' })],
      [30, finish() + DONE],
    ]);
    expect(m.result.timings).toMatchObject({ ttft: 10, itl: [10], contentChunks: 2 });
  });

  it('empty strings are not content, whitespace-only content is', async () => {
    const m = await run([
      [10, chat({ content: '' })],
      [20, chat({ content: ' ' })],
      [30, chat({ content: 'x' })],
      [40, chat({ content: null, reasoning_content: '' })],
      [50, finish() + DONE],
    ]);
    expect(m.result.timings).toMatchObject({ ttft: 20, itl: [10], contentChunks: 2 });
  });

  it('usage-only last chunk: usage is read, not counted as a chunk', async () => {
    const m = await run([
      [10, chat({ content: 'a b' })],
      [20, chat({ content: ' c d' })],
      [30, finish('length')],
      [31, usage(7, 4)],
      [32, DONE],
    ]);
    expect(m.result).toMatchObject({ finishReason: 'length', usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 } });
    // 2 chunks carrying 4 tokens: TPOT = 10 ms / 3, tokens per chunk = 2 (chunks are never tokens)
    expect(m.result.timings).toMatchObject({ contentChunks: 2, tpot: 10 / 3 });
    expect(m.tokens?.output).toBe(4);
  });

  it('data: {"error":…} mid-stream is a stream_error', async () => {
    const m = await run([
      [10, chat({ content: 'a' })],
      [20, `data: ${JSON.stringify({ error: { message: 'CUDA out of memory', type: 'InternalServerError', code: 500 } })}\n\n`],
      [21, DONE],
    ]);
    expect(m.result).toMatchObject({ ok: false, status: 200, error: { type: 'stream_error', message: 'CUDA out of memory', status: 200 } });
    expect(m.tokens).toBeUndefined();
  });

  it('an `event: error` SSE event is a stream_error', async () => {
    const m = await run([[10, 'event: error\ndata: overloaded\n\n']]);
    expect(m.result.error).toMatchObject({ type: 'stream_error', message: 'error event: overloaded' });
  });

  it("non-200 with a JSON error body: http_status and the server's message", async () => {
    const body = JSON.stringify({ object: 'error', message: 'The model `x` does not exist.', type: 'NotFoundError', code: 404 });
    const m = await run(
      [
        [4, body.slice(0, 20)],
        [5, body.slice(20)],
      ],
      { status: 404, contentType: 'application/json' },
    );
    expect(m.result).toMatchObject({ ok: false, status: 404, error: { type: 'http_status', message: 'HTTP 404: The model `x` does not exist.', status: 404 } });
    const m2 = await run([[4, JSON.stringify({ error: { message: 'Rate limit reached', type: 'rate_limit' } })]], {
      status: 429,
      contentType: 'application/json',
    });
    expect(m2.result.error).toMatchObject({ type: 'http_status', message: 'HTTP 429: Rate limit reached' });
    const m3 = await run([[4, 'Bad Gateway']], { status: 502, contentType: 'text/html' });
    expect(m3.result.error).toMatchObject({ type: 'http_status', message: 'HTTP 502: Bad Gateway' });
    // An SSE content type does not make an error response a stream.
    const m4 = await run([[4, JSON.stringify({ error: 'queue full' })]], { status: 503 });
    expect(m4.result.error).toMatchObject({ type: 'http_status', message: 'HTTP 503: queue full' });
  });

  it('the server closes mid-stream: incomplete_stream (FIN), connection_reset (RST); a half line is discarded', async () => {
    const ev = chat({ content: 'b' });
    const reads: Read[] = [
      [10, chat({ content: 'a' })],
      [20, ev.slice(0, 20)],
    ];
    const fin = await run(reads, { end: 25, cut: { type: 'incomplete_stream', message: 'the response was cut short (EOF)' } });
    expect(fin.result).toMatchObject({ ok: false, text: 'a', error: { type: 'incomplete_stream' } });
    expect(fin.result.timings).toMatchObject({ ttft: 10, contentChunks: 1, e2e: 25 });
    const rst = await run(reads, { cut: { type: 'connection_reset', message: 'read: connection reset by peer' } });
    expect(rst.result.error?.type).toBe('connection_reset');
  });

  it('a clean end without [DONE] or a finish reason is incomplete_stream', async () => {
    const m = await run([
      [10, chat({ content: 'a' })],
      [20, chat({ content: 'b' })],
    ]);
    expect(m.result).toMatchObject({
      ok: false,
      text: 'ab',
      error: { type: 'incomplete_stream', message: 'the stream ended without [DONE] or a finish reason' },
    });
  });

  it('no [DONE] but a finish reason (and the last event without its blank line) is complete', async () => {
    const m = await run([
      [10, chat({ content: 'a' })],
      [20, finish().trimEnd() + '\n'],
    ]);
    expect(m.result).toMatchObject({ ok: true, finishReason: 'stop' });
    // [DONE] whose blank line never came still counts as done
    const m2 = await run([
      [10, chat({ content: 'a' })],
      [20, 'data: [DONE]\n'],
    ]);
    expect(m2.result.ok).toBe(true);
  });

  it('a break after [DONE] does not fail a complete stream', async () => {
    const m = await run([[10, chat({ content: 'a' }) + finish() + DONE]], { cut: { type: 'incomplete_stream', message: 'cut' } });
    expect(m.result.ok).toBe(true);
  });

  it('reasoning deltas: TTFT counts them, TTFT content does not; texts kept apart', async () => {
    const m = await run([
      [50, chat({ reasoning_content: 'Let me' })],
      [70, chat({ reasoning_content: ' think' })],
      [90, chat({ reasoning: '.' })],
      [200, chat({ content: 'Answer' })],
      [220, chat({ content: ' here' })],
      [230, finish() + usage(2, 5) + DONE],
    ]);
    expect(m.result).toMatchObject({ reasoning: 'Let me think.', text: 'Answer here' });
    expect(m.result.timings).toMatchObject({ ttft: 50, ttftContent: 200, itl: [20, 20, 110, 20], contentChunks: 5, tpot: 170 / 4 });
  });

  it('tool-call deltas: merged by index, their text is content', async () => {
    const tc = (index: number, fn: object, extra: object = {}) => chat({ tool_calls: [{ index, function: fn, ...extra }] });
    const m = await run([
      [30, chat({ role: 'assistant', content: null })],
      [40, tc(0, { name: 'get_weather', arguments: '' }, { id: 'call_1', type: 'function' })],
      [50, tc(0, { arguments: '{"city":' })],
      [60, tc(0, { arguments: '"Paris"}' })],
      [70, tc(1, { name: 'noop', arguments: '{}' }, { id: 'call_2', type: 'function' })],
      [80, finish('tool_calls') + usage(10, 12) + DONE],
    ]);
    expect(m.result.toolCalls).toEqual([
      { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { index: 1, id: 'call_2', type: 'function', function: { name: 'noop', arguments: '{}' } },
    ]);
    expect(m.result).toMatchObject({ finishReason: 'tool_calls', text: '' });
    expect(m.result.timings).toMatchObject({ ttft: 40, ttftContent: 40, itl: [10, 10, 10], contentChunks: 4 });
  });

  it('/v1/completions: choices[0].text', async () => {
    const cmpl = (text: string, fr: string | null = null) =>
      `data: ${JSON.stringify({ id: 'x', object: 'text_completion', choices: [{ index: 0, text, finish_reason: fr }] })}\n\n`;
    const m = await run(
      [
        [30, cmpl('Once')],
        [45, cmpl(' upon')],
        [60, cmpl(' a', 'length')],
        [61, usage(1, 3) + DONE],
      ],
      { endpoint: 'completions' },
    );
    expect(m.result).toMatchObject({ ok: true, text: 'Once upon a', finishReason: 'length', endpoint: 'completions' });
    expect(m.result.timings).toMatchObject({ ttft: 30, itl: [15, 15], tpot: 15 });
  });

  it('non-streaming JSON: one content chunk when the body is complete; no ITL or TPOT', async () => {
    const body = JSON.stringify({
      id: 'x',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there', reasoning_content: 'hmm' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 3, total_tokens: 8 },
    });
    const m = await run(
      [
        [100, body.slice(0, 50)],
        [101, body.slice(50)],
      ],
      { contentType: 'application/json' },
    );
    expect(m.result).toMatchObject({ ok: true, stream: true, text: 'Hi there', reasoning: 'hmm', finishReason: 'stop', usage: { completion_tokens: 3 } });
    expect(m.result.json).toMatchObject({ object: 'chat.completion' });
    expect(m.result.timings).toEqual({ headers: 1, ttft: 101, ttftContent: 101, e2e: 101, itl: [], contentChunks: 1 });
  });

  it('a malformed event fails the request as malformed_event; so does a non-JSON 2xx body', async () => {
    const m = await run([
      [10, chat({ content: 'a' })],
      [20, 'data: {"choices": [\n\n'],
      [30, finish() + DONE],
    ]);
    expect(m.result.error).toMatchObject({ type: 'malformed_event' });
    expect(m.result.error!.message).toContain('{"choices": [');
    const m2 = await run([[10, '<html>oops</html>']], { contentType: 'text/html' });
    expect(m2.result.error?.type).toBe('malformed_event');
  });

  it('no usage: the tokenizer counts the output text and the prompt; never the chunks', async () => {
    const m = await run([
      [10, chat({ content: 'one two' })],
      [20, chat({ content: ' three' })],
      [30, finish() + DONE],
    ]);
    expect(m.result).toMatchObject({ tokenSource: 'tokenizer', usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 } });
    // TPOT divides by tokens, not chunks: (20 − 10) / (3 − 1)
    expect(m.result.timings.tpot).toBe(5);
  });

  it("a named tokenizer checks the server's count: llm_token_count_mismatch", async () => {
    const same = await run(
      [
        [10, chat({ content: 'a b c' })],
        [11, finish() + usage(1, 3) + DONE],
      ],
      { tokenizer: 'words' },
    );
    expect(same.tokens).toMatchObject({ output: 3, source: 'server', compared: true, mismatch: false, clientOutput: 3, diff: 0 });
    const differ = await run(
      [
        [10, chat({ content: 'a b' })],
        [11, finish() + usage(1, 3) + DONE],
      ],
      { tokenizer: 'words' },
    );
    expect(differ.tokens).toMatchObject({ output: 3, compared: true, mismatch: true, clientOutput: 2, diff: -1 });
    // Without a named tokenizer the server's count is taken as it is: nothing compared.
    const trusted = await run([
      [10, chat({ content: 'a b' })],
      [11, finish() + usage(1, 3) + DONE],
    ]);
    expect(trusted.tokens).toMatchObject({ output: 3, compared: false, mismatch: false });
    expect(trusted.tokens?.diff).toBeUndefined();
  });

  it('intended-start latencies include the wait before the request', async () => {
    const m = await run(
      [
        [10, chat({ content: 'a' })],
        [20, finish() + DONE],
      ],
      { intended: -15 },
    );
    expect(m.result.timings).toMatchObject({ ttft: 10, ttftIntended: 25, e2e: 20, e2eIntended: 35 });
  });
});
