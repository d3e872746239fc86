import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';
import { runCli } from '../support/cli.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * Servers that close kept-alive connections (llama.cpp after every stream):
 * the real CLI sends a request caught by such a close once more on a new
 * connection, learns the habit, and reports the retries; a server that
 * really fails still shows its failures.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-retry-e2e-'));
let mock: MockServer;
let sse: SseServer;
beforeAll(async () => {
  mock = await startMockServer({ 'close-connections': 'streams', ttft: 1, itl: 0.2, seed: 1 });
  sse = await startSseServer();
});
afterAll(async () => {
  await mock.close();
  await sse.close();
});

const exported = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
/** test/fixtures/e2e/openai-many.ts against `url`, with these env vars, writing its summary export to `exp`. */
const runMany = (url: string, env: Record<string, string>, exp: string, extra: string[] = []) =>
  runCli([
    'run',
    '-q',
    'test/fixtures/e2e/openai-many.ts',
    ...Object.entries({ LLMLOAD_BASE_URL: url, ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ...['--summary-export', exp, ...extra],
  ]);

describe('servers that close kept-alive connections', () => {
  it('llama.cpp-like mock: 2,000 streamed requests with default reuse, 0 failures, retries reported, nothing served twice', async () => {
    const exp = path.join(dir, 'llama.json');
    const reqs = path.join(dir, 'llama.jsonl');
    mock.clearRecords();
    const r = await runMany(mock.url, {}, exp, ['--out', `requests=${reqs}`]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = exported(exp);
    expect(s.llm).toMatchObject({ requests: 2000, ok: 2000, failed: 0, errors: {} });
    expect(s.metrics.llm_req_retries.count).toBe(s.llm.retries);
    expect(r.stdout).toMatch(/llm_req_retries\.+: \d+/);
    const lines = readFileSync(reqs, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { retries: number; ok: boolean });
    expect(lines).toHaveLength(2000);
    expect(lines.reduce((n, l) => n + l.retries, 0)).toBe(s.llm.retries);
    // A request the server dropped was never served; its second send was, once.
    expect(mock.records()).toHaveLength(2000);
    // Learned after a few closes: from then on every stream had its own connection.
    expect(r.stderr).toContain(`${mock.url} closes its connection after every streamed response although it offers keep-alive`);
    expect(s.llm.retries).toBeLessThan(100);
  });

  it('2,000 requests to a server that closes every kept connection on its next request: each close costs one second send, no failure', async () => {
    const exp = path.join(dir, 'stale.json');
    const r = await runMany(sse.url, { SCRIPT: 'stale' }, exp);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = exported(exp);
    expect(s.llm).toMatchObject({ requests: 2000, ok: 2000, failed: 0, errors: {} });
    // The habit is learned from closes that each met a request: at least 3 were sent again.
    expect(s.llm.retries).toBeGreaterThanOrEqual(3);
    expect(r.stdout).toMatch(/retries\.+: \d+ requests sent again on a new connection/);
  });

  it.each([
    ['drop', 'connection_reset', /connection_reset\.+: the server reset connections/],
    ['close-mid-stream', 'incomplete_stream', /incomplete_stream\.+: responses ended early/],
  ])('a server that really fails (%s) still fails every request, with what to do about it', async (script, type, hint) => {
    const exp = path.join(dir, `${script}.json`);
    const r = await runMany(sse.url, { SCRIPT: script, N: '60', VUS: '2' }, exp);
    expect(r.code).toBe(99); // llm_req_failed rate==0 crossed
    const s = exported(exp);
    // Each VU's first request goes out on the connection it opened before the test (a kept one): a reset
    // there is sent once more, as on any kept connection; every later request is on a new connection.
    expect(s.llm).toMatchObject({ requests: 60, ok: 0, failed: 60, retries: script === 'drop' ? 2 : 0, errors: { [type]: 60 } });
    expect(r.stdout).toMatch(hint);
  });

  it('llmload/http against a server that closes after every response: no failures, http_req_retries from a measured 0', async () => {
    const closing = await startMockServer({ 'close-connections': true });
    try {
      const exp = path.join(dir, 'http.json');
      const r = await runCli(['run', '-q', 'test/fixtures/e2e/http-many.ts', '-e', `LLMLOAD_BASE_URL=${closing.url}`, '--summary-export', exp]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const m = exported(exp).metrics;
      expect(m.http_reqs.count).toBeGreaterThan(300);
      expect(m.http_req_failed.value).toBe(0);
      // Present though the warm-up's requests came first (they record nothing).
      expect(m.http_req_retries.count).toBeLessThan(50);
      expect(r.stderr).toContain(`llmload/http: ${closing.url} closes its connection after every response although it offers keep-alive`);
    } finally {
      await closing.close();
    }
  });

  it('scripts/fixed-isl-osl.ts as shipped, against the mock with llama.cpp behaviour: 0 failures', async () => {
    const exp = path.join(dir, 'isl.json');
    const r = await runCli([
      'run',
      '-q',
      '--mock',
      ...['close-connections=streams', 'ttft=2', 'itl=0.5'].flatMap((o) => ['--mock-option', o]),
      ...['PAIRS=128x32,256x16', 'STEP_S=2', 'GRACE_S=1'].flatMap((e) => ['-e', e]),
      'scripts/fixed-isl-osl.ts',
      '--summary-export',
      exp,
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const s = exported(exp);
    expect(s.llm.requests).toBeGreaterThan(50);
    expect(s.llm).toMatchObject({ failed: 0, errors: {} });
  });
});
