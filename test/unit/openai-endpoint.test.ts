import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openaiEndpoint } from '../../plugins/endpoints/openai/index.js';
import { LLM_REQUESTS_CHANNEL, type LlmRequestRecord } from '../../runtime/llm/request-record.js';
import { LlmService } from '../../runtime/llm/service.js';
import type { Sample } from '../../runtime/metrics/types.js';
import type { Endpoint } from '../../runtime/plugin-api/endpoint.js';
import { RecordBus } from '../../runtime/record-channel.js';
import { endpointContext } from '../support/endpoints.js';
import { harness, info, type Harness } from '../fixtures/scripts/_harness.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

let server: SseServer;
beforeAll(async () => {
  server = await startSseServer();
});
afterAll(() => server.close());

let h: Harness | undefined;
afterEach(() => {
  h?.factory.dispose();
  h = undefined;
});

/**
 * One VU running `body` against the scripted server with the real host side
 * (llmload/openai → openaiEndpoint → the LLM kit → undici); `extra` are run
 * options (`goodput` is the LLM kit's, `noConnectionReuse` k6's).
 */
async function vuWith(body: string, extra: Record<string, unknown> = {}, client = '') {
  const bus = new RecordBus();
  const got: LlmRequestRecord[] = [];
  bus.channel<LlmRequestRecord>(LLM_REQUESTS_CHANNEL).subscribe((r) => got.push(r));
  const endpoints = new Map<string, Endpoint>();
  h = await harness(
    {
      source: `import openai from 'llmload/openai';
const client = openai.client({ baseUrl: '${server.url}', apiKey: 'sk-secret-123', model: 'm', ${client} });
export default async function () {\n${body}\n}`,
    },
    { endpoints },
  );
  const ctx = endpointContext({ connectionReuse: extra.noConnectionReuse !== true, defineMetric: h.host.defineMetric, records: bus }, extra.goodput);
  endpoints.set('openai', openaiEndpoint.create(ctx));
  return { vu: await h.factory.createVu(1), llm: ctx.llm, records: got };
}
const logged = () => h!.logs.map((l) => JSON.parse(l.message) as Record<string, any>);
const of = (metric: string) => h!.samples.filter((s: Sample) => s.metric === metric);

