import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dcgmTelemetry } from '../../plugins/telemetry/dcgm.js';
import { serverTelemetry } from '../../plugins/telemetry/server-metrics.js';
import { LlmloadError } from '../../runtime/errors.js';
import type { Sample } from '../../runtime/metrics/types.js';
import type { TelemetryContext, TelemetrySource } from '../../runtime/plugin-api/telemetry.js';
import { repoRoot } from '../support/cli.js';
import { bumpMetric, startMetricsServer, type MetricsServer } from '../support/metrics-server.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/telemetry', name), 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Waits for `cond`, failing after `ms` (child processes start slowly on a busy machine). */
async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}
const DCGM = fixture('dcgm-two-gpus-lowercase-hostname.txt');
const VLLM = fixture('vllm-metrics.txt');

function context(env: Record<string, string | undefined> = { PATH: '' }) {
  const samples: Sample[] = [];
  const warnings: string[] = [];
  const defined = new Map<string, string>();
  const ctx: TelemetryContext = {
    sink: { push: (s) => samples.push(s) },
    defineMetric: (name, type) => void defined.set(name, type),
    runTags: { testid: 'x' },
    env,
    cwd: repoRoot,
    warn: (m) => warnings.push(m),
  };
  const sum = (metric: string, tags: Record<string, string> = {}) =>
    samples.filter((s) => s.metric === metric && Object.entries(tags).every(([k, v]) => s.tags[k] === v)).reduce((a, s) => a + s.value, 0);
  return { ctx, samples, warnings, defined, sum };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let server: MetricsServer;
beforeAll(async () => {
  server = await startMetricsServer({
    // +1000 mJ (1 J) on GPU 0 and +2000 mJ on GPU 1... per scrape: both lines get +n·1000, so use distinct paths.
    '/dcgm': { render: (n) => bumpMetric(DCGM, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', n * 1500) },
    '/dcgm-dies': { render: (n) => bumpMetric(DCGM, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', n * 1000), downAfter: 2 },
    '/not-dcgm': { render: () => VLLM },
    '/vllm': { render: (n) => bumpMetric(bumpMetric(VLLM, 'vllm:generation_tokens_total', n * 250), 'vllm:prompt_tokens_total', n * 100) },
  });
});
afterAll(() => server.close());

async function runFor(t: TelemetrySource, ms: number) {
  await t.start();
  await sleep(ms);
  await t.stop();
}

describe('dcgm telemetry plugin (against a local exporter stand-in)', () => {
  it('defines the GPU metrics up front and scrapes from start to a final scrape at stop', async () => {
    const { ctx, defined, sum, warnings, samples } = context();
    const t = dcgmTelemetry.create({ url: `${server.url}/dcgm`, interval: '100ms' }, ctx, 'option "telemetry.dcgm"')!;
    expect(defined.get('gpu_utilization')).toBe('trend');
    expect(defined.get('gpu_energy')).toBe('counter');
    expect(t.description()).toBe(`dcgm (${server.url}/dcgm every 100ms)`);
    const before = server.served('/dcgm');
    await runFor(t, 450);
    const scrapes = server.served('/dcgm') - before;
    expect(scrapes).toBeGreaterThanOrEqual(3);
    expect(warnings).toEqual([]);
    // Energy = counter deltas from the first to the final scrape: (scrapes − 1) × 1.5 J per GPU.
    expect(sum('gpu_energy', { gpu: '0' })).toBeCloseTo((scrapes - 1) * 1.5, 9);
    expect(sum('gpu_energy', { gpu: '1' })).toBeCloseTo((scrapes - 1) * 1.5, 9);
    expect(samples.filter((s) => s.metric === 'gpu_utilization')).toHaveLength(scrapes * 2);
    expect(samples.every((s) => s.tags.testid === 'x')).toBe(true);
  });

  it('unreachable exporter: one warning, start resolves; required: true → ERR_TELEMETRY (exit 111)', async () => {
    const port = await closedPort();
    const a = context();
    const t = dcgmTelemetry.create({ url: `http://127.0.0.1:${port}/metrics`, interval: '50ms' }, a.ctx, 'w')!;
    await runFor(t, 200);
    expect(a.warnings).toHaveLength(1);
    expect(a.warnings[0]).toContain(`http://127.0.0.1:${port}/metrics`);
    expect(a.warnings[0]).toContain('ECONNREFUSED');
    expect(a.samples).toEqual([]);

    const b = context();
    const required = dcgmTelemetry.create({ url: `http://127.0.0.1:${port}/metrics`, required: true }, b.ctx, 'w')!;
    const err = await required.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LlmloadError);
    expect((err as LlmloadError).code).toBe('ERR_TELEMETRY');
    expect((err as LlmloadError).exitCode).toBe(111);
    await required.stop();
  });

  it('a URL that answers without DCGM fields counts as unusable', async () => {
    const { ctx, warnings } = context();
    const t = dcgmTelemetry.create({ url: `${server.url}/not-dcgm`, interval: '100ms' }, ctx, 'w')!;
    await runFor(t, 50);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/no DCGM_FI_\* GPU fields/);
  });

  it('exporter dies mid-run: one warning, samples until then, failed scrapes in the summary', async () => {
    const { ctx, warnings, sum } = context();
    const t = dcgmTelemetry.create({ url: `${server.url}/dcgm-dies`, interval: '60ms' }, ctx, 'w')!;
    await runFor(t, 400);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/scraping .*\/dcgm-dies failed/);
    expect(sum('gpu_energy', { gpu: '0' })).toBe(1); // 2 scrapes answered: one delta of 1000 mJ
    const data = { metrics: {}, root_group: {}, options: {}, state: {} } as never;
    const rows = t.summary!({ data, testRunDurationMs: 400 })!.rows;
    expect(rows.find((r) => r.label === 'scrapes')!.value).toMatch(/2 ok, \d+ failed/);
  });
});

describe('nvidia-smi fallback (a fake nvidia-smi first on PATH)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'llmload-smi-'));
    const fake = path.join(repoRoot, 'test/fixtures/telemetry/fake-nvidia-smi.mjs');
    await writeFile(path.join(dir, 'nvidia-smi'), `#!/bin/sh\nexec "${process.execPath}" "${fake}" "$@"\n`);
    await chmod(path.join(dir, 'nvidia-smi'), 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('local exporter unreachable → reads nvidia-smi -lms, integrates power into gpu_energy', async () => {
    const port = await closedPort();
    const { ctx, warnings, sum, samples } = context({ PATH: `${dir}${path.delimiter}${process.env.PATH}` });
    const t = dcgmTelemetry.create({ url: `http://localhost:${port}/metrics`, interval: '100ms' }, ctx, 'w')!;
    await t.start();
    expect(t.description()).toBe('dcgm (nvidia-smi every 100ms)');
    const powers = () => samples.filter((s) => s.metric === 'gpu_power' && s.tags.gpu === '0');
    // The one-shot reading at start, then the -lms stream.
    await until(() => powers().length >= 5, 15_000);
    await t.stop();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/reading nvidia-smi every 100ms instead/);
    // Energy is the trapezoid integral of the power readings over their timestamps.
    const p = powers();
    let expected = 0;
    for (let i = 1; i < p.length; i++) expected += ((p[i - 1]!.value + p[i]!.value) / 2) * ((p[i]!.time - p[i - 1]!.time) / 1000);
    expect(expected).toBeGreaterThan(0);
    expect(sum('gpu_energy', { gpu: '0' })).toBeCloseTo(expected, 6);
    expect(samples.find((s) => s.metric === 'gpu_power')!.tags).toMatchObject({
      gpu: '0',
      uuid: 'GPU-aaaaaaaa-1111-2222-3333-444444444444',
      host: os.hostname(),
    });
    const section = t.summary!({ data: { metrics: {} } as never, testRunDurationMs: 1000 })!;
    expect(section.rows[0]!.value).toMatch(/integrated power, nvidia-smi/);
  });

  it('no fallback for a remote exporter (auto), nor with nvidiaSmi: false', async () => {
    for (const cfg of [
      { url: 'http://192.0.2.1:9/metrics', timeout: '200ms' },
      { url: `http://127.0.0.1:${await closedPort()}/metrics`, nvidiaSmi: false },
    ]) {
      const { ctx, warnings } = context({ PATH: dir });
      const t = dcgmTelemetry.create(cfg, ctx, 'w')!;
      await t.start();
      await t.stop();
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/unreachable/);
      expect(warnings[0]).not.toMatch(/nvidia-smi/);
    }
  });
});

