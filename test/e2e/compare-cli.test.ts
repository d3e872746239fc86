import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

const fx = (name: string) => path.join('test/fixtures/compare', name);
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-compare-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('llmload compare (fixtures)', () => {
  it('TTFT p95 +10% with the default 5% noise: exit 99 under --fail-on-regression, 0 without', async () => {
    const r = await runCli(['compare', fx('ttft-plus-10.json'), fx('baseline.json'), '--fail-on-regression']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/TTFT p95\s+200ms\s+220ms\s+\+10%\s+✗ regression/);
    expect(r.stdout).toContain('1 regression: ttft_p95');
    expect((await runCli(['compare', fx('ttft-plus-10.json'), fx('baseline.json')])).code).toBe(0);
  });

  it('TTFT p95 +3%: exit 0 under --fail-on-regression', async () => {
    const r = await runCli(['compare', fx('ttft-plus-3.json'), fx('baseline.json'), '--fail-on-regression']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no regression');
    // A narrower band makes the same +3% a regression.
    expect((await runCli(['compare', fx('ttft-plus-3.json'), fx('baseline.json'), '--fail-on-regression', '--noise', '2%'])).code).toBe(99);
  });

  it('different scenarios or rates: exit 104 naming the difference', async () => {
    const a = await runCli(['compare', fx('other-scenario.json'), fx('baseline.json')]);
    expect(a.code).toBe(104);
    expect(a.stderr).toContain('different scenarios');
    expect(a.stderr).toContain('[batch]');
    const b = await runCli(['compare', fx('other-rate.json'), fx('baseline.json')]);
    expect(b.code).toBe(104);
    expect(b.stderr).toMatch(/scenario "chat": different rate: 20 in .*other-rate\.json, 10 in .*baseline\.json/);
  });

  it('--format md and json; repeats with --current/--baseline use Welch', async () => {
    const md = await runCli(['compare', fx('ttft-plus-10.json'), fx('baseline.json'), '--format', 'md', '--metrics', 'ttft_p95']);
    expect(md.stdout).toContain('<!-- llmload-compare -->');
    expect(md.stdout).toContain('| TTFT p95 | 200ms | 220ms | +10% | ✗ regression |');
    const js = await runCli([
      'compare',
      '--current',
      fx('ttft-plus-10.json'),
      fx('ttft-plus-3.json'),
      '--baseline',
      fx('baseline.json'),
      fx('baseline.json'),
      '--format',
      'json',
    ]);
    expect(js.code).toBe(0);
    const out = JSON.parse(js.stdout);
    expect(out.method).toBe('welch');
    const ttft = out.metrics.find((m: { id: string }) => m.id === 'ttft_p95');
    expect(ttft.current).toBeCloseTo(213, 6);
    expect(ttft.p).toBeGreaterThan(0);
  });

  it('sweep.json files: compared step by step at the same load, plus the max goodput and max passing load', async () => {
    const r = await runCli(['compare', fx('sweep-ttft-worse-at-20.json'), 'test/fixtures/report/sweep.json', '--fail-on-regression']);
    expect(r.code).toBe(99);
    expect(r.stdout).toMatch(/TTFT p95 @ 20\s+240ms\s+288ms\s+\+20%\s+✗ regression/);
    expect(r.stdout).toMatch(/max goodput req\/s\s+19\.8\/s\s+19\.9\/s\s+\+0\.5%\s+= same/);
    expect(r.stdout).toMatch(/max passing load\s+20\s+20\s+\+0%\s+= same/);
    expect(r.stdout).toContain('1 regression: ttft_p95@20');
    const only = await runCli([
      'compare',
      fx('sweep-ttft-worse-at-20.json'),
      'test/fixtures/report/sweep.json',
      '--metrics',
      'tpot_p95',
      '--fail-on-regression',
    ]);
    expect(only.code).toBe(0);
    expect(only.stdout).not.toContain('TTFT');
    // A sweep and a single run are not the same test.
    const mixed = await runCli(['compare', fx('baseline.json'), 'test/fixtures/report/sweep.json']);
    expect(mixed.code).toBe(104);
    expect(mixed.stderr).toContain('different executors: constant-arrival-rate in test/fixtures/compare/baseline.json, sweep (list, rate)');
  });

  it('a file that is not a summary export: 104', async () => {
    const bad = path.join(tmp, 'bad.json');
    await writeFile(bad, '{"x":1}');
    const r = await runCli(['compare', bad, fx('baseline.json')]);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('is not a --summary-export file');
  });
});