describe('llmload/openai against a real server', () => {
  it('streams a chat: result, request body, samples and tags', async () => {
    const { vu } = await vuWith(`
      const r = await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 5, itl_ms: 5, ignore_eos: true }, { tags: { case: 'a' } });
      console.log(JSON.stringify(r));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const [r] = logged();
    expect(r).toMatchObject({
      ok: true,
      status: 200,
      text: 't0 t1 t2 t3 t4 ',
      finishReason: 'length',
      usage: { completion_tokens: 5 },
      tokenSource: 'server',
      error: null,
    });
    expect(r!.timings.itl).toHaveLength(4);
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.body).toMatchObject({ model: 'm', stream: true, stream_options: { include_usage: true }, ignore_eos: true, max_tokens: 5 });
    expect(sent.headers.authorization).toBe('Bearer sk-secret-123');
    expect(of('llm_reqs')).toHaveLength(1);
    expect(of('llm_itl')).toHaveLength(4);
    expect(of('llm_output_tokens')[0]!.value).toBe(5);
    expect(of('llm_tokens_per_chunk')[0]!.value).toBe(1);
    expect(of('llm_ttft')[0]!.tags).toMatchObject({
      run: 'r1',
      scenario: 'default',
      model: 'm',
      endpoint: 'chat',
      stream: 'true',
      status: '200',
      finish_reason: 'length',
      case: 'a',
    });
    // Closed executor: no intended start, so no intended-start latencies.
    expect(of('llm_ttft_intended')).toHaveLength(0);
    expect(of('llm_in_flight').map((s) => s.value)).toEqual([1, 0]);
  });

  it('non-streamed chat, completions path, embeddings and models', async () => {
    const { vu } = await vuWith(
      `
      const a = await client.chat({ messages: [], script: 'json', max_tokens: 3 }, {});
      const b = await client.completions({ prompt: 'x', max_tokens: 2 });
      const c = await client.embeddings({ input: 'x' });
      const d = await client.models();
      console.log(JSON.stringify({ a: [a.ok, a.text, a.json.object, a.timings.itl.length], b: [b.ok, b.endpoint, b.tokenSource, b.usage], c: [c.ok, c.json.data[0].embedding, c.usage.prompt_tokens], d: d.models }));`,
      {},
      'stream: false',
    );
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    // b: the response has no usage: the default tokenizer (o200k_base) counts the prompt "x" (1) and "t0 t1 " (5)
    expect(logged()[0]).toEqual({
      a: [true, 't0 t1 t2 ', 'chat.completion', 0],
      b: [true, 'completions', 'tokenizer', { prompt_tokens: 1, completion_tokens: 5, total_tokens: 6 }],
      c: [true, [0.5, -0.5], 2],
      d: ['m1', 'm2'],
    });
    const paths = server.requests.slice(-4).map((r) => r.path);
    expect(paths).toEqual(['/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/models']);
    expect(server.requests.at(-3)!.body.stream).toBe(false);
    // /models records nothing; the other three are requests.
    expect(of('llm_reqs')).toHaveLength(3);
  });

  it('errors are typed, never thrown; the API key is redacted from messages', async () => {
    const { vu, llm } = await vuWith(`
      const out = {};
      for (const s of ['status', 'error-mid-stream', 'close-mid-stream', 'reset-mid-stream', 'no-done', 'echo-auth']) {
        const r = await client.chat({ messages: [], script: s, code: 429 });
        out[s] = [r.ok, r.status, r.error && r.error.type, r.error && r.error.message];
      }
      const idle = await client.chat({ messages: [], script: 'stall', max_tokens: 3 }, { idleTimeout: 100 });
      const total = await client.chat({ messages: [], script: 'hang' }, { timeout: '150ms' });
      out.idle = [idle.ok, idle.error.type, idle.text];
      out.total = [total.ok, total.status, total.error.type];
      console.log(JSON.stringify(out));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const o = logged()[0]!;
    expect(o.status).toEqual([false, 429, 'http_status', 'HTTP 429: scripted 429']);
    expect(o['error-mid-stream']).toEqual([false, 200, 'stream_error', 'scripted failure']);
    expect(o['close-mid-stream'].slice(0, 3)).toEqual([false, 200, 'incomplete_stream']);
    expect(o['reset-mid-stream'].slice(0, 3)).toEqual([false, 200, 'connection_reset']);
    expect(o['no-done'].slice(0, 3)).toEqual([false, 200, 'incomplete_stream']);
    expect(o['echo-auth']).toEqual([false, 401, 'http_status', 'HTTP 401: Incorrect API key provided: Bearer ***']);
    expect(o.idle).toEqual([false, 'idle_timeout', 't0 ']);
    expect(o.total).toEqual([false, 0, 'timeout']);
    const failed = of('llm_req_failed');
    expect(failed.map((s) => s.value)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(failed.map((s) => s.tags.error_type)).toEqual([
      'http_status',
      'stream_error',
      'incomplete_stream',
      'connection_reset',
      'incomplete_stream',
      'http_status',
      'idle_timeout',
      'timeout',
    ]);
    // Failed requests record no latency or tokens.
    expect(of('llm_ttft')).toHaveLength(0);
    expect(of('llm_output_tokens')).toHaveLength(0);
    const section = llm.summary({ data: { metrics: {} } as never, testRunDurationMs: 1000 });
    expect(section!.rows.find((r) => r.label === 'errors')!.value).toBe(
      'http_status=2, incomplete_stream=2, connection_reset=1, idle_timeout=1, stream_error=1, timeout=1',
    );
  });

  it('a request on a keep-alive connection the server had closed is sent again on a new one; connectionReuse: false avoids it', async () => {
    const before0 = server.requests.length;
    const { vu, records } = await vuWith(`
      const a = await client.chat({ messages: [], script: 'stale', ttft_ms: 1 });
      const b = await client.chat({ messages: [], script: 'stale', ttft_ms: 1 });
      console.log(JSON.stringify([a.ok, b.ok, b.error, b.timings.ttft > 0]));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual([true, true, null, true]);
    // The lost request and its second send both reached the server.
    expect(server.requests.length - before0).toBe(3);
    expect(of('llm_req_retries').map((s) => s.value)).toEqual([0, 1]);
    expect(of('llm_req_failed').map((s) => s.value)).toEqual([0, 0]);
    expect(records.map((r) => r.retries)).toEqual([0, 1]);
    h!.factory.dispose();

    const before = server.connections;
    const { vu: vu2 } = await vuWith(
      `
      const rs = [];
      for (let i = 0; i < 3; i++) rs.push((await client.chat({ messages: [], script: 'stale' })).ok);
      console.log(JSON.stringify(rs));`,
      {},
      'connectionReuse: false',
    );
    expect(await vu2.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual([true, true, true]);
    expect(server.connections - before).toBe(3);
  });

  it('the second send hides no real failure: a cut stream, or a server that resets new connections too, fails', async () => {
    const before = server.requests.length;
    const { vu, records } = await vuWith(`
      const rs = [];
      for (const script of ['ok', 'close-mid-stream', 'ok', 'drop', 'drop']) {
        const r = await client.chat({ messages: [], script });
        rs.push([r.ok, r.error && r.error.type]);
      }
      console.log(JSON.stringify(rs));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(logged()[0]).toEqual([
      [true, null],
      [false, 'incomplete_stream'], // on the kept connection, after response bytes: not sent again
      [true, null],
      [false, 'connection_reset'], // on the kept connection: sent again on a new one, which is reset too
      [false, 'connection_reset'], // on a new connection: not sent again
    ]);
    expect(records.map((r) => r.retries)).toEqual([0, 0, 0, 1, 0]);
    expect(records[3]!.error).toMatch(/second send, on a new connection/);
    expect(server.requests.length - before).toBe(6);
    expect(of('llm_req_failed').map((s) => s.value)).toEqual([0, 1, 0, 1, 1]);
  });

  it('options.noConnectionReuse applies to every client', async () => {
    const before = server.connections;
    const { vu } = await vuWith(`for (let i = 0; i < 3; i++) await client.chat({ messages: [], script: 'stale' });`, { noConnectionReuse: true });
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(of('llm_req_failed').map((s) => s.value)).toEqual([0, 0, 0]);
    expect(server.connections - before).toBe(3);
  });

  it('goodput: llm_goodput per request against options.goodput; intended-start latencies for arrivals', async () => {
    const { vu, llm } = await vuWith(
      `await client.chat({ messages: [], ttft_ms: 1 });
       await client.chat({ messages: [], ttft_ms: 400 });`,
      { goodput: { llm_ttft: '200ms' } },
    );
    const it0 = { ...info(0), intendedStart: performance.now() - 50 };
    expect(await vu.iterate(it0, undefined)).toEqual({ status: 'ok' });
    expect(of('llm_goodput').map((s) => s.value)).toEqual([1, 0]);
    const ttft = of('llm_ttft').map((s) => s.value);
    const intended = of('llm_ttft_intended').map((s) => s.value);
    expect(intended[0]! - ttft[0]!).toBeGreaterThanOrEqual(50);
    expect(intended[1]! - ttft[1]!).toBeGreaterThan(intended[0]! - ttft[0]!); // the second request started later
    const s = llm.summary({ data: { metrics: {} } as never, testRunDurationMs: 1000 });
    expect(s!.rows.find((r) => r.label === 'goodput')!.value).toMatch(/^50\.00% of requests, [\d.]+ good req\/s \(llm_ttft≤200ms\)$/);
    expect(s!.export).toMatchObject({ key: 'llm', values: { requests: 2, ok: 2, goodput: { good: 1, rate: 0.5, slos: { llm_ttft: 200 } } } });
  });

  it('a refused connection is a connect_error; a missing model or base URL throws in the script', async () => {
    const { vu } = await vuWith(`
      const dead = openai.client({ baseUrl: 'http://127.0.0.1:1', model: 'm' });
      const r = await dead.chat({ messages: [] });
      const errs = [];
      for (const f of [() => client.chat({ messages: [], model: '' }), () => openai.client({ baseUrl: 'localhost:8000' }), () => openai.client({})]) {
        try { await f(); errs.push('no error'); } catch (e) { errs.push(String(e.message)); }
      }
      console.log(JSON.stringify({ r: [r.ok, r.status, r.error.type, r.error.message], errs }));`);
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    const o = logged()[0]!;
    expect(o.r).toEqual([false, 0, 'connect_error', 'dial: connection refused']);
    expect(o.errs[0]).toBe('openai chat(): no model (set openai.client({ model }) or the body\'s "model")');
    expect(o.errs[1]).toMatch(/^openai.client\(\): baseUrl must be an http\(s\) URL, got "localhost:8000"/);
    expect(o.errs[2]).toMatch(/^openai.client\(\): baseUrl must be an http\(s\) URL, got undefined \(set it, pass -e LLMLOAD_BASE_URL=…, or run with --mock\)/);
    expect(of('llm_req_failed')[0]!.tags).toMatchObject({ error_type: 'connect_error', status: '0' });
  });

  it('the goodput option is validated', async () => {
    const c = (goodput: unknown) => () => new LlmService({ ...endpointContext(), goodput });
    expect(c({ llm_ttf: 5 })).toThrow('option "goodput": unknown option "llm_ttf" (did you mean "llm_ttft"?)');
    expect(c({ llm_tpot: 'fast' })).toThrow(/option "goodput": option "llm_tpot": invalid duration "fast"/);
    expect(c(5)).toThrow(/option "goodput": must be an object/);
  });

  it('per-request records carry timings and tokens, and no API key', async () => {
    const { vu, records } = await vuWith(
      `await client.chat({ messages: [], max_tokens: 3 }); await client.chat({ messages: [], script: 'status', code: 500 });`,
    );
    expect(await vu.iterate(info(0), undefined)).toEqual({ status: 'ok' });
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      vu: 1,
      scenario: 'default',
      endpoint: 'chat',
      model: 'm',
      ok: true,
      status: 200,
      finish_reason: 'length',
      tokens: { output: 3, source: 'server' },
      content_chunks: 3,
    });
    expect(records[0]!.timings.itl).toHaveLength(2);
    expect(records[1]).toMatchObject({ ok: false, status: 500, error_type: 'http_status', tokens: null });
    expect(JSON.stringify(records)).not.toContain('sk-secret');
  });
});
