import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';
import type { MockRequestRecord } from '../../runtime/mock/records.js';
import { runCli } from '../support/cli.js';

/**
 * The accuracy bar: the real CLI against the mock (another process) set to
 * TTFT 200 ms, ITL 20 ms, 64 tokens. Client p50 TTFT within 2 ms of 200 and
 * within 1 ms of the mock's own first-write times; p50 ITL within 1 ms of 20;
 * token counts exact; llm thresholds give exit 0 / 99. Requests are paired
 * with the mock's records by x-request-id to check every one, not only p50.
 */
let mock: MockServer;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-accuracy-'));
beforeAll(async () => {
  mock = await startMockServer({ ttft: 200, itl: 20, chunkTimes: true, seed: 7 });
});
afterAll(() => mock.close());

/** NumPy's default percentile (linear interpolation), as llmload's trends. */
function p(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const r = (q / 100) * (s.length - 1);
  const lo = Math.floor(r);
  return s[lo]! + (s[Math.ceil(r)]! - s[lo]!) * (r - lo);
}

const run = (env: Record<string, string>, extra: string[] = []) =>
  runCli(['run', '-q', 'test/fixtures/e2e/openai-accuracy.ts', '-e', `LLMLOAD_BASE_URL=${mock.url}`, ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), ...extra], {
    timeoutMs: 120_000,
  });

describe('accuracy against the mock (TTFT 200 ms, ITL 20 ms, 64 tokens)', () => {
  it('TTFT, ITL and tokens match the mock; thresholds pass (exit 0)', async () => {
    mock.clearRecords();
    const exp = path.join(dir, 'summary.json');
    const reqs = path.join(dir, 'requests.jsonl');
    const r = await run({}, ['--summary-export', exp, '--out', `requests=${reqs}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    const s = JSON.parse(readFileSync(exp, 'utf8'));
    const server: MockRequestRecord[] = mock.records();
    const n = s.metrics.llm_reqs.count as number;
    expect(n).toBeGreaterThanOrEqual(48);
    expect(server).toHaveLength(n);
    expect(s.llm.failed).toBe(0);

    // Tokens: exact, from usage, 64 per request, and what the mock says it generated.
    expect(s.metrics.llm_output_tokens_total.count).toBe(64 * n);
    expect(s.llm.output_tokens).toBe(server.reduce((a, x) => a + x.outputTokens, 0));
    expect(s.llm.prompt_tokens).toBe(server.reduce((a, x) => a + x.promptTokens, 0));
    expect(s.metrics.llm_output_tokens.min).toBe(64);
    expect(s.metrics.llm_output_tokens.max).toBe(64);

    // p50s: against the settings and against the mock's own view.
    const serverTtft = server.map((x) => x.firstWrite! - x.received);
    const serverItl = server.flatMap((x) => x.chunkTimes!.slice(1).map((t, i) => t - x.chunkTimes![i]!));
    const ttft50 = s.metrics.llm_ttft['p(50)'] as number;
    const itl50 = s.metrics.llm_itl['p(50)'] as number;
    const out = {
      n,
      clientTtftP50: ttft50,
      serverTtftP50: p(serverTtft, 50),
      clientItlP50: itl50,
      serverItlP50: p(serverItl, 50),
      clientTtftP99: s.metrics.llm_ttft['p(99)'],
      clientItlP99: s.metrics.llm_itl['p(99)'],
    };
    expect(Math.abs(ttft50 - 200), JSON.stringify(out)).toBeLessThanOrEqual(2);
    expect(Math.abs(ttft50 - p(serverTtft, 50)), JSON.stringify(out)).toBeLessThanOrEqual(1);
    expect(Math.abs(itl50 - 20), JSON.stringify(out)).toBeLessThanOrEqual(1);
    expect(s.metrics.llm_itl.count ?? s.llm.itl.count).toBe(63 * n);

    // Per request: the client's TTFT minus the mock's (request transfer + response read).
    const byId = new Map(server.map((x) => [x.requestId, x]));
    const deltas = readFileSync(reqs, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((c) => {
        const m = byId.get(c.tags.rid)!;
        expect(c.tokens.output).toBe(m.outputTokens);
        return c.timings.ttft - (m.firstWrite! - m.received);
      });
    expect(deltas).toHaveLength(n);
    const d50 = p(deltas, 50);
    console.log(`accuracy: ${JSON.stringify({ ...out, deltaTtftP50: d50, deltaTtftMin: Math.min(...deltas), deltaTtftMax: Math.max(...deltas) })}`);
    expect(d50).toBeGreaterThan(0); // the client cannot see the first token before the mock wrote it
    expect(d50).toBeLessThanOrEqual(1);
  });

  it('a crossed TTFT threshold exits 99', async () => {
    const r = await run({ TTFT_LIMIT: '195', DURATION: '1s' });
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/✗ 'p\(50\)<195' p\(50\)=/);
  });
});
