import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startSseServer, type SseServer } from '../support/sse-server.js';

/**
 * Trustworthy verdicts, through the real CLI: a run that measured nothing
 * is never green, requests cut off by the end of the test are failures of
 * their own type, failures are reported, failing scripts do not spin, and
 * the shell's OPENAI_API_KEY is used but never shown.
 */
let server: SseServer;
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-verdicts-'));
beforeAll(async () => {
  server = await startSseServer();
});
afterAll(() => server.close());

const fixture = (name: string) => path.join('test/fixtures/verdicts', name);
const out = (name: string) => path.join(dir, name);
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('a run that measured nothing is not green', () => {
  it('a server that stalls after the first token: exit 99, every stuck request failed as interrupted', async () => {
    const exp = out('stall.json');
    const reqs = out('stall-requests.jsonl');
    const hs = out('stall-handle-summary.json');
    const r = await runCli([
      'run',
      '-q',
      fixture('stall.ts'),
      '-e',
      `LLMLOAD_BASE_URL=${server.url}`,
      '-e',
      `OUT_FILE=${hs}`,
      '--summary-export',
      exp,
      '--out',
      `requests=${reqs}`,
    ]);
    expect(r.code, r.stderr).toBe(99);
    const s = json(exp);
    // Two VUs, each stuck on its first request until gracefulStop ran out.
    expect(s.llm).toMatchObject({ requests: 2, ok: 0, failed: 2, errors: { interrupted: 2 } });
    expect(s.metrics.llm_req_failed).toMatchObject({ value: 1, passes: 2, fails: 0, thresholds: { 'rate<0.01': true } });
    // checks and llm_ttft got no sample: their thresholds failed instead of passing on nothing.
    expect(s.metrics.checks.thresholds).toEqual({ 'rate>0.99': true });
    expect(s.metrics.llm_ttft.thresholds).toEqual({ 'p(95)<500': true });
    expect(r.stderr).toContain("threshold 'p(95)<500' on llm_ttft failed: the metric got no samples, so nothing was measured");
    expect(r.stderr).toContain("threshold 'rate>0.99' on checks failed: the metric got no samples");
    expect(r.stderr).toContain("ERROR thresholds on metrics 'checks, llm_req_failed, llm_ttft' have been crossed");
    const lines = readFileSync(reqs, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.ok, l.error_type])).toEqual([
      [false, 'interrupted'],
      [false, 'interrupted'],
    ]);
    // handleSummary gets what --summary-export has, the llm block included.
    expect(json(hs).llm).toMatchObject({ requests: 2, errors: { interrupted: 2 } });
    expect(json(hs).load_generator).toMatchObject({ saturated: expect.any(Boolean) });
  });

  it('Ctrl-C before the first request completes: the summary shows the cut-off requests as failed', async () => {
    const exp = out('stall-sigint.json');
    // A 60 s scenario: the run can end only by the signal, however late a loaded machine prints the progress line.
    const args = ['-e', `LLMLOAD_BASE_URL=${server.url}`, '-e', `OUT_FILE=${out('x.json')}`, '-e', 'DURATION=60s', '--summary-export', exp];
    const r = await runCli(['run', fixture('stall.ts'), ...args], { signalWhen: { text: 'running: stalled' } });
    expect(r.code).toBe(105);
    expect(json(exp).llm).toMatchObject({ ok: 0, errors: { interrupted: 2 } });
  });

  it('a threshold on a metric with no samples exits 99 naming it; allowEmpty passes it; a sample makes it count', async () => {
    const empty = await runCli(['run', '-q', fixture('empty-threshold.ts')]);
    expect(empty.code).toBe(99);
    expect(empty.stderr).toContain("threshold 'p(95)<100' on never_measured failed: the metric got no samples");
    expect(empty.stdout).toMatch(/✗ 'p\(95\)<100' no samples: nothing was measured/);
    const allowed = await runCli(['run', '-q', fixture('empty-threshold.ts'), '-e', 'ALLOW=1']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toMatch(/✓ 'p\(95\)<100' no samples \(allowEmpty\)/);
    const measured = await runCli(['run', '-q', fixture('empty-threshold.ts'), '-e', 'ADD=1']);
    expect(measured.code, measured.stderr).toBe(0);
  });
});

describe('failures are visible, and failing scripts do not spin', () => {
  it('connection refused: one warning per error code, body "", and an iteration that throws backs off', async () => {
    const target = `http://127.0.0.1:${await closedPort()}/`;
    const exp = out('down.json');
    const r = await runCli(['run', '-q', fixture('http-down.ts'), '-e', `TARGET=${target}`, '--summary-export', exp]);
    expect(r.code, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('llmload/http:'));
    expect(warnings).toEqual([
      `WARN llmload/http: GET ${target}: dial: connection refused (error_code 1212); further errors with this code are counted in http_req_failed, not logged`,
    ]);
    const s = json(exp);
    expect(s.root_group.checks['body is a string']).toMatchObject({ fails: 0 });
    // Back-off after a thrown iteration: 10 ms doubling to 1 s, so ~8 iterations per VU in 2 s (thousands without).
    expect(s.metrics.iterations.count).toBeGreaterThanOrEqual(4);
    expect(s.metrics.iterations.count).toBeLessThan(40);
    expect(s.metrics.http_req_failed).toMatchObject({ value: 1 });
  });
});

describe('environment like k6', () => {
  it('OPENAI_API_KEY and LLMLOAD_BASE_URL exported in the shell are used, and the key appears in no output', async () => {
    const key = 'sk-from-the-shell-0123456789';
    const before = server.requests.length;
    const files = mkdtempSync(path.join(dir, 'env-'));
    const r = await runCli(
      [
        'run',
        fixture('env-key.ts'),
        '--summary-export',
        path.join(files, 's.json'),
        '--out',
        `json=${path.join(files, 'p.json')}`,
        '--out',
        `requests=${path.join(files, 'r.jsonl')}`,
      ],
      { env: { OPENAI_API_KEY: key, LLMLOAD_BASE_URL: server.url } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(server.requests.length - before).toBe(1);
    expect(server.requests.at(-1)!.headers.authorization).toBe(`Bearer ${key}`);
    for (const text of [r.stdout, r.stderr, ...readdirSync(files).map((f) => readFileSync(path.join(files, f), 'utf8'))]) {
      expect(text).not.toContain(key);
    }
    // --no-include-system-env-vars: only -e values reach __ENV (no base URL, so the client refuses at init: exit 107).
    const bare = await runCli(['run', '-q', '--no-include-system-env-vars', fixture('env-key.ts')], { env: { LLMLOAD_BASE_URL: server.url } });
    expect(bare.code).toBe(107);
    expect(bare.stderr).toContain('baseUrl must be an http(s) URL');
  });
});
