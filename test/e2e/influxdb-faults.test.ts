import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';
import { startTestServer, type TestServer } from '../support/http-server.js';
import { influxdBinary, outputSummary, startInfluxd, type InfluxServer } from '../support/influxdb.js';
import { freePort } from '../support/services.js';

/**
 * Faults of the InfluxDB output with a real InfluxDB 1.6: stopped mid-run and
 * restarted, started late with a small buffer, never reachable, refusing
 * writes (bad password). The real CLI runs a plain HTTP load (cheap) against a
 * local server; counts come from --summary-export.
 */
const script = 'test/fixtures/influxdb/http-load.ts';
let web: TestServer;
let tmp: string;
beforeAll(async () => {
  web = await startTestServer();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-influx-faults-'));
});
afterAll(async () => {
  await web.close();
  await rm(tmp, { recursive: true, force: true });
});

async function load(out: string, opts: { duration: string; rate: number; env?: Record<string, string>; during?: () => Promise<void> }) {
  const exp = path.join(tmp, `s-${Math.random().toString(36).slice(2)}.json`);
  const cli = runCli(
    ['run', '-q', script, '-e', `BASE_URL=${web.url}`, '-e', `DURATION=${opts.duration}`, '-e', `RATE=${opts.rate}`, '--out', out, '--summary-export', exp],
    {
      env: opts.env ?? {},
      timeoutMs: 120_000,
    },
  );
  await opts.during?.();
  const r = await cli;
  const summary = r.code === 0 ? JSON.parse(await readFile(exp, 'utf8')) : undefined;
  return { ...r, summary };
}

const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));

