import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/http-server.js';

const fx = (name: string) => path.join('test/fixtures/e2e', name);
let server: TestServer;
let tmp: string;

beforeAll(async () => {
  server = await startTestServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-e2e-'));
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const readJson = async (f: string) => JSON.parse(await readFile(f, 'utf8'));

describe('llmload run (end to end)', () => {
  it('runs several scenarios to completion: exit 0, exact iteration counts in --summary-export', async () => {
    const out = path.join(tmp, 'basic.json');
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', out, fx('basic.ts')]);
    expect(r.stderr).not.toContain('ERROR');
    expect(r.code).toBe(0);
    const s = await readJson(out);
    expect(s.metrics.iterations.count).toBe(10 + 3 * 4);
    expect(s.metrics['iterations{scenario:shared}'].count).toBe(10);
    expect(s.metrics.http_reqs.count).toBe(22);
    expect(s.metrics.http_req_failed.value).toBe(0);
    expect(s.metrics.checks.passes).toBe(10 * 2 + 12);
    expect(s.metrics.checks.fails).toBe(0);
    expect(s.root_group.checks['status is 200']).toMatchObject({ passes: 10, fails: 0 });
    expect(s.metrics.http_req_failed.thresholds['rate==0']).toBe(false);
    expect(r.stdout).toContain('http_req_duration');
  });

  it('ends on time when iterations never do I/O (VU loops yield to timers)', async () => {
    const out = path.join(tmp, 'busy.json');
    const t0 = Date.now();
    const r = await runCli(['run', '-q', '--summary-export', out, fx('busy-loop.ts')]);
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
    const s = await readJson(out);
    expect(s.metrics.iterations.count).toBeGreaterThan(10);
    expect(s.metrics.checks.fails).toBe(0);
  });

  it('noConnectionReuse: every request connects; by default one connection serves them all', async () => {
    const counts: number[] = [];
    for (const noReuse of ['1', '0']) {
      const out = path.join(tmp, `reuse-${noReuse}.json`);
      const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '-e', `NO_REUSE=${noReuse}`, '--summary-export', out, fx('no-reuse.ts')]);
      expect(r.code).toBe(0);
      const s = await readJson(out);
      expect(s.metrics.http_reqs.count).toBe(4);
      // connecting > 0 marks a request that opened a connection.
      counts.push(s.metrics.http_req_connecting.min > 0 ? 4 : s.metrics.http_req_connecting.max > 0 ? 1 : 0);
    }
    expect(counts).toEqual([4, 1]);
    // Resolved once by the runtime for every endpoint: a wrong type is an options error (exit 104).
    const bad = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '-e', 'NO_REUSE=yes', fx('no-reuse-invalid.ts')]);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain('option "noConnectionReuse" must be true or false, got "yes"');
  });

  it('exits 99 when a threshold is crossed and shows it as failed', async () => {
    const out = path.join(tmp, 'fail.json');
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', out, fx('fail-threshold.ts')]);
    expect(r.code).toBe(99);
    const s = await readJson(out);
    expect(s.metrics.http_req_duration.thresholds['p(95)<0.000001']).toBe(true);
    expect(s.metrics.http_reqs.thresholds['count>=5']).toBe(false);
    expect(r.stdout).toMatch(/✗ 'p\(95\)<0.000001'/);
  });

  it('--no-thresholds turns the same run into exit 0', async () => {
    const r = await runCli(['run', '-q', '--no-thresholds', '-e', `BASE_URL=${server.url}`, fx('fail-threshold.ts')]);
    expect(r.code).toBe(0);
  });

  it('exits 104 for an invalid scenario option, naming the scenario and option', async () => {
    const r = await runCli(['run', '-q', fx('bad-options.ts')]);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('scenario "s"');
    expect(r.stderr).toContain('"rat"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 104 for a malformed threshold and for a threshold on an unknown metric', async () => {
    const src = `export const options = { thresholds: { http_req_duration: ['p(95<500'] } };\nexport default function () {}\n`;
    const r1 = await runCli(['run', '-q', '-'], { stdin: src });
    expect(r1.code).toBe(104);
    expect(r1.stderr).toContain('p(95<500');
    const src2 = `export const options = { thresholds: { no_such_metric: ['avg<1'] } };\nexport default function () {}\n`;
    const r2 = await runCli(['run', '-q', '-'], { stdin: src2 });
    expect(r2.code).toBe(104);
    expect(r2.stderr).toContain('no_such_metric');
  });

  it('exits 107 for an exception in init code, with the user file and line', async () => {
    const r = await runCli(['run', '-q', fx('init-error.ts')]);
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('init exploded');
    expect(r.stderr).toMatch(/init-error\.ts:5/);
  });

  it('exits 107 for an exception in setup()', async () => {
    const r = await runCli(['run', '-q', fx('setup-error.ts')]);
    expect(r.code).toBe(107);
    expect(r.stderr).toContain('setup exploded');
    expect(r.stderr).toMatch(/setup-error\.ts:4/);
  });

  it('exits 108 when the script calls exec.test.abort()', async () => {
    const r = await runCli(['run', '-q', fx('abort.ts')]);
    expect(r.code).toBe(108);
    expect(r.stderr).toContain('enough');
  });

  it('logs an iteration error once with the user file:line, counts it, and goes on (exit 0)', async () => {
    const out = path.join(tmp, 'iter-err.json');
    const r = await runCli(['run', '-q', '--summary-export', out, fx('iteration-error.ts')]);
    expect(r.code).toBe(0);
    // Logged once when first seen, then only counted: one "6×" line at the end.
    expect(r.stderr.match(/bad iteration 0 at [^\n]*iteration-error\.ts:4:\d+ \(scenario: default/g)?.length).toBe(1);
    expect(r.stderr).toMatch(/6× (Error: )?bad iteration 0 at [^\n]*iteration-error\.ts:4/);
    expect((await readJson(out)).metrics.iterations.count).toBe(6);
  });

  it('refuses a script that imports node:fs, at bundle time, with file:line', async () => {
    const r = await runCli(['run', '-q', fx('node-import.ts')]);
    expect(r.code).toBe(104);
    expect(r.stderr).toMatch(/node-import\.ts:1/);
    expect(r.stderr).toContain('node:fs');
  });

  it('counts dropped_iterations when maxVUs is too small for the rate', async () => {
    const out = path.join(tmp, 'dropped.json');
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', out, fx('dropped.ts')]);
    expect(r.code).toBe(0);
    const s = await readJson(out);
    // 100 arrivals, at most 2 VUs × (2 s / 0.2 s) can run.
    expect(s.metrics.dropped_iterations.count).toBeGreaterThan(50);
    expect(s.metrics.iterations.count + s.metrics.dropped_iterations.count).toBe(100);
    expect(s.metrics.iteration_schedule_lag).toBeDefined();
    expect(r.stderr).toContain('insufficient VUs');
  });

  it('the runtime warm-up before arrivals sends nothing to the target and records nothing', async () => {
    for (const flags of [[], ['--no-warmup']]) {
      const out = path.join(tmp, `warmup${flags.length}.json`);
      const before = server.requests;
      const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', out, ...flags, fx('arrivals-warmup.ts')]);
      expect(r.code, r.stderr).toBe(0);
      const s = await readJson(out);
      const n = s.metrics.iterations.count as number;
      expect(n + (s.metrics.dropped_iterations?.count ?? 0)).toBe(40);
      // Exactly the script's requests reached the target and the metrics: the warm-up went to llmload's own server.
      expect(server.requests - before).toBe(n);
      expect(s.metrics.http_reqs.count).toBe(n);
      expect(s.metrics.checks.passes).toBe(2 * n);
      expect(s.metrics.checks.fails).toBe(0);
    }
  });

  it('stops gracefully on SIGINT: exit 105 and the summary export is still written', async () => {
    const out = path.join(tmp, 'sigint.json');
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '--summary-export', out, fx('long.ts')], {
      signalWhen: { text: 'warmed up' },
    });
    expect(r.code).toBe(105);
    const s = await readJson(out);
    expect(s.metrics.iterations.count).toBeGreaterThanOrEqual(3);
    expect(s.metrics.http_reqs.count).toBeGreaterThanOrEqual(3);
  });

  it('reads the script from stdin with "-"', async () => {
    const out = path.join(tmp, 'stdin.json');
    const src = `export const options = { iterations: 4, vus: 2 };\nexport default function () {}\n`;
    const r = await runCli(['run', '-q', '--summary-export', out, '-'], { stdin: src });
    expect(r.code).toBe(0);
    expect((await readJson(out)).metrics.iterations.count).toBe(4);
  });

  it('CLI shortcuts override script scenarios; inspect prints the resolved options and runs nothing', async () => {
    const r = await runCli(['inspect', '-u', '3', '-d', '45s', fx('basic.ts')]);
    expect(r.code).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o.scenarios)).toEqual(['default']);
    expect(o.scenarios.default.executor).toBe('constant-vus');
    expect(o.scenarios.default.config).toMatchObject({ vus: 3, duration: 45_000 });
    expect(o.thresholds.checks[0].threshold).toBe('rate==1');
    const plain = JSON.parse((await runCli(['inspect', fx('basic.ts')])).stdout);
    expect(Object.keys(plain.scenarios)).toEqual(['shared', 'pervu']);
  });

  it('handleSummary() replaces the text summary and writes the files it returns', async () => {
    const file = path.join(tmp, 'hs.json');
    const r = await runCli(['run', '-q', '-e', `OUT_FILE=${file}`, fx('handle-summary.ts')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('custom summary: 3 iterations');
    expect(await readJson(file)).toEqual({ iterations: 3 });
  });

  it('writes --out json (k6 NDJSON) and --out csv', async () => {
    const json = path.join(tmp, 'samples.json');
    const csv = path.join(tmp, 'samples.csv');
    const r = await runCli(['run', '-q', '-e', `BASE_URL=${server.url}`, '-o', `json=${json}`, '--out', `csv=${csv}`, fx('basic.ts')]);
    expect(r.code).toBe(0);
    const lines = (await readFile(json, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const points = lines.filter((l) => l.type === 'Point' && l.metric === 'http_reqs');
    expect(points.length).toBe(22);
    const firstMetric = lines.findIndex((l) => l.type === 'Metric' && l.metric === 'http_reqs');
    const firstPoint = lines.findIndex((l) => l.type === 'Point' && l.metric === 'http_reqs');
    expect(firstMetric).toBeGreaterThanOrEqual(0);
    expect(firstMetric).toBeLessThan(firstPoint);
    expect(points[0].data.tags.scenario).toMatch(/shared|pervu/);
    const rows = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(rows[0]!.startsWith('metric_name,timestamp,metric_value')).toBe(true);
    expect(rows.filter((l) => l.startsWith('http_reqs,')).length).toBe(22);
  });
});
