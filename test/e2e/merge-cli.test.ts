import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrendSink } from '../../runtime/metrics/trend-sink.js';
import { runCli } from '../support/cli.js';

/**
 * `--summary-export-raw` and `llmload merge` through the real CLI: two runs
 * of the same part of a test against the mock, at the same time, merged.
 * The merged percentiles are checked against one TrendSink fed both runs'
 * samples, read independently from their `--out json=` files.
 */
const fx = (name: string) => path.join('test/fixtures/merge', name);
let tmp: string;
const file = (name: string) => path.join(tmp, name);
const json = async (name: string) => JSON.parse(await readFile(file(name), 'utf8'));

/** The values of one metric's points in a `--out json=` file. */
async function points(name: string, metric: string): Promise<number[]> {
  const lines = (await readFile(file(name), 'utf8')).trim().split('\n');
  return lines
    .map((l) => JSON.parse(l) as { type: string; metric: string; data: { value: number } })
    .filter((p) => p.type === 'Point' && p.metric === metric)
    .map((p) => p.data.value);
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-merge-'));
  const run = (part: string) =>
    runCli([
      'run',
      '-q',
      '--mock',
      '--mock-option',
      'ttft=20',
      '--mock-option',
      'itl=2',
      '--tag',
      `part=${part}`,
      '--tag',
      'suite=merge',
      '--summary-export',
      file(`${part}.json`),
      '--summary-export-raw',
      file(`${part}.raw.json`),
      '--out',
      `json=${file(`${part}.ndjson`)}`,
      fx('merge-run.ts'),
    ]);
  // Both parts at once, as segments of one test run.
  const [a, b] = await Promise.all([run('a'), run('b')]);
  expect([a.code, a.stderr.match(/ERROR.*/g)]).toEqual([0, null]);
  expect([b.code, b.stderr.match(/ERROR.*/g)]).toEqual([0, null]);
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('llmload merge', () => {
  it("sums counts and gives the percentiles of one engine fed both runs; the inputs' own thresholds judge the merged data (exit 99)", async () => {
    const r = await runCli(['merge', file('a.raw.json'), file('b.raw.json'), '-o', file('merged.json')]);
    // Each run passed `count<15` with 10 iterations; the merged 20 cross it.
    expect(r.code).toBe(99);
    expect(r.stderr).toContain("thresholds on metrics 'iterations' have been crossed");
    expect(r.stdout).toMatch(/✗ 'count<15' count=20/);
    const [a, b, m] = [await json('a.json'), await json('b.json'), await json('merged.json')];
    expect(a.metrics.iterations.count).toBe(10);
    expect(m.metrics.iterations.count).toBe(a.metrics.iterations.count + b.metrics.iterations.count);
    expect(m.metrics.iterations.thresholds).toEqual({ 'count<15': true });
    expect(m.metrics.llm_req_failed.thresholds).toEqual({ 'rate==0': false });
    expect(m.metrics.llm_output_tokens_total.count).toBe(a.metrics.llm_output_tokens_total.count + b.metrics.llm_output_tokens_total.count);
    expect(m.root_group.groups.chat.checks['has text']).toMatchObject({ passes: 20, fails: 0 });
    // VU counts add up over the instances (2 VUs each), as the coordinator sums its agents'.
    expect(m.metrics.vus_max).toMatchObject({ value: 4, max: 4 });
    expect(a.metrics.vus_max.max).toBe(2);
    expect(m.llm).toMatchObject({ requests: 20, ok: 20, failed: 0, output_tokens: a.llm.output_tokens + b.llm.output_tokens });
    // The window spans both runs' on one (epoch) clock: first request start to last response end.
    const [ra, rb] = [await json('a.raw.json'), await json('b.raw.json')];
    const span = Math.max(ra.llm.window.last, rb.llm.window.last) - Math.min(ra.llm.window.first, rb.llm.window.first);
    expect(m.llm.window_ms).toBeCloseTo(span, 2);
    expect(ra.llm.window.last - ra.llm.window.first).toBeCloseTo(a.llm.window_ms, 2);
    // Only the tags both runs share.
    expect(m.tags).toEqual({ suite: 'merge' });

    for (const metric of ['llm_ttft', 'llm_itl', 'merge_spread', 'iteration_duration']) {
      const one = new TrendSink();
      for (const v of [...(await points('a.ndjson', metric)), ...(await points('b.ndjson', metric))]) one.add(v);
      const stats = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
      const expected = one.values(0, stats);
      for (const s of ['min', 'med', 'max', 'p(90)', 'p(95)']) expect([metric, s, m.metrics[metric][s]]).toEqual([metric, s, expected[s]]);
      expect(m.metrics[metric].avg).toBeCloseTo(expected.avg!, 9);
    }
    // The llm block's p99 (not in summaryTrendStats) comes from the merged histogram too.
    const ttft = new TrendSink();
    for (const v of [...(await points('a.ndjson', 'llm_ttft')), ...(await points('b.ndjson', 'llm_ttft'))]) ttft.add(v);
    expect(m.llm.ttft.p99).toBe(ttft.percentile(99));
    expect(m.llm.ttft.count).toBe(20);
    expect(m.metrics.merge_spread.min).toBeLessThan(0);
  });

  it("--thresholds-from: the script's thresholds replace the inputs' (exit 0 under them, 99 over)", async () => {
    const ok = await runCli(['merge', file('a.raw.json'), file('b.raw.json'), '-o', file('ok.json'), '--thresholds-from', fx('merge-thresholds.ts'), '-q']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const m = await json('ok.json');
    expect(m.metrics.iterations.thresholds).toEqual({ 'count<25': false });
    // The runs tracked this sub-metric (their own threshold): every request is in scenario s.
    const sub = m.metrics['llm_ttft{ scenario: s }'];
    expect(sub.thresholds).toEqual({ 'p(95)<50000': false });
    expect(sub['p(95)']).toBe(m.metrics.llm_ttft['p(95)']);
    expect(m.metrics.llm_req_failed.thresholds).toBeUndefined();

    // Its init code runs (no test does): -e gives it what it reads.
    const from = ['--thresholds-from', fx('merge-run.ts'), '-e', 'LLMLOAD_BASE_URL=http://127.0.0.1:9'];
    const crossed = await runCli(['merge', file('a.raw.json'), file('b.raw.json'), ...from, '-q']);
    expect(crossed.code).toBe(99);
    expect(crossed.stderr).toContain("thresholds on metrics 'iterations' have been crossed");
  });

  it('--thresholds-from naming a sub-metric no run tracked: exit 104, not a verdict on nothing', async () => {
    const script = file('untracked.ts');
    await writeFile(script, "export const options = { thresholds: { 'llm_ttft{status:200}': ['p(95)<1000'] } };\nexport default function () {}\n");
    const r = await runCli(['merge', file('a.raw.json'), file('b.raw.json'), '--thresholds-from', script, '-q']);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('"llm_ttft{status:200}" needs a sub-metric the merged runs did not track');
  });

  it('refuses a file that is not a raw export, naming it (exit 104)', async () => {
    const r = await runCli(['merge', file('a.raw.json'), file('b.json')]);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain(`"${file('b.json')}" is not a --summary-export-raw file`);
    expect(r.stderr).toContain('looks like a --summary-export file');
    const none = await runCli(['merge']);
    expect(none.code).toBe(104);
  });
});
