import { describe, expect, it } from 'vitest';
import { generateProtocol } from '../../plugins/examples/kserve/protocol.js';
import type { KserveRequest } from '../../plugins/examples/kserve/types.js';
import { measure } from '../../runtime/llm/measure.js';
import { ResponseReader, type ReadError } from '../../runtime/llm/response-reader.js';
import { TokenCounter } from '../../runtime/llm/tokens.js';
import type { Tokenizer } from '../../runtime/tokenizers/index.js';

/**
 * The kserve example's interpreter (Triton's generate extension) on the LLM
 * kit's reader and measurements: byte sequences as Triton writes them, split
 * into reads with their arrival times.
 */
const enc = new TextEncoder();
const ev = (obj: object) => `data: ${JSON.stringify({ model_name: 'm', model_version: '1', ...obj })}\n\n`;
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
const req: KserveRequest = {
  endpoint: 'generate',
  url: 'http://x/v2/models/m/generate_stream',
  headers: {},
  body: JSON.stringify({ text_input: 'a b c d' }),
  stream: true,
  model: 'm',
  timeout: 1000,
  idleTimeout: 0,
};

function run(reads: ReadonlyArray<readonly [number, string]>, opts: { contentType?: string; status?: number; cut?: ReadError } = {}) {
  const r = new ResponseReader(generateProtocol.interpreter(req));
  r.headers(opts.status ?? 200, opts.contentType ?? 'text/event-stream; charset=utf-8');
  for (const [t, s] of reads) r.data(enc.encode(s), t);
  const end = reads.length ? reads[reads.length - 1]![0] : 0;
  const counter = new TokenCounter({ get: () => words, loaded: () => words, source: () => undefined });
  return measure(
    req,
    { read: r.end(end, opts.cut), start: 0, headers: 1, end, retries: 0 },
    undefined,
    { counter, promptText: () => generateProtocol.promptText(req) },
    (s) => s,
  );
}

describe('kserve generate_stream through the LLM kit', () => {
  it('text_output events are content chunks: TTFT, ITL, TPOT; a clean end completes the stream', async () => {
    const m = await run([
      [40, ev({ text_output: 'one ' })],
      [55, ev({ text_output: 'two ' }) + ev({ text_output: '' })],
      [70, ev({ text_output: 'three' })],
    ]);
    expect(m.result).toMatchObject({
      ok: true,
      text: 'one two three',
      finishReason: null,
      tokenSource: 'tokenizer',
      usage: { prompt_tokens: 4, completion_tokens: 3 },
    });
    expect(m.result.timings).toMatchObject({ ttft: 40, ttftContent: 40, itl: [15, 15], contentChunks: 3, tpot: 15, e2e: 70 });
  });

  it("the vLLM backend's finish_reason and token counts (num_output_tokens per response, summed)", async () => {
    const m = await run([
      [10, ev({ text_output: 'a b', num_input_tokens: 7, num_output_tokens: 2, finish_reason: '' })],
      [20, ev({ text_output: ' c', num_input_tokens: 7, num_output_tokens: 1, finish_reason: 'length' })],
    ]);
    expect(m.result).toMatchObject({
      ok: true,
      finishReason: 'length',
      tokenSource: 'server',
      usage: { prompt_tokens: 7, completion_tokens: 3, total_tokens: 10 },
    });
    expect(m.result.timings.tpot).toBe(5); // (20 − 10) / (3 − 1): tokens, not events
  });

  it('a cut stream fails with the transport error unless its last response came; errors are typed', async () => {
    const cut = { type: 'connection_reset', message: 'read: connection reset by peer' } as const;
    expect((await run([[10, ev({ text_output: 'a' })]], { cut })).result.error).toMatchObject({ type: 'connection_reset' });
    expect((await run([[10, ev({ text_output: 'a', finish_reason: 'stop' })]], { cut })).result.ok).toBe(true);
    expect((await run([[10, ev({ text_output: 'a' }) + 'data: {"error":"backend died"}\n\n']])).result.error).toMatchObject({
      type: 'stream_error',
      message: 'backend died',
    });
    const missing = await run([[5, JSON.stringify({ error: "Request for unknown model: 'x' is not found" })]], {
      status: 400,
      contentType: 'application/json',
    });
    expect(missing.result.error).toMatchObject({ type: 'http_status', message: "HTTP 400: Request for unknown model: 'x' is not found" });
  });

  it('/generate: one JSON body is one content chunk (TTFT = E2E, no ITL)', async () => {
    const m = await run([[30, JSON.stringify({ model_name: 'm', model_version: '1', text_output: 'x y' })]], { contentType: 'application/json' });
    expect(m.result).toMatchObject({ ok: true, text: 'x y', json: { text_output: 'x y' } });
    expect(m.result.timings).toMatchObject({ ttft: 30, e2e: 30, itl: [], contentChunks: 1 });
  });
});
