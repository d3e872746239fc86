import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/**
 * llmload watches its own main thread: 2,000 VUs against the mock (in the
 * same process) streaming a token every 2 ms for 10 s on a 2-core machine are
 * more than it can drive, and the run says so; 50 VUs at a token every 10 ms
 * are not. (2,000 VUs at 10 ms for 5 s sat at the edge once recording got
 * cheaper: 1-2 saturated seconds of 6; now 8-10 of 11.) Timing-sensitive, so
 * it runs with the accuracy tests, alone.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-health-'));
const run = (vus: number, itlMs: number, duration: string) => {
  const exp = path.join(dir, `vus-${vus}.json`);
  return runCli(
    [
      'run',
      '-q',
      '--mock',
      '--mock-option',
      'ttft=50',
      '--mock-option',
      `itl=${itlMs}`,
      '-e',
      `VUS=${vus}`,
      '-e',
      `DURATION=${duration}`,
      '--summary-export',
      exp,
      'test/fixtures/verdicts/overload.ts',
    ],
    { timeoutMs: 120_000 },
  ).then((r) => ({
    ...r,
    lg: JSON.parse(readFileSync(exp, 'utf8')).load_generator,
  }));
};

describe('load generator saturation', () => {
  it('2,000 VUs: a warning during the run, the summary and the export are marked', async () => {
    const r = await run(2000, 2, '10s');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/WARN load generator saturated: results are not the server's: llmload's own work kept its main thread busy/);
    expect(r.stdout).toContain('LOAD GENERATOR: SATURATED');
    expect(r.lg).toMatchObject({ saturated: true, message: "load generator saturated: results are not the server's", cause: 'busy' });
    expect(r.lg.event_loop_delay_ms.p99).toBeGreaterThan(10);
  }, 150_000);

  it('50 VUs: not saturated', async () => {
    const r = await run(50, 10, '5s');
    expect(r.code, r.stderr).toBe(0);
    // A shared VM's host may starve the whole machine for seconds; llmload then rightly says so, as
    // "starved". What 50 VUs must never do is saturate llmload by its own work.
    expect(r.stderr).not.toContain("llmload's own work kept its main thread busy");
    if (r.lg.saturated) expect(r.lg).toMatchObject({ message: "load generator saturated: results are not the server's", cause: 'starved' });
    else expect(r.lg).toMatchObject({ message: null, cause: null });
    expect(r.lg.seconds).toBeGreaterThanOrEqual(5);
  });
});
