import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';
import { startGenerateServer, type GenerateServer } from '../support/generate-stream-server.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * The example endpoint plugin plugins/examples/kserve (written only against
 * `llmload/plugin` and `llmload/vu`), loaded by the real CLI with --plugin
 * against a local Triton generate_stream server: its `llmload/x/kserve`
 * module, TTFT/ITL/TPOT and token counts from the LLM kit, the LLM summary
 * block, `--out requests=` records and llm_* thresholds.
 */
let server: GenerateServer;
let openaiServer: SseServer;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-kserve-e2e-'));
beforeAll(async () => {
  server = await startGenerateServer();
  openaiServer = await startSseServer();
});
afterAll(() => Promise.all([server.close(), openaiServer.close()]));

const run = (env: Record<string, string>, extra: string[] = [], script = 'generate.ts') =>
  runCli([
    'run',
    '-q',
    '--plugin',
    './plugins/examples/kserve',
    `test/fixtures/kserve/${script}`,
    '-e',
    `LLMLOAD_BASE_URL=${server.url}`,
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ...extra,
  ]);

describe('llmload run --plugin ./plugins/examples/kserve', () => {
  it('streams generate_stream: TTFT, ITL, TPOT and tokens from the LLM kit; summary, records, thresholds pass (exit 0)', async () => {
    const exp = path.join(dir, 'summary.json');
    const reqs = path.join(dir, 'requests.jsonl');
    const before = server.requests.length;
    const r = await run({}, ['--summary-export', exp, '--out', `requests=${reqs}`]);
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('LLM LATENCY AND THROUGHPUT');
    expect(r.stdout).toMatch(/ITL\.+: p50=[\d.]+ms/);

    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(10);
    expect(sent[0]).toMatchObject({
      path: '/v2/models/tiny/generate_stream',
      body: { text_input: 'one two three', parameters: { max_tokens: 6, stream: true }, return_finish_reason: true },
    });
    expect(sent[0]!.headers).toMatchObject({ accept: 'text/event-stream', 'content-type': 'application/json', authorization: 'Bearer sk-kserve-secret' });

    const s = JSON.parse(readFileSync(exp, 'utf8'));
    // Output tokens are the server's (num_output_tokens, summed); the prompt is counted (o200k_base: "one two three" = 3).
    expect(s.llm).toMatchObject({ requests: 10, ok: 10, failed: 0, output_tokens: 60, prompt_tokens: 30, goodput: { good: 10, rate: 1 }, errors: {} });
    expect(s.metrics.checks.value).toBe(1);
    // 40 ms to the first token, then 15 ms between tokens: 5 gaps per request, each a sample.
    expect(s.metrics.llm_ttft.med).toBeGreaterThanOrEqual(39);
    expect(s.llm.itl.count).toBe(50);
    expect(s.metrics.llm_itl.med).toBeGreaterThanOrEqual(14);
    expect(s.metrics.llm_itl.med).toBeLessThan(100);
    expect(s.llm.tpot.count).toBe(10);
    expect(s.metrics.llm_output_tokens.min).toBe(6);
    expect(s.metrics.llm_ttft.thresholds).toEqual({ 'p(95)<2000': false });

    const lines = readFileSync(reqs, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatchObject({
      scenario: 'gen',
      endpoint: 'generate',
      model: 'tiny',
      stream: true,
      ok: true,
      status: 200,
      finish_reason: 'length',
      content_chunks: 6,
      tokens: { prompt: 3, output: 6, source: 'tokenizer' },
      tags: { suite: 'kserve', endpoint: 'generate', finish_reason: 'length' },
    });
    expect(lines[0].timings.itl).toHaveLength(5);
    expect(lines[0].timings.ttft).toBeGreaterThanOrEqual(39);
    for (const text of [r.stdout, readFileSync(exp, 'utf8'), readFileSync(reqs, 'utf8')]) expect(text).not.toContain('sk-kserve-secret');
  });

  it('a crossed llm_ttft threshold exits 99', async () => {
    const r = await run({ TTFT_LIMIT: '20', ITERATIONS: '1' });
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/✗ 'p\(95\)<20' p\(95\)=/);
  });

  it("without the server's counts the tokenizer counts the output text", async () => {
    const exp = path.join(dir, 'counted.json');
    const r = await run({ SERVER_COUNTS: '0', ITERATIONS: '1' }, ['--summary-export', exp]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(exp, 'utf8'));
    // "t0 t1 t2 t3 t4 t5 " in o200k_base: 13 tokens, not the 6 events (chunks are never tokens).
    expect(s.llm).toMatchObject({ requests: 2, ok: 2, output_tokens: 26, prompt_tokens: 6 });
    expect(s.metrics.llm_tokens_per_chunk.avg).toBeCloseTo(13 / 6, 5);
  });

  it('an unknown model (400) and an error event are failures by type; the first of each is logged once', async () => {
    const missing = await run({ MODEL: 'missing', FAILED_LIMIT: '0.5', ITERATIONS: '2' }, ['--summary-export', path.join(dir, 'missing.json')]);
    expect(missing.code).toBe(99);
    const m = JSON.parse(readFileSync(path.join(dir, 'missing.json'), 'utf8'));
    expect(m.llm).toMatchObject({ requests: 4, ok: 0, failed: 4, errors: { http_status: 4 } });
    const logged = missing.stderr.split('\n').filter((l) => l.includes('llmload/x/kserve:'));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("http_status: HTTP 400: Request for unknown model: 'missing' is not found");

    const mid = await run({ FAIL: 'error-mid-stream', FAILED_LIMIT: '0.5', ITERATIONS: '1' }, ['--summary-export', path.join(dir, 'mid.json')]);
    expect(mid.code).toBe(99);
    const e = JSON.parse(readFileSync(path.join(dir, 'mid.json'), 'utf8'));
    expect(e.llm).toMatchObject({ requests: 2, failed: 2, errors: { stream_error: 2 } });
    // Failed requests record no latency.
    expect(e.llm.ttft).toBeUndefined();
  });

  it('a run with llmload/openai and llmload/x/kserve has one LLM kit: one summary block, both endpoints in it and in the records', async () => {
    const exp = path.join(dir, 'mixed.json');
    const reqs = path.join(dir, 'mixed.jsonl');
    const r = await run({ OPENAI_URL: openaiServer.url }, ['--summary-export', exp, '--out', `requests=${reqs}`], 'mixed.ts');
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('LLM LATENCY AND THROUGHPUT')).toHaveLength(2);
    const s = JSON.parse(readFileSync(exp, 'utf8'));
    expect(s.llm).toMatchObject({ requests: 6, ok: 6, output_tokens: 24 });
    expect(s.llm.itl.count).toBe(18);
    const endpoints = readFileSync(reqs, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).endpoint);
    expect(endpoints).toEqual(['chat', 'generate', 'chat', 'generate', 'chat', 'generate']);
  });
});