describe.skipIf(!influxdBinary())('InfluxDB output faults', () => {
  let influx: InfluxServer | undefined;
  afterAll(async () => influx?.close());

  it('InfluxDB stopped for 10 s in the middle of a run and restarted: no point is lost', async () => {
    influx = await startInfluxd();
    const r = await load(`influxdb=${influx.url}/outage`, {
      duration: '16s',
      rate: 20,
      env: { LLMLOAD_INFLUXDB_FLUSH_TIMEOUT: '30s' },
      during: async () => {
        // Down once the run is under way (its first points are in), however long the CLI took to start.
        const deadline = Date.now() + 30_000;
        while ((await influx!.count('outage', 'vus').catch(() => 0)) === 0 && Date.now() < deadline) await sleep(200);
        await sleep(1000);
        await influx!.stop();
        await sleep(10_000);
        await influx!.start();
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/output influxdb: writing to InfluxDB failed \(.*ECONNREFUSED.*\); \d+ points buffered/);
    expect(r.stderr).toMatch(/output influxdb: InfluxDB answers again after \d+\.\d s; writing the \d+ buffered points/);
    const out = outputSummary(r.stdout);
    expect(out.dropped).toBe(0);
    const m = r.summary.metrics;
    const where = `"testid" = '${out.testid}'`;
    expect(await influx.count('outage', 'http_reqs', where)).toBe(m.http_reqs.count);
    expect(await influx.count('outage', 'http_req_duration', where)).toBe(m.http_reqs.count);
    expect(await influx.count('outage', 'iterations', where)).toBe(m.iterations.count);
    expect(await influx.count('outage', 'checks', where)).toBe(m.checks.passes + m.checks.fails);
    expect(m.iterations.count).toBeGreaterThanOrEqual(300);
    // …and the points span the outage: the load went on while InfluxDB was down.
    const gaps = await influx.query(`SELECT count("value") FROM "http_reqs" WHERE ${where} AND time > now() - 1h GROUP BY time(1s) fill(0)`, 'outage');
    const perSecond = gaps[0].series![0].values.map((v) => v[1] as number).filter((_n, i, a) => i > a.findIndex((x) => x > 0));
    expect(perSecond.slice(0, 14).every((n) => n > 0)).toBe(true);
  }, 90_000);

  it('started late with a small buffer: the points beyond the bound are dropped and counted, the rest arrive', async () => {
    await influx?.close();
    influx = await startInfluxd({ deferStart: true });
    const r = await load(`influxdb=${influx.url}/late`, {
      duration: '5s',
      rate: 40,
      env: { LLMLOAD_INFLUXDB_BUFFER_POINTS: '500', LLMLOAD_INFLUXDB_FLUSH_TIMEOUT: '30s' },
      during: async () => {
        // Hang up on every connection until the output's first attempt (its start-up ping), then two
        // more seconds (the buffer fills past its bound), then bring InfluxDB up on that port.
        let seen: () => void = () => undefined;
        const firstTry = new Promise<void>((res) => (seen = res));
        const gate = net.createServer((socket) => (socket.destroy(), seen())).listen(influx!.port, '127.0.0.1');
        await firstTry;
        await sleep(2000);
        await new Promise((res) => gate.close(res));
        await influx!.start();
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`output influxdb: InfluxDB at ${influx.url}/late is unreachable`);
    expect(r.stderr).toContain('buffer full (500 points, LLMLOAD_INFLUXDB_BUFFER_POINTS)');
    expect(r.stderr).toMatch(/InfluxDB answers again after [\d.]+ s; writing the \d+ buffered points/);
    const out = outputSummary(r.stdout);
    expect(out.dropped).toBeGreaterThan(0);
    expect(out.droppedDetail).toBe(`${out.dropped} (buffer full ${out.dropped}, refused 0, unflushed 0)`);
    // The database was created when InfluxDB came up; everything written is there.
    const all = await influx.query(`SELECT count("value") FROM /.*/ WHERE "testid" = '${out.testid}'`, 'late');
    const stored = all[0].series!.reduce((n, s) => n + (s.values[0][1] as number), 0);
    expect(stored).toBe(out.written);
    expect(out.written).toBeGreaterThanOrEqual(500);
    expect(r.stderr).toMatch(/\d+ points were not written to InfluxDB \(llmload_output_dropped_points: \d+ beyond the buffer bound/);
  }, 60_000);

  it('never reachable: the run completes (exit 0), the summary counts every point as dropped', async () => {
    const port = await freePort();
    const r = await load(`influxdb=http://127.0.0.1:${port}/x`, { duration: '2s', rate: 20, env: { LLMLOAD_INFLUXDB_FLUSH_TIMEOUT: '1s' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`output influxdb: InfluxDB at http://127.0.0.1:${port}/x is unreachable (`);
    expect(r.stderr).toContain('the test runs anyway');
    // The end of the run does not wait in silence.
    expect(r.stderr).toMatch(
      /output influxdb: InfluxDB \(.+\) is not answering; waiting up to 1 s \(LLMLOAD_INFLUXDB_FLUSH_TIMEOUT\) for it to accept \d+ buffered points/,
    );
    const out = outputSummary(r.stdout);
    expect(out.written).toBe(0);
    expect(out.dropped).toBeGreaterThan(r.summary.metrics.http_reqs.count * 5);
    expect(out.droppedDetail).toBe(`${out.dropped} (buffer full 0, refused 0, unflushed ${out.dropped})`);
  });

  it('never reachable with LLMLOAD_INFLUXDB_FAIL_ON_UNREACHABLE=true: exit 109 before the test starts', async () => {
    const port = await freePort();
    const before = web.requests;
    const r = await load(`influxdb=http://127.0.0.1:${port}/x`, { duration: '2s', rate: 20, env: { LLMLOAD_INFLUXDB_FAIL_ON_UNREACHABLE: 'true' } });
    expect(r.code).toBe(109);
    expect(r.stderr).toContain(`output influxdb: InfluxDB at http://127.0.0.1:${port}/x is unreachable`);
    expect(r.stderr).toContain('LLMLOAD_INFLUXDB_FAIL_ON_UNREACHABLE');
    expect(web.requests).toBe(before); // no request was sent
    expect(r.stdout).not.toContain('TOTAL RESULTS');
  });

  it('a wrong password: 401 reported once, the password never printed; the right one writes everything', async () => {
    await influx?.close();
    influx = await startInfluxd({ admin: { user: 'admin', password: 'right-pass-1' } });
    const host = influx.url.replace('http://', '');
    const bad = await load(`influxdb=http://admin:wrong-pass-42@${host}/auth`, { duration: '3s', rate: 20 });
    expect(bad.code, bad.stderr).toBe(0);
    const refusals = bad.stderr.split('\n').filter((l) => l.includes('InfluxDB refused a write'));
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toContain('HTTP 401 Unauthorized: authorization failed');
    expect(refusals[0]).toContain('LLMLOAD_INFLUXDB_USERNAME/PASSWORD');
    const out = outputSummary(bad.stdout);
    expect(out).toMatchObject({ written: 0 });
    expect(out.droppedDetail).toBe(`${out.dropped} (buffer full 0, refused ${out.dropped}, unflushed 0)`);
    expect(bad.stdout + bad.stderr + JSON.stringify(bad.summary)).not.toContain('wrong-pass-42');

    const good = await load(`influxdb=${influx.url}/auth`, {
      duration: '2s',
      rate: 20,
      env: { LLMLOAD_INFLUXDB_USERNAME: 'admin', LLMLOAD_INFLUXDB_PASSWORD: 'right-pass-1' },
    });
    expect(good.code, good.stderr).toBe(0);
    expect(stderrBesidesHealth(good.stderr)).toBe('');
    expect(good.stdout).not.toContain('right-pass-1');
    const { testid } = outputSummary(good.stdout);
    expect(await influx.count('auth', 'http_reqs', `"testid" = '${testid}'`)).toBe(good.summary.metrics.http_reqs.count);
  });
});
