import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * The real CLI (dist/cli.js; `npm run build` first) against the scripted
 * OpenAI-compatible server: exit codes from llm_* thresholds, the LLM summary
 * block, --summary-export's `llm` object, `--out requests=`, connection reuse
 * and the API key staying out of every output.
 */
let server: SseServer;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-openai-e2e-'));
beforeAll(async () => {
  server = await startSseServer();
});
afterAll(() => server.close());

const fixture = (name: string) => path.join('test/fixtures/e2e', name);
const run = (script: string, env: Record<string, string>, extra: string[] = []) =>
  runCli(['run', '-q', fixture(script), '-e', `LLMLOAD_BASE_URL=${server.url}`, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), ...extra]);

describe('llmload run with llmload/openai', () => {
  it('passing thresholds exit 0; summary block, summary export and per-request records agree; no API key anywhere', async () => {
    const exp = path.join(dir, 'summary.json');
    const reqs = path.join(dir, 'requests.jsonl');
    const before = server.requests.length;
    const r = await run('openai-load.ts', {}, ['--summary-export', exp, '--out', `requests=${reqs}`, '--out', `json=${path.join(dir, 'points.json')}`]);
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('LLM LATENCY AND THROUGHPUT');
    expect(r.stdout).toMatch(/TTFT\.+: p50=[\d.]+ms p90=[\d.]+ms p95=[\d.]+ms p99=[\d.]+ms/);
    expect(r.stdout).toMatch(/TTFT from intended start\.+: p50=/);
    expect(r.stdout).toMatch(/goodput\.+: 100\.00% of requests, [\d.]+ good req\/s \(llm_ttft≤1000ms, llm_tpot≤100ms\)/);

    const summary = JSON.parse(readFileSync(exp, 'utf8'));
    const n = summary.metrics.llm_reqs.count as number;
    expect(n).toBeGreaterThanOrEqual(38);
    // An arrival-rate run: the runtime warm-up's 1,000 chat requests (10 VUs × 100) went to llmload's own
    // loopback server and reached neither the target, the metrics, the LLM summary nor --out requests.
    expect(server.requests.length - before).toBe(n);
    expect(summary.llm).toMatchObject({ requests: n, ok: n, failed: 0, output_tokens: 6 * n, prompt_tokens: 3 * n, goodput: { good: n, rate: 1 }, errors: {} });
    expect(summary.llm.ttft.p50).toBeGreaterThanOrEqual(30);
    expect(summary.llm.itl.count).toBe(5 * n);
    expect(summary.metrics.llm_ttft.thresholds).toEqual({ 'p(95)<1000': false });

    const lines = readFileSync(reqs, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(n);
    expect(lines[0]).toMatchObject({
      scenario: 'arrivals',
      endpoint: 'chat',
      model: 'e2e-model',
      ok: true,
      status: 200,
      tokens: { prompt: 3, output: 6, source: 'server' },
      content_chunks: 6,
    });
    expect(lines[0].timings.ttft_intended).toBeGreaterThanOrEqual(lines[0].timings.ttft);

    for (const text of [r.stdout, r.stderr, readFileSync(exp, 'utf8'), readFileSync(reqs, 'utf8'), readFileSync(path.join(dir, 'points.json'), 'utf8')]) {
      expect(text).not.toContain('sk-e2e-secret-key');
    }
    // …while the server did get it.
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-e2e-secret-key');
  });

  it('a crossed llm_ttft threshold exits 99', async () => {
    const r = await run('openai-load.ts', { TTFT_LIMIT: '5', DURATION: '1s' });
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/✗ 'p\(95\)<5' p\(95\)=[\d.]+ms/);
  });

  it('failures are counted by error type, and llm_req_failed thresholds see them', async () => {
    const r = await run('openai-load.ts', { SCRIPT: 'error-mid-stream', DURATION: '1s', RATE: '10' });
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/requests\.+: 0 ok, 10 failed \(100\.00%\)/);
    expect(r.stdout).toMatch(/errors\.+: stream_error=10/);
  });

  it('a request on a keep-alive connection the server had closed is sent again: no failures, retries counted; noConnectionReuse needs none', async () => {
    const exp = path.join(dir, 'stale.json');
    const stale = await run('openai-load.ts', { SCRIPT: 'stale' }, ['--summary-export', exp]);
    expect(stale.code, stale.stdout).toBe(0);
    const s = JSON.parse(readFileSync(exp, 'utf8'));
    expect(s.llm).toMatchObject({ failed: 0, errors: {} });
    // Each close the server made was met by a request that was sent again, until llmload learned the habit (3 closes).
    expect(s.llm.retries).toBeGreaterThanOrEqual(3);
    expect(s.metrics.llm_req_retries.count).toBe(s.llm.retries);
    expect(stale.stdout).toMatch(new RegExp(`retries\\.+: ${s.llm.retries} requests sent again on a new connection`));
    expect(stale.stderr).toContain('closes its connection after every streamed response although it offers keep-alive');

    const fresh = await run('openai-load.ts', { SCRIPT: 'stale', NO_REUSE: '1' }, ['--summary-export', exp]);
    expect(stderrBesidesHealth(fresh.stderr)).toBe('');
    expect(fresh.code).toBe(0);
    expect(JSON.parse(readFileSync(exp, 'utf8')).llm).toMatchObject({ failed: 0, retries: 0, errors: {} });
  });

  it("the README's example (scripts/chat.ts) runs against --mock", async () => {
    const r = await runCli(['run', '--mock', '-q', '-d', '2s', '-u', '2', 'scripts/chat.ts']);
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/requests\.+: [1-9]\d* ok, 0 failed/);
    expect(r.stdout).toMatch(/✓ 'p\(95\)<500' p\(95\)=/);
  });

  it('closed-model scenarios have no intended-start latencies', async () => {
    const exp = path.join(dir, 'closed.json');
    const r = await run('openai-closed.ts', {}, ['--summary-export', exp]);
    expect(r.code).toBe(0);
    const s = JSON.parse(readFileSync(exp, 'utf8'));
    expect(s.metrics.llm_reqs.count).toBe(6);
    expect(s.metrics.llm_ttft_intended).toBeUndefined();
    expect(s.llm.ttft_intended).toBeUndefined();
    expect(s.llm.output_tokens).toBe(18);
  });
});