describe('server telemetry plugin', () => {
  it('scrapes vLLM metrics: token counters as deltas over the window, gauges per scrape', async () => {
    const { ctx, sum, samples, defined } = context();
    const t = serverTelemetry.create({ url: `${server.url}/vllm`, interval: '100ms' }, ctx, 'w')!;
    expect(defined.get('server_queue_time')).toBe('trend');
    const before = server.served('/vllm');
    await runFor(t, 350);
    const scrapes = server.served('/vllm') - before;
    expect(sum('server_generation_tokens')).toBe((scrapes - 1) * 250);
    expect(sum('server_prompt_tokens')).toBe((scrapes - 1) * 100);
    expect(samples.filter((s) => s.metric === 'server_requests_running')).toHaveLength(scrapes);
  });

  it('required, reachable, no family llmload knows: not an error; one warning, every scrape ok, the summary says why', async () => {
    const { ctx, warnings, samples } = context();
    const t = serverTelemetry.create({ url: `${server.url}/dcgm`, interval: '100ms', required: true }, ctx, 'w')!;
    const before = server.served('/dcgm');
    await runFor(t, 250);
    const scrapes = server.served('/dcgm') - before;
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(`^telemetry server: ${server.url}/dcgm is reachable but has no metric family llmload knows: it serves \\d+ other families \\(DCGM_FI_`),
      ),
    ]);
    expect(samples).toEqual([]);
    const section = t.summary!({ data: { metrics: {} }, testRunDurationMs: 1 } as never)!;
    expect(section.rows).toEqual([{ label: `${server.url}/dcgm`, value: `${scrapes} scrapes ok, no metric family llmload knows` }]);
  });

  it('required and unreachable → ERR_TELEMETRY', async () => {
    const { ctx } = context();
    const t = serverTelemetry.create({ url: `http://127.0.0.1:${await closedPort()}/metrics`, required: true }, ctx, 'w')!;
    await expect(t.start()).rejects.toMatchObject({ code: 'ERR_TELEMETRY' });
    await t.stop();
  });
});
