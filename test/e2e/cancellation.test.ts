// Request cancellation against the mock, through run(): a scenario's `cancel` rate and a request's
// `cancelAfter`. The client closes the stream, the mock's records show the disconnect and when, and
// the latency statistics hold only the completed requests.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, startMock, type MockServerHandle } from 'llmload/api';
import { repoRoot } from '../support/cli.js';

let mock: MockServerHandle;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-cancel-e2e-'));
beforeAll(async () => {
  // 20 output tokens: 20 ms to the first, then 10 ms each (≈ 210 ms a request).
  mock = await startMock({ ttft: 20, itl: 10, seed: 7 });
});
afterAll(() => mock.close());

const readJsonl = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('request cancellation', () => {
  it('cancel: { rate: 0.1 } over 200 requests: about 10 % cancelled, seen by the mock, left out of every latency', async () => {
    await mock.clearRecords();
    const requests = path.join(dir, 'rate.jsonl');
    const r = await run({
      cwd: repoRoot,
      env: { LLMLOAD_BASE_URL: mock.url },
      outputs: [`requests=${requests}`],
      options: { goodput: { llm_ttft: 10_000 } },
      script: {
        source: `import openai from 'llmload/openai';
const client = openai.client({ model: 'm' });
export const options = {
  scenarios: { s: { executor: 'shared-iterations', vus: 10, iterations: 200, cancel: { rate: 0.1, after: '100ms' } } },
  thresholds: { llm_req_cancelled: ['rate<0.3'], llm_req_failed: ['rate==0'] },
};
export default async function () {
  await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 20, ignore_eos: true });
}`,
      },
    });
    expect(r.error).toBeUndefined();
    expect(r.exitCode).toBe(0);
    const llm = r.llm!;
    const cancelled = llm.cancelled;
    // Binomial(200, 0.1): mean 20, sd 4.2; 4 sd either side.
    expect(cancelled).toBeGreaterThanOrEqual(4);
    expect(cancelled).toBeLessThanOrEqual(37);
    const done = 200 - cancelled;
    expect(llm).toMatchObject({ requests: 200, ok: done, failed: 0, cancelled, errors: {} });
    expect(r.metric('llm_req_cancelled')!.values(['rate', 'passes'])).toMatchObject({ rate: cancelled / 200, passes: cancelled });
    expect(r.metric('llm_reqs')!.values(['count'])).toMatchObject({ count: 200 });
    // llm_req_failed and goodput judge only the requests that were not cancelled.
    expect(r.metric('llm_req_failed')!.values(['rate', 'passes', 'fails'])).toMatchObject({ rate: 0, passes: 0, fails: done });
    expect(r.metric('llm_goodput')!.values(['rate', 'passes', 'fails'])).toMatchObject({ rate: 1, passes: done, fails: 0 });
    expect(llm.goodput).toMatchObject({ good: done, rate: 1 });
    // Latencies and tokens of completed requests only: 20 tokens, 19 gaps each.
    for (const key of ['ttft', 'tpot', 'e2e'] as const) expect(llm[key]!.count).toBe(done);
    expect(llm.itl!.count).toBe(19 * done);
    expect(llm.outputTokens).toBe(20 * done);
    expect(llm.e2e!.p50).toBeGreaterThan(180);

    // The records: cancelled ones say so, 100 ms after they were sent.
    const lines = readJsonl(requests);
    const gone = lines.filter((l) => l.cancelled);
    expect(gone).toHaveLength(cancelled);
    for (const l of gone) {
      expect(l).toMatchObject({ ok: false, error_type: 'cancelled', cancel_after: 100, tokens: null, status: 200 });
      expect(l.timings.e2e).toBeGreaterThanOrEqual(100);
      expect(l.timings.e2e).toBeLessThan(100 + 300);
    }
    expect(lines.filter((l) => !l.cancelled).every((l) => l.ok && l.cancel_after === null && l.tokens.output === 20)).toBe(true);

    // The mock noticed each disconnect mid-stream (both stamps are the mock's: under load its `received`
    // can be late, so the time from the send is checked on the client above and in the next test).
    const seen = await mock.records();
    expect(seen).toHaveLength(200);
    const closed = seen.filter((x) => x.error === 'client_closed');
    expect(closed).toHaveLength(cancelled);
    for (const x of closed) {
      expect(x.clientClosed).toBeGreaterThan(x.received);
      expect(x.clientClosed! - x.received).toBeLessThan(100 + 400);
      expect(x.outputTokens).toBeGreaterThan(0);
      expect(x.outputTokens).toBeLessThan(20);
    }
    expect(seen.filter((x) => x.error === undefined && x.outputTokens === 20)).toHaveLength(done);
  });

  it('cancelAfter closes one request at that time; one that completes first is not cancelled', async () => {
    await mock.clearRecords();
    const requests = path.join(dir, 'after.jsonl');
    const r = await run({
      cwd: repoRoot,
      env: { LLMLOAD_BASE_URL: mock.url },
      outputs: [`requests=${requests}`],
      script: {
        source: `import openai from 'llmload/openai';
const client = openai.client({ model: 'm' });
export default async function () {
  const long = await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 100, ignore_eos: true }, { cancelAfter: '300ms' });
  if (long.ok || long.error.type !== 'cancelled') throw new Error('not cancelled: ' + JSON.stringify(long.error));
  const short = await client.completions({ prompt: 'hi', max_tokens: 2, ignore_eos: true }, { cancelAfter: '2s' });
  if (!short.ok) throw new Error('short failed: ' + JSON.stringify(short.error));
}`,
      },
    });
    expect(r.messages).toEqual([]);
    expect(r.llm).toMatchObject({ requests: 2, ok: 1, failed: 0, cancelled: 1 });
    const [long, short] = readJsonl(requests);
    expect(long).toMatchObject({ endpoint: 'chat', cancelled: true, cancel_after: 300, error: 'cancelled by the client 300 ms after the request was sent' });
    expect(long!.timings.e2e).toBeGreaterThanOrEqual(300);
    expect(long!.timings.e2e).toBeLessThan(300 + 200);
    expect(short).toMatchObject({ endpoint: 'completions', ok: true, cancelled: false, cancel_after: 2000 });
    const [atMock, shortAtMock] = await mock.records();
    expect(atMock!.error).toBe('client_closed');
    expect(atMock!.clientClosed! - atMock!.received).toBeGreaterThanOrEqual(250);
    expect(atMock!.clientClosed! - atMock!.received).toBeLessThan(300 + 300);
    // 20 ms to the first token, then one every 10 ms: about 28 were sent before the close.
    expect(atMock!.outputTokens).toBeGreaterThan(20);
    expect(atMock!.outputTokens).toBeLessThan(35);
    expect(shortAtMock!.error).toBeUndefined();
    expect(shortAtMock!.outputTokens).toBe(2);
  });
});
