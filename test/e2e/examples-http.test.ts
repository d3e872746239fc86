// The HTTP example scripts users copy must run as documented (shortened by
// their own __ENV knobs) against a real local server, passing their thresholds.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/http-server.js';

let server: TestServer;
let tmp: string;
beforeAll(async () => {
  server = await startTestServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-examples-'));
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const cases: Array<{ script: string; env: string[]; check(s: any): void }> = [
  { script: 'scripts/http-smoke.ts', env: [], check: (s) => expect(s.metrics.http_reqs.count).toBe(5) },
  {
    script: 'scripts/ramp.ts',
    env: ['RAMP=1s', 'HOLD=1s'],
    check: (s) => {
      expect(s.metrics.vus_max.max).toBe(10);
      expect(s.metrics.iterations.count).toBeGreaterThan(5);
    },
  },
  {
    script: 'scripts/arrival-rate.ts',
    env: ['RATE=20', 'DURATION=2s'],
    // An open model starts iterations at the rate whatever the latency: 20/s × 2 s.
    check: (s) => expect(s.metrics.iterations.count + (s.metrics.dropped_iterations?.count ?? 0)).toBe(40),
  },
];

describe('example scripts (HTTP)', () => {
  for (const c of cases) {
    it(`${c.script} runs and passes its thresholds`, async () => {
      const out = path.join(tmp, path.basename(c.script) + '.json');
      const env = [`BASE_URL=${server.url}`, ...c.env].flatMap((e) => ['-e', e]);
      const r = await runCli(['run', '-q', ...env, '--summary-export', out, c.script]);
      expect(r.stderr).not.toMatch(/ERRO|error/i);
      expect(r.code).toBe(0);
      const s = JSON.parse(await readFile(out, 'utf8'));
      expect(s.metrics.http_req_failed.value).toBe(0);
      c.check(s);
    });
  }
});
