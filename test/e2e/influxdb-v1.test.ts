import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runCli } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { influxdBinary, outputSummary, startInfluxd, type InfluxServer } from '../support/influxdb.js';
import { freePort, spawnService, stopProcess, waitForHttp } from '../support/services.js';

/**
 * `--out influxdb=` against a real InfluxDB 1.6 (started here, loopback, temp
 * dir): the real CLI (`npm run build` first) runs LLM load against the mock
 * server, with GPU and server telemetry from the mock, and every point is
 * queried back. Also runs every dashboard query against what the run wrote.
 */
const fx = (name: string) => path.join('test/fixtures/influxdb', name);

describe.skipIf(!influxdBinary())('--out influxdb= (InfluxDB 1.x)', () => {
  let influx: InfluxServer;
  let mock: { url: string; child: ChildProcess };
  let web: TestServer;
  let tmp: string;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-influx-e2e-'));
    web = await startTestServer();
    influx = await startInfluxd();
    const port = await freePort();
    // 10 % of requests fail with a 500, so the error panels have data and "successful" means something.
    const p = spawnService(process.execPath, [
      binPath,
      'mock',
      '--port',
      String(port),
      '--ttft',
      '20',
      '--itl',
      '2',
      '--output-tokens',
      'uniform:8,12',
      '--errors',
      '500:0.1',
      '--seed',
      '7',
    ]);
    mock = { url: `http://127.0.0.1:${port}`, child: p.child };
    await waitForHttp(`${mock.url}/health`, 20_000, p.child, p.log);
  });
  afterAll(async () => {
    await Promise.all([influx?.close(), mock && stopProcess(mock.child), web?.close()]);
    await rm(tmp, { recursive: true, force: true });
  });

  const llmRun = (db: string, extra: string[] = [], env: Record<string, string> = {}) => {
    const exp = path.join(tmp, `${db}.json`);
    const args = [
      'run',
      fx('llm-load.ts'),
      '-e',
      `LLMLOAD_BASE_URL=${mock.url}`,
      '--out',
      `influxdb=${influx.url}/${db}`,
      '--summary-export',
      exp,
      '--gpu-telemetry',
      `${mock.url}/dcgm/metrics`,
      '--server-metrics',
      `${mock.url}/metrics`,
      ...extra,
    ];
    return runCli(args, { env }).then(async (r) => ({ ...r, summary: JSON.parse(await readFile(exp, 'utf8')) }));
  };

  it('LLM run: llm_ttft points = successful requests, ITL points = gaps, tags + generated testid on every point', async () => {
    const r = await llmRun('llm');
    expect(r.code, r.stderr).toBe(0);
    const out = outputSummary(r.stdout);
    // The generated run id is printed in the run header and in the summary.
    expect(r.stderr).toContain(`output: influxdb (${influx.url}/llm, testid ${out.testid})`);
    expect(out).toMatchObject({ dropped: 0 });
    const m = r.summary.metrics;
    const ok = m.llm_req_failed.fails as number;
    expect(m.llm_req_failed.passes).toBeGreaterThan(0); // the mock's injected 500s
    const where = `"testid" = '${out.testid}'`;
    expect(await influx.count('llm', 'llm_ttft', where)).toBe(ok);
    expect(await influx.count('llm', 'llm_e2e', where)).toBe(ok);
    expect(await influx.count('llm', 'llm_reqs', where)).toBe(m.llm_reqs.count);
    expect(await influx.count('llm', 'llm_itl', where)).toBe(r.summary.llm.itl.count);
    expect(await influx.count('llm', 'llm_req_failed', `${where} AND "error_type" = 'http_status'`)).toBe(m.llm_req_failed.passes);
    const tokens = await influx.query(`SELECT sum("value") FROM "llm_output_tokens_total" WHERE ${where}`, 'llm');
    expect(tokens[0].series![0].values[0][1]).toBe(m.llm_output_tokens_total.count);
    // Every point carries the testid: counting without the filter gives the same numbers.
    expect(await influx.count('llm', 'llm_ttft')).toBe(ok);
    // Telemetry (no scenario tag) gets the testid too.
    expect(await influx.count('llm', 'gpu_utilization', where)).toBeGreaterThan(0);
    expect(await influx.count('llm', 'server_requests_running', where)).toBeGreaterThan(0);
    expect(out.written).toBe(await totalPoints(influx, 'llm', where));

    const tags = await influx.query('SHOW TAG KEYS FROM "llm_ttft"', 'llm');
    expect(tags[0].series![0].values.flat()).toEqual(expect.arrayContaining(['model', 'endpoint', 'stream', 'status', 'finish_reason', 'scenario', 'testid']));
    const fields = await influx.query('SHOW FIELD KEYS FROM "llm_ttft"', 'llm');
    expect(fields[0].series![0].values).toEqual([['value', 'float']]);
  });

  it('every dashboard query runs on the written data and returns data for each panel whose metrics the run produced', async () => {
    const r = await llmRun('dash');
    expect(r.code, r.stderr).toBe(0);
    const { testid } = outputSummary(r.stdout);
    const dashboard = JSON.parse(await readFile(path.join(repoRoot, 'dashboards/llmload.json'), 'utf8'));
    const substitute = (q: string) =>
      q
        .replaceAll('$timeFilter', 'time > now() - 1h')
        .replaceAll('$__interval_ms', '1000')
        .replaceAll('$__interval', '1s')
        .replaceAll('$testid', testid)
        .replaceAll('$scenario', 'chat');
    const present = new Set((await influx.query(`SHOW MEASUREMENTS`, 'dash'))[0].series![0].values.flat() as string[]);
    const empty: string[] = [];
    for (const panel of dashboard.panels.filter((p: { type: string }) => p.type !== 'row')) {
      let panelHasData = false;
      let produced = false;
      for (const t of panel.targets as Array<{ query: string }>) {
        const res = await influx.query(substitute(t.query), 'dash');
        expect(res[0].error, `${panel.title}: ${t.query}`).toBeUndefined();
        const m = /FROM "([^"]+)"/.exec(t.query)![1];
        produced ||= present.has(m);
        panelHasData ||= (res[0].series ?? []).some((s) => s.values.some((v) => v.slice(1).some((x) => x !== null)));
      }
      if (produced) expect(panelHasData, `panel "${panel.title}" shows no data`).toBe(true);
      if (!panelHasData) empty.push(panel.title);
    }
    // An LLM run with GPU and server telemetry fills every panel but the plain-HTTP one.
    expect(empty).toEqual(['HTTP request duration']);
    for (const v of dashboard.templating.list.filter((x: { type: string }) => x.type === 'query')) {
      const res = await influx.query(substitute(v.query), 'dash');
      expect(
        res[0].series?.[0]?.values.map((x) => x[1]),
        v.name,
      ).toContain(v.name === 'testid' ? testid : 'chat');
    }
  });

  it('LLMLOAD_INFLUXDB_ITL=aggregate: one llm_itl point per interval and series, counts add up', async () => {
    const r = await llmRun('agg', [], { LLMLOAD_INFLUXDB_ITL: 'aggregate' });
    expect(r.code, r.stderr).toBe(0);
    const { testid } = outputSummary(r.stdout);
    const fields = await influx.query('SHOW FIELD KEYS FROM "llm_itl"', 'agg');
    expect(fields[0].series![0].values.map((v) => v[0]).sort()).toEqual(['count', 'max', 'mean', 'min', 'p50', 'p90', 'p95', 'p99']);
    const sum = await influx.query(`SELECT sum("count"), count("count") FROM "llm_itl" WHERE "testid" = '${testid}'`, 'agg');
    const [, gaps, points] = sum[0].series![0].values[0] as number[];
    expect(gaps).toBe(r.summary.llm.itl.count);
    expect(points).toBeLessThan(gaps);
    expect(await influx.count('agg', 'llm_ttft')).toBe(r.summary.metrics.llm_req_failed.fails);
  });

  it('--tag testid=… names the run; k6 schema for HTTP metrics: url as a field, vu/iter never tags', async () => {
    const exp = path.join(tmp, 'http.json');
    const r = await runCli([
      'run',
      '-q',
      fx('http-load.ts'),
      '-e',
      `BASE_URL=${web.url}`,
      '--tag',
      'testid=my run,1',
      '--out',
      `influxdb=${influx.url}/http`,
      '--summary-export',
      exp,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(await readFile(exp, 'utf8'));
    expect(outputSummary(r.stdout).testid).toBe('my run,1');
    const where = `"testid" = 'my run,1'`;
    expect(await influx.count('http', 'http_reqs', where)).toBe(s.metrics.http_reqs.count);
    expect(await influx.count('http', 'http_req_duration', where)).toBe(s.metrics.http_reqs.count);
    expect(await influx.count('http', 'iterations', where)).toBe(s.metrics.iterations.count);
    expect(await influx.count('http', 'body_bytes', where)).toBe(s.metrics.iterations.count);
    expect(await influx.count('http', 'checks', where)).toBe(s.metrics.checks.passes + s.metrics.checks.fails);
    const fields = await influx.query('SHOW FIELD KEYS FROM "http_reqs"', 'http');
    expect(fields[0].series![0].values).toEqual([
      ['url', 'string'],
      ['value', 'float'],
    ]);
    const tags = (await influx.query('SHOW TAG KEYS FROM "http_reqs"', 'http'))[0].series![0].values.flat();
    expect(tags).toEqual(expect.arrayContaining(['method', 'name', 'status', 'scenario', 'testid']));
    expect(tags).not.toContain('url');
    const url = await influx.query(`SELECT "url", "name" FROM "http_reqs" WHERE ${where} LIMIT 1`, 'http');
    expect(url[0].series![0].values[0].slice(1)).toEqual([`${web.url}/json?q=a%20b,c=d`, `${web.url}/json?q=a%20b,c=d`]);
  });
});

/** Points of one run over every measurement. */
async function totalPoints(influx: InfluxServer, db: string, where: string): Promise<number> {
  const res = await influx.query(`SELECT count(*) FROM /.*/ WHERE ${where}`, db);
  let total = 0;
  for (const s of res[0].series ?? []) {
    // count(*) gives one column per field: a point has exactly one of them set unless it has extra fields.
    const cols = s.columns.slice(1);
    const row = s.values[0].slice(1) as Array<number | null>;
    const value = cols.indexOf('count_value');
    total += value >= 0 ? (row[value] ?? 0) : Math.max(...row.map((x) => x ?? 0));
  }
  return total;
}
