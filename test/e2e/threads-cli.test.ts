import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run as apiRun, type RunProgress } from 'llmload/api';
import { repoRoot, runCli } from '../support/cli.js';

const FIXTURE = 'test/fixtures/e2e/threads.ts';

/** A server that records every request's path, query and x-token. */
function recorder() {
  const seen: { path: string; query: URLSearchParams; token: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: u.pathname, query: u.searchParams, token: req.headers['x-token'] as string | undefined });
    req.resume();
    req.on('end', () => res.end(u.pathname === '/metrics' ? 'vllm:num_requests_running 0\n' : 'ok'));
  });
  return { seen, server };
}

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const jsonLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

describe('llmload run --threads: one test over worker threads', () => {
  const { seen, server } = recorder();
  let base: string;
  let dir: string;

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-threads-'));
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const run = (name: string, more: string[], env: Record<string, string> = {}) =>
    runCli(['run', '--no-color', '--summary-export', path.join(dir, `${name}.json`), '--out', `json=${path.join(dir, `${name}.jsonl`)}`, ...more, FIXTURE], {
      env: { BASE: base, ...env },
      timeoutMs: 90_000,
    });

  it('runs every iteration once, with test-wide VU ids, setup() and teardown() once, and the numbers of a one-thread run', async () => {
    // SLOW: 20 ms per iteration, so each thread's test lasts long enough (≥ 250 ms) to judge its load health.
    const one = await run('one', [], { SLOW: '1' });
    expect(one.code, one.stderr).toBe(0);
    const oneSeen = seen.splice(0);
    const two = await run('two', ['--threads', '2'], { SLOW: '1' });
    expect(two.code, two.stderr).toBe(0);

    const hits = seen.filter((s) => s.path === '/hit');
    expect(hits).toHaveLength(200);
    expect(seen.filter((s) => s.path === '/setup')).toHaveLength(1);
    expect(seen.filter((s) => s.path === '/teardown')).toHaveLength(1);
    // setup()'s data reached every thread; exec.scenario.iterationInTest numbers the test once.
    expect(hits.every((h) => h.token === 'from-setup')).toBe(true);
    expect(new Set(hits.map((h) => h.query.get('it'))).size).toBe(200);
    // __VU is unique in the run (1..4, as without threads) and equals exec.vu.idInTest.
    expect(new Set(hits.map((h) => h.query.get('vu')))).toEqual(new Set(['1', '2', '3', '4']));
    expect(hits.every((h) => h.query.get('vu') === h.query.get('id'))).toBe(true);
    expect(oneSeen.filter((s) => s.path === '/hit')).toHaveLength(200);

    const a = json(path.join(dir, 'one.json')).metrics;
    const b = json(path.join(dir, 'two.json')).metrics;
    for (const m of ['http_reqs', 'iterations', 'hits', 'checks', 'http_req_duration'])
      expect([m, b[m].count ?? b[m].passes], m).toEqual([m, a[m].count ?? a[m].passes]);
    expect(b.http_reqs.count).toBe(202);
    // The LOAD GENERATOR block: each thread's own health, as a one-thread run has its own.
    expect(json(path.join(dir, 'two.json')).load_generator.threads.map((t: { index: number }) => t.index)).toEqual([0, 1]);
    expect(two.stdout).toMatch(/LOAD GENERATOR\n\n\s+status\.+: (ok: every thread kept up|SATURATED on thread)/);
    expect(b.checks.passes).toBe(200);

    // --out gets every sample of every thread, each once.
    const points = jsonLines(path.join(dir, 'two.jsonl')).filter((l) => l.type === 'Point');
    const hitPoints = points.filter((p) => p.metric === 'http_reqs' && String(p.data.tags.url).includes('/hit'));
    expect(hitPoints).toHaveLength(200);
    expect(points.filter((p) => p.metric === 'hits')).toHaveLength(200);
    expect(points.some((p) => 'instance' in p.data.tags)).toBe(false);

    // The script's console reaches the run's stderr; the threads' agent chatter does not.
    expect(two.stderr).toContain('the first iteration');
    expect(two.stderr).toMatch(/^ +threads: 2 \(thread i runs execution segment i\/2:\(i\+1\)\/2 of every scenario\)$/m);
    expect(two.stderr).not.toMatch(/agent \d|coordinator/);
    expect(two.stdout).toContain('█ TOTAL RESULTS');
  }, 120_000);

  it('judges thresholds on the merged data (exit 99) and stops every thread on exec.test.abort() (exit 108)', async () => {
    const step = path.join(dir, 'step.md');
    const failed = await run('fail', ['--threads', '2'], { FAIL: '1', GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: step });
    expect(failed.code, failed.stderr).toBe(99);
    expect(failed.stdout).toMatch(/✗ 'max<0'/);
    // In GitHub Actions, as a one-thread run: an annotation per failed threshold and the step summary.
    expect(failed.stdout).toMatch(/^::error .*threshold 'max<0' on http_req_duration failed/m);
    expect(readFileSync(step, 'utf8')).toContain('http_req_duration');
    seen.length = 0;
    const aborted = await run('abort', ['--threads', '2'], { ABORT: '1' });
    expect(aborted.code, aborted.stderr).toBe(108);
    expect(aborted.stderr).toContain('enough');
    expect(seen.filter((s) => s.path === '/hit').length).toBeLessThan(200);
  }, 120_000);

  it("run() takes `threads` too: the result, onProgress (summed over the threads) and an AbortSignal are one run's", async () => {
    const seenProgress: RunProgress[] = [];
    const r = await apiRun({ script: FIXTURE, cwd: repoRoot, threads: 2, env: { BASE: base }, onProgress: (p) => seenProgress.push(p) });
    expect(r.exitCode, JSON.stringify(r.error)).toBe(0);
    expect(r.metric('iterations')!.values(['count']).count).toBe(200);
    const last = seenProgress.at(-1)!;
    expect(last.scenarios).toEqual([expect.objectContaining({ name: 'fixed', status: 'done', completed: 200, progress: 1 })]);
    expect(seenProgress.every((p) => p.scenarios[0]!.vus <= 4)).toBe(true);

    const ac = new AbortController();
    seen.length = 0;
    const stopped = await apiRun({
      script: FIXTURE,
      cwd: repoRoot,
      threads: 2,
      env: { BASE: base, SLOW: '1' },
      signal: ac.signal,
      onProgress: (p) => p.scenarios[0]!.completed > 20 && ac.abort(),
    });
    expect(stopped.exitCode).toBe(105);
    expect(seen.filter((s) => s.path === '/teardown')).toHaveLength(1);

    const objects = await apiRun({ script: FIXTURE, cwd: repoRoot, threads: 2, plugins: [{ name: 'x' }] });
    expect(objects.exitCode).toBe(104);
    expect(objects.error?.message).toMatch(/--threads: plugin objects cannot cross into threads/);
  }, 120_000);

  it('scrapes telemetry once, in the run, not in every thread (its counters would count again)', async () => {
    const scrapes = async (more: string[]) => {
      seen.length = 0;
      const r = await run('telemetry', more, { TELEMETRY: '1' });
      expect(r.code, r.stderr).toBe(0);
      return seen.filter((s) => s.path === '/metrics').length;
    };
    const one = await scrapes([]);
    const two = await scrapes(['--threads', '2']);
    // A baseline scrape, one per 100 ms of a ~1 s test, a final one: from one scraper, not three.
    expect(one).toBeGreaterThanOrEqual(3);
    expect(two).toBeGreaterThanOrEqual(3);
    expect(two).toBeLessThan(one * 2);
  }, 120_000);

  it('refuses what threads cannot do, naming the flag (exit 104)', async () => {
    const zero = await runCli(['run', '--threads', '0', FIXTURE], { env: { BASE: base } });
    expect(zero.code).toBe(104);
    expect(zero.stderr).toMatch(/--threads: must be a whole number >= 1, got 0/);
    const stdin = await runCli(['run', '--threads', '2', '-'], { stdin: 'export default function () {}' });
    expect(stdin.code).toBe(104);
    expect(stdin.stderr).toMatch(/--threads: needs a script file/);
    const seg = await runCli(['run', '--threads', '2', '--execution-segment', '0:1/2', FIXTURE], { env: { BASE: base } });
    expect(seg.code).toBe(104);
    expect(seg.stderr).toMatch(/--execution-segment: not with --threads/);
  }, 60_000);
});
