import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';
import type { MockRequestRecord } from '../../runtime/mock/records.js';
import { measureEpochOrigin } from '../../runtime/scheduler/clock.js';
import { runCli, stderrBesidesHealth } from '../support/cli.js';

/**
 * The accuracy bar: the real CLI against the mock (another process) set to
 * TTFT 200 ms, ITL 20 ms, 64 tokens. Client p50 TTFT within 2 ms of 200 and
 * within 1 ms of the mock's own first-write times; p50 ITL within 1 ms of 20;
 * token counts exact; llm thresholds give exit 0 / 99. Requests are paired
 * with the mock's records by x-request-id to check every one, not only p50.
 * The client−mock TTFT difference is the request's trip to the mock plus the
 * first chunk's trip back (one loopback round trip: ~0.06 ms hot, 0.3–1 ms
 * after an idle wait on these VMs).
 *
 * Arrivals are Poisson (seeded), as real traffic: at a constant 10/s every
 * request was sent, and its first token came due, at the very instant the
 * other 15 streams' chunks were (100 ms is 5 ITLs), so both sides were
 * measuring their own collisions (client TTFT p50 201.1–202.1 ms against
 * 200.5–200.6 with Poisson arrivals).
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
  runCli(
    [
      'run',
      '-q',
      'test/fixtures/e2e/openai-accuracy.ts',
      '-e',
      `LLMLOAD_BASE_URL=${mock.url}`,
      ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ...extra,
    ],
    {
      timeoutMs: 120_000,
    },
  );

/** p50 of a bare undici GET round trip to `url` after 20 ms idle (what any client pays on this machine). */
async function idleRoundTripMs(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 25; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const t0 = performance.now();
    const res = await request(`${url}/v1/models`);
    const t1 = performance.now();
    await res.body.text();
    times.push(t1 - t0);
  }
  return p(times, 50);
}

describe('accuracy against the mock (TTFT 200 ms, ITL 20 ms, 64 tokens)', () => {
  // One retry: a timing bar on a shared 2-core VM can meet a neighbour's burst; a real error fails twice.
  it('TTFT, ITL and tokens match the mock; thresholds pass (exit 0)', { retry: 1 }, async () => {
    mock.clearRecords();
    const exp = path.join(dir, 'summary.json');
    const reqs = path.join(dir, 'requests.jsonl');
    // This process's epoch origin read now, as the CLI reads its own at its start: the mock's (read when it
    // started) is off by whatever the VM's wall clock was stepped or slewed since (CI saw 3.7 ms and 9.4 s).
    const originBefore = measureEpochOrigin();
    // 16 s at 10/s (Poisson, seed 1: 149 arrivals) on ~16 VUs, so most reuse their VU's connection (a new one adds its connect to TTFT).
    const r = await run({ DURATION: '16s' }, ['--summary-export', exp, '--out', `requests=${reqs}`]);
    const clockMoved = measureEpochOrigin() - originBefore;
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    const s = JSON.parse(readFileSync(exp, 'utf8'));
    const server: MockRequestRecord[] = mock.records();
    const n = s.metrics.llm_reqs.count as number;
    expect(n).toBeGreaterThanOrEqual(147); // 149 scheduled; one or two may meet the end of the run
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
    // The bar as the issue sets it. What remains in the client's TTFT beyond the mock's is the request's
    // trip to the mock and the first chunk's trip back (the client's own request building is not in it:
    // the clock starts as undici writes the request), ~0.4 ms each way on this VM after an idle wait.
    const bare = await idleRoundTripMs(mock.url);
    console.log(`accuracy: ${JSON.stringify({ ...out, bareRoundTripP50: bare })}`);
    expect(Math.abs(ttft50 - 200), JSON.stringify({ ...out, bare })).toBeLessThanOrEqual(2);
    expect(ttft50 - out.serverTtftP50, JSON.stringify({ ...out, bare })).toBeLessThanOrEqual(2 * bare + 1);
    expect(Math.abs(itl50 - 20), JSON.stringify(out)).toBeLessThanOrEqual(1);
    expect(s.llm.itl.count).toBe(63 * n); // one ITL sample per gap

    // Per request, paired by x-request-id, on one clock (epoch ms; the mock runs in this process, its records
    // are monotonic): when the client stamped the first content chunk vs when the mock wrote it, and the two
    // TTFTs. A wall clock moved during the run voids the first comparison (the retry runs it again).
    expect(Math.abs(clockMoved), `the wall clock moved by ${clockMoved} ms during the run`).toBeLessThan(0.25);
    const byId = new Map(server.map((x) => [x.requestId, x]));
    const late: number[] = [];
    const ttftDiff: number[] = [];
    for (const line of readFileSync(reqs, 'utf8').trim().split('\n')) {
      const c = JSON.parse(line);
      const m = byId.get(c.tags.rid)!;
      expect(c.tokens.output).toBe(m.outputTokens);
      late.push(c.start_unix_ms + c.timings.ttft - (originBefore + m.firstWrite!));
      ttftDiff.push(c.timings.ttft - (m.firstWrite! - m.received));
    }
    expect(late).toHaveLength(n);
    const view = {
      firstChunkAfterWriteP50: p(late, 50),
      firstChunkAfterWriteMin: Math.min(...late),
      firstChunkAfterWriteMax: Math.max(...late),
      ttftMinusMockTtftP50: p(ttftDiff, 50),
      ttftMinusMockTtftMin: Math.min(...ttftDiff),
    };
    console.log(`accuracy per request: ${JSON.stringify(view)}`);
    // The client's first-token time: within 1 ms of the mock's first write (p50), and never before it
    // (both processes' epoch clocks are calibrated at a wall-clock tick, so this holds per request).
    expect(view.firstChunkAfterWriteMin, JSON.stringify(view)).toBeGreaterThanOrEqual(0);
    expect(view.firstChunkAfterWriteP50, JSON.stringify({ ...view, bare })).toBeLessThanOrEqual(1);
    // Client TTFT − mock TTFT = the request's trip to the mock + the chunk's trip back: positive, and
    // one loopback round trip (≪ 1 ms idle; up to ~2 ms on a loaded 2-core VM, for any client).
    expect(view.ttftMinusMockTtftMin).toBeGreaterThan(0);
    // The llm thresholds (p(50) of TTFT < 205 ms, of ITL < 21 ms, no failure) hold: exit 0.
    expect(r.code).toBe(0);
  });

  it('a crossed TTFT threshold exits 99', async () => {
    const r = await run({ TTFT_LIMIT: '195', DURATION: '1s' });
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/✗ 'p\(50\)<195' p\(50\)=/);
  });
});
