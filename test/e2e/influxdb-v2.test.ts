import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { influxdBinary, outputSummary, startInfluxd } from '../support/influxdb.js';
import { startVictoriaMetrics, victoriaMetricsBinary, type VictoriaMetrics } from '../support/victoria-metrics.js';

/**
 * `--out influxdb2=` (the client library's WriteApi, /api/v2/write) against a
 * real VictoriaMetrics, which speaks that API; and against InfluxDB 1.6, which
 * does not (a 404 reported once). Plain HTTP load, counts from --summary-export.
 */
const script = 'test/fixtures/influxdb/http-load.ts';
const TOKEN = 'tok-e2e-never-printed';
let web: TestServer;
let tmp: string;
beforeAll(async () => {
  web = await startTestServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-influx2-'));
});
afterAll(async () => {
  await web.close();
  await rm(tmp, { recursive: true, force: true });
});

async function load(out: string, env: Record<string, string>) {
  const exp = path.join(tmp, `s-${Math.random().toString(36).slice(2)}.json`);
  const r = await runCli(['run', '-q', script, '-e', `BASE_URL=${web.url}`, '-e', 'DURATION=3s', '-e', 'RATE=30', '--out', out, '--summary-export', exp], {
    env,
  });
  return { ...r, summary: JSON.parse(await readFile(exp, 'utf8')), exported: await readFile(exp, 'utf8') };
}

const v2env = { LLMLOAD_INFLUXDB_TOKEN: TOKEN, LLMLOAD_INFLUXDB_ORGANIZATION: 'perf', LLMLOAD_INFLUXDB_BUCKET: 'llmload' };

describe.skipIf(!victoriaMetricsBinary())('--out influxdb2= against VictoriaMetrics', () => {
  let vm: VictoriaMetrics;
  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  });
  afterAll(async () => vm?.close());

  it('all points arrive, with the testid and the sample tags; the token is never printed', async () => {
    const r = await load(`influxdb2=${vm.url}`, v2env);
    expect(r.code, r.stderr).toBe(0);
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    const out = outputSummary(r.stdout);
    expect(out.dropped).toBe(0);
    const m = r.summary.metrics;
    // VictoriaMetrics names a field `<measurement>_<field>`; it may take a moment to make fresh rows searchable.
    const count = async (metric: string) => {
      const series = await vm.exportSeries(`{__name__="${metric}_value",testid="${out.testid}"}`);
      return series.reduce((n, s) => n + s.values.length, 0);
    };
    const deadline = Date.now() + 15_000;
    while ((await count('http_reqs')) < m.http_reqs.count && Date.now() < deadline) await new Promise((res) => setTimeout(res, 250));
    expect(await count('http_reqs')).toBe(m.http_reqs.count);
    expect(await count('http_req_duration')).toBe(m.http_reqs.count);
    expect(await count('iterations')).toBe(m.iterations.count);
    expect(await count('checks')).toBe(m.checks.passes + m.checks.fails);
    const [series] = await vm.exportSeries(`{__name__="http_reqs_value",testid="${out.testid}"}`);
    expect(series.metric).toMatchObject({ method: 'GET', status: '200', scenario: 'steady', testid: out.testid });
    expect(series.metric.url).toBeUndefined(); // a field, not a label
    for (const text of [r.stdout, r.stderr, r.exported]) expect(text).not.toContain(TOKEN);
  });
});

describe.skipIf(!influxdBinary())('--out influxdb2= against InfluxDB 1.6 (no /api/v2/write)', () => {
  it('the 404 is reported once, with what to do; the run still completes', async () => {
    const influx = await startInfluxd();
    try {
      const r = await load(`influxdb2=${influx.url}`, v2env);
      expect(r.code, r.stderr).toBe(0);
      const refusals = r.stderr.split('\n').filter((l) => l.includes('refused a write'));
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toContain('HTTP 404 Not Found');
      expect(refusals[0]).toContain('InfluxDB 1.x before 1.8 needs --out influxdb=URL/database');
      const out = outputSummary(r.stdout);
      expect(out.written).toBe(0);
      expect(out.dropped).toBeGreaterThan(0);
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    } finally {
      await influx.close();
    }
  });
});
