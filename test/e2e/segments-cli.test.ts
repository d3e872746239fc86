import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const SCRIPT = 'test/fixtures/e2e/segments.ts';
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-segments-e2e-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Logged {
  vu: number;
  local: number;
  it: number;
  prompt: string;
}

/** One `llmload run --mock` of a scenario of the fixture; its summary export and what each iteration logged. */
async function run(name: string, scenario: string, extra: string[]): Promise<{ iterations: number; dropped: number; logged: Logged[] }> {
  const summary = path.join(tmp, `${name}.json`);
  const log = path.join(tmp, `${name}.log`);
  const r = await runCli([
    'run',
    '-q',
    '--no-warmup',
    '--mock',
    '--mock-option',
    'ttft=5',
    '--mock-option',
    'itl=1',
    '--scenario',
    scenario,
    '--summary-export',
    summary,
    '--console-output',
    log,
    ...extra,
    SCRIPT,
  ]);
  expect(r.code, r.stderr).toBe(0);
  const metrics = JSON.parse(await readFile(summary, 'utf8')).metrics as Record<string, { count?: number }>;
  const logged = (await readFile(log, 'utf8'))
    .split('\n')
    .filter((l) => l.includes('{'))
    .map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Logged);
  return { iterations: metrics.iterations?.count ?? 0, dropped: metrics.dropped_iterations?.count ?? 0, logged };
}

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

describe('llmload run with execution segments', () => {
  it('shared-iterations (2 VUs, 10 iterations) in 2 segments: 5 + 5, test-wide VU ids, iteration numbers and prompts', async () => {
    const [a, b, whole] = await Promise.all([
      run('shared-0', 'shared', ['--segment-index', '0', '--segments', '2']),
      run('shared-1', 'shared', ['--execution-segment', '1/2:1', '--execution-segment-sequence', '0,1/2,1']),
      run('shared-whole', 'shared', []),
    ]);
    expect([a.iterations, b.iterations, whole.iterations]).toEqual([5, 5, 10]);
    // Each instance has one VU (__VU 1); their test-wide ids are 1 and 2, as in the single run.
    expect(new Set(a.logged.map((l) => `${l.local}/${l.vu}`))).toEqual(new Set(['1/1']));
    expect(new Set(b.logged.map((l) => `${l.local}/${l.vu}`))).toEqual(new Set(['1/2']));
    // Iteration numbers: the stripes of 0..9, disjoint.
    expect(sorted(a.logged.map((l) => l.it))).toEqual([0, 2, 4, 6, 8]);
    expect(sorted(b.logged.map((l) => l.it))).toEqual([1, 3, 5, 7, 9]);
    // Prompts.next(): no prompt (salt included) is sent twice, and together they are the single run's.
    const prompts = [...a.logged, ...b.logged].map((l) => l.prompt);
    expect(new Set(prompts).size).toBe(10);
    expect(new Set(prompts)).toEqual(new Set(whole.logged.map((l) => l.prompt)));
  });

  it('constant-arrival-rate (20/s for 2 s) in 2 segments adds up to the single run', async () => {
    const [a, b, whole] = await Promise.all([
      run('rate-0', 'rate', ['--segment-index', '0', '--segments', '2']),
      run('rate-1', 'rate', ['--segment-index', '1', '--segments', '2']),
      run('rate-whole', 'rate', []),
    ]);
    expect(whole.iterations + whole.dropped).toBe(40);
    // An arrival a busy machine drops (every VU still busy) is counted, not run: the halves and the whole may differ by their drops.
    const drops = a.dropped + b.dropped + whole.dropped;
    expect(Math.abs(a.iterations + b.iterations - whole.iterations)).toBeLessThanOrEqual(1 + drops);
    expect(a.iterations + a.dropped + b.iterations + b.dropped).toBe(40);
    // Each arrival keeps its number in the whole schedule: the halves take alternate ones.
    const its = [...a.logged, ...b.logged].map((l) => l.it);
    expect(new Set(its).size).toBe(its.length);
    expect(a.logged.every((l) => l.it % 2 === 0)).toBe(true);
    expect(b.logged.every((l) => l.it % 2 === 1)).toBe(true);
  });

  it('refuses bad segments before the test (exit 104, naming the flag or option)', async () => {
    const r1 = await runCli(['run', '-q', '--mock', '--segment-index', '2', '--segments', '2', SCRIPT]);
    expect(r1.code).toBe(104);
    expect(r1.stderr).toContain('--segment-index: must be a whole number from 0 to 1');
    const r2 = await runCli(['run', '-q', '--mock', '--execution-segment', '1/3:1/2', '--execution-segment-sequence', '0,1/2,1', SCRIPT]);
    expect(r2.code).toBe(104);
    expect(r2.stderr).toContain('option "executionSegment": segment "1/3:1/2" is not one of the segments of the sequence "0,1/2,1"');
    const r3 = await runCli(['run', '-q', '--mock', '--execution-segment', '3/2', SCRIPT]);
    expect(r3.code).toBe(104);
    expect(r3.stderr).toContain('a segment ends at 1 or earlier');
    const r4 = await runCli(['sweep', '-q', '--mock', '--segment-index', '0', '--segments', '2', SCRIPT]);
    expect(r4.code).toBe(104);
    expect(r4.stderr).toContain('llmload sweep runs its steps on one machine');
  });
});
