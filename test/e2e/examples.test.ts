/**
 * Every example in scripts/ runs as its header says — `npx llmload run --mock scripts/x.ts` —
 * passes its thresholds and measures something. Scripts are found by listing the folder, so a
 * new example is covered without touching this file; SHORT only shortens runs through the
 * scripts' own __ENV knobs (a new example with a long default needs an entry, or times out).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../../runtime/mock/index.js';
import { repoRoot, runCli, stderrBesidesHealth } from '../support/cli.js';

type Metrics = Record<string, Record<string, number> | undefined>;

const scripts = readdirSync(path.join(repoRoot, 'scripts'))
  .filter((f) => f.endsWith('.ts'))
  .sort();

/** `-e` overrides that keep each run to a few seconds, and what each example must have done. */
const SHORT: Record<string, { env: string[]; check?(m: Metrics): void }> = {
  'arrival-rate.ts': {
    env: ['RATE=50', 'DURATION=3s'],
    // An open model starts iterations at the rate whatever the latency: 50/s × 3 s (enough samples that
    // p(99) of iteration_schedule_lag is not just the slowest start on a busy machine).
    check: (m) => expect(m.iterations!.count! + (m.dropped_iterations?.count ?? 0)).toBe(150),
  },
  'chat.ts': { env: ['RATE=5', 'DURATION=2s'] },
  'fixed-isl-osl.ts': { env: ['PAIRS=64x8,512x8', 'STEP_S=2', 'GRACE_S=1'] },
  'http-smoke.ts': { env: [], check: (m) => expect(m.http_reqs!.count).toBe(5) },
  'mooncake-replay.ts': { env: ['TIME_SCALE=8', 'VUS=100'], check: (m) => expect(m.llm_reqs!.count).toBe(80) },
  'ramp.ts': {
    env: ['RAMP=1s', 'HOLD=1s'],
    check: (m) => {
      expect(m.vus_max!.max).toBe(10);
      expect(m.iterations!.count).toBeGreaterThan(5);
    },
  },
  'shared-prefix.ts': { env: ['DURATION=2s', 'RATE=5', 'PREFIX=256'] },
  'sharegpt-chat.ts': { env: ['DURATION=3s', 'VUS=2'] },
};

const dir = mkdtempSync(path.join(tmpdir(), 'llmload-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('example scripts with --mock', () => {
  it('finds the examples, and SHORT names only scripts that exist', () => {
    expect(scripts.length).toBeGreaterThan(0);
    expect(Object.keys(SHORT).filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it.each(scripts)(
    '%s',
    async (script) => {
      const { env = [], check } = SHORT[script] ?? {};
      const out = path.join(dir, `${script}.json`);
      const args = ['run', '-q', '--mock', ...env.flatMap((e) => ['-e', e]), '--summary-export', out, path.join('scripts', script)];
      const res = await runCli(args, { timeoutMs: 100_000 });
      expect(stderrBesidesHealth(res.stderr)).not.toMatch(/ERRO|WARN/);
      expect(res.code, res.stdout + res.stderr).toBe(0);
      const m = (JSON.parse(readFileSync(out, 'utf8')) as { metrics: Metrics }).metrics;
      // LLM requests are HTTP requests too, but an HTTP-only example has no llm_reqs.
      expect((m.http_reqs?.count ?? 0) + (m.llm_reqs?.count ?? 0)).toBeGreaterThan(0);
      expect(m.http_req_failed?.passes ?? 0).toBe(0);
      expect(m.llm_req_failed?.passes ?? 0).toBe(0);
      expect(m.checks?.fails ?? 0).toBe(0);
      check?.(m);
    },
    110_000,
  );
});

describe('the mock’s plain HTTP routes', () => {
  it('answer k6-style requests and stay out of the LLM records', async () => {
    const mock = await startMockServer({ seed: 1, ttft: 5, itl: 1, 'output-tokens': 4 });
    try {
      const index = await fetch(`${mock.url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toMatch(/text\/html/);
      expect(await index.text()).toContain('llmload mock');
      expect((await fetch(`${mock.url}/`, { method: 'HEAD' })).status).toBe(200);
      expect((await fetch(`${mock.url}/`, { method: 'POST', body: 'x' })).status).toBe(405);
      expect((await fetch(`${mock.url}/status/503`, { method: 'POST' })).status).toBe(503);
      expect((await fetch(`${mock.url}/status/42`)).status).toBe(404);
      const echo = await fetch(`${mock.url}/echo?a=1`, { method: 'PUT', headers: { 'x-k6': 'yes' }, body: '{"hi":1}' });
      expect(await echo.json()).toMatchObject({ method: 'PUT', path: '/echo', query: { a: '1' }, headers: { 'x-k6': 'yes' }, body: '{"hi":1}' });

      const chat = await fetch(`${mock.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(chat.status).toBe(200);
      await chat.json();
      // Only the LLM request is recorded, as the first one the mock saw.
      expect(mock.records().map((r) => [r.seq, r.endpoint])).toEqual([[0, 'chat']]);
    } finally {
      await mock.close();
    }
  });
});
