// k6-style (synchronous) scripts through the real CLI: a full run, and a bundle refusal (exit 104).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/http-server.js';

const fx = (name: string) => path.join('test/fixtures/sync-style', name);
let server: TestServer;
let tmp: string;

beforeAll(async () => {
  server = await startTestServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-sync-style-'));
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('llmload run with a k6-style script', () => {
  it('runs it to completion: every request, check and group counted', async () => {
    const out = path.join(tmp, 'k6-style.json');
    const before = server.requests;
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', out, fx('k6-style.ts')]);
    expect(r.stderr).not.toContain('ERROR');
    expect(r.code).toBe(0);
    const s = JSON.parse(await readFile(out, 'utf8'));
    expect(s.metrics.iterations.count).toBe(6);
    expect(s.metrics.http_reqs.count).toBe(12);
    expect(server.requests - before).toBe(12);
    expect(s.metrics.checks.passes).toBe(12);
    expect(s.metrics.checks.fails).toBe(0);
    expect(s.root_group.groups.g.checks.ok).toMatchObject({ passes: 6, fails: 0 });
    expect(s.root_group.checks['json ok']).toMatchObject({ passes: 6, fails: 0 });
    // Each iteration slept 0.1 s after its requests.
    expect(s.metrics.iteration_duration.min).toBeGreaterThanOrEqual(100);
  });

  it('refuses a request in a constructor: exit 104 with file:line:col', async () => {
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, fx('ctor-request.ts')]);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain(
      'test/fixtures/sync-style/ctor-request.ts:6:5: http.get() in a class constructor is not supported: it waits for I/O, and a constructor cannot be async (move the request into a method and call it after construction)',
    );
  });
});
