// llmload/api and llmload/vitest as a user's suite uses them: the first describe is the README's
// "Use from Node and Vitest" example as written there; the second checks that runs leave nothing open.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run, startMock, type MockServerHandle } from 'llmload/api';
import 'llmload/vitest';
import { repoRoot } from '../support/cli.js';

describe('LLM endpoint SLOs (README example)', () => {
  let mock: MockServerHandle;
  beforeAll(async () => {
    mock = await startMock({ ttft: 'fixed:20', itl: 'fixed:2' });
  });
  afterAll(() => mock.close());

  it('meets its SLOs', async () => {
    const result = await run({ script: 'test/fixtures/api/chat.ts', cwd: repoRoot, env: { BASE_URL: mock.url } });
    expect(result).toPassThresholds();
    expect(result).toMeetSlo({ llm_ttft: ['p(95)<1000', 'p(99.9)>=20'], llm_req_failed: 'rate==0' });
    expect(result.llm).toMatchObject({ requests: 8, ok: 8, outputTokens: 64 });
    expect(result.checks).toEqual([
      { name: 'ok', path: '::ok', passes: 8, fails: 0 },
      { name: 'eight tokens', path: '::eight tokens', passes: 8, fails: 0 },
    ]);
    expect(await mock.records()).toHaveLength(8);
  });

  it('fails a tighter SLO given as options', async () => {
    const result = await run({
      script: 'test/fixtures/api/chat.ts',
      cwd: repoRoot,
      env: { BASE_URL: mock.url },
      options: { iterations: 4, thresholds: { llm_ttft: ['p(95)<1'] } },
    });
    expect(result.exitCode).toBe(99);
    expect(result).not.toPassThresholds();
    expect(result.llm?.requests).toBe(4);
  });
});

describe('run() in a long-lived process', () => {
  it('two runs against startMock() are independent, write nothing and leave no handle open', async () => {
    // The process's stdio streams are made on first use (a worker thread pipes its output to them):
    // they belong to the process, not to a run.
    void [process.stdout, process.stderr];
    const before = process.getActiveResourcesInfo();
    const writes = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
    const mock = await startMock({ ttft: 'fixed:20', itl: 'fixed:2' });
    const first = await run({ script: 'test/fixtures/api/chat.ts', cwd: repoRoot, env: { BASE_URL: mock.url } });
    const second = await run({
      script: 'test/fixtures/api/chat.ts',
      cwd: repoRoot,
      env: { BASE_URL: mock.url },
      options: { iterations: 4, tags: { testid: 'second-run' }, thresholds: { llm_ttft: ['p(95)<1'] } },
    });
    expect(await mock.records()).toHaveLength(12);
    await mock.close();

    expect(first.exitCode, JSON.stringify(first.error ?? first.messages)).toBe(0);
    expect(first).toMeetSlo({ iterations: 'count==8', llm_ttft: 'min>=20' });
    expect(first.thresholds).toEqual([
      { metric: 'llm_ttft', expression: 'p(95)<1000', ok: true, observed: expect.any(Number), empty: false },
      { metric: 'checks', expression: 'rate==1', ok: true, observed: 1, empty: false },
    ]);
    expect(first.testid).toMatch(/^\d{8}-\d{6}-[0-9a-f]{4}$/);
    // Nothing of the first run is in the second: its own counts, thresholds and id.
    expect(second).toMeetSlo({ iterations: 'count==4', llm_reqs: 'count==4' });
    expect(second.thresholds.map((t) => [t.expression, t.ok])).toEqual([
      ['p(95)<1', false],
      ['rate==1', true],
    ]);
    expect(second.testid).toBe('second-run');
    for (const w of writes) {
      expect(w).not.toHaveBeenCalled();
      w.mockRestore();
    }
    // Sockets and threads finish closing on the next turns of the loop; Vitest's own timers come and go.
    await expect.poll(() => beyond(before, process.getActiveResourcesInfo()), { timeout: 2000 }).toEqual([]);
  });
});

/** Resources in `after` that `before` did not have (by type, counted): what a run left open. */
function beyond(before: string[], after: string[]): string[] {
  const left = [...before];
  return after.filter((r) => {
    const i = left.indexOf(r);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}
