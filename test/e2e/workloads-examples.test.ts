/** The workload example scripts run against the built-in mock (`run --mock`), shortened through their __ENV knobs. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'llmload-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: Array<[string, string[]]> = [
  ['mooncake-replay.ts', ['TIME_SCALE=4', 'VUS=150']],
  ['fixed-isl-osl.ts', ['PAIRS=64x8,512x8', 'STEP_S=2', 'GRACE_S=1']],
  ['shared-prefix.ts', ['DURATION=3s', 'RATE=5', 'PREFIX=256']],
  ['sharegpt-chat.ts', ['DURATION=3s', 'VUS=2']],
];

describe('workload examples against the mock', () => {
  it.each(cases)('%s', async (script, env) => {
    const out = path.join(dir, `${script}.json`);
    const res = await runCli(['run', '-q', '--mock', ...env.flatMap((e) => ['-e', e]), '--summary-export', out, path.join('scripts', script)], { timeoutMs: 170_000 });
    expect(res.stderr).not.toMatch(/ERRO|WARN/);
    expect(res.code).toBe(0);
    const m = (JSON.parse(readFileSync(out, 'utf8')) as { metrics: Record<string, Record<string, number>> }).metrics;
    expect(m.llm_reqs!.count).toBeGreaterThan(0);
    expect(m.llm_req_failed!.passes ?? 0).toBe(0);
    if (script === 'mooncake-replay.ts') expect(m.llm_reqs!.count).toBe(80);
  }, 180_000);
});
