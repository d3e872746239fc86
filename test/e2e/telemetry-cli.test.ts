import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, stderrBesidesHealth } from '../support/cli.js';
import { bumpMetric, startMetricsServer, type MetricsServer } from '../support/metrics-server.js';

// `npm run build` first: these spawn the real CLI (dist/cli.js).
const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/telemetry', name), 'utf8');
const SCRIPT = 'test/fixtures/telemetry/gpu-load.ts';
const DCGM = fixture('dcgm-two-gpus-lowercase-hostname.txt');
const VLLM = fixture('vllm-metrics.txt');
/** Energy counter step per scrape, per GPU: 2500 mJ. */
const STEP_MJ = 2500;

let server: MetricsServer;
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-telemetry-'));
  const dcgm = (n: number) => bumpMetric(DCGM, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', n * STEP_MJ);
  server = await startMetricsServer({
    '/a/metrics': { render: dcgm },
    '/b/metrics': { render: dcgm },
    '/c/metrics': { render: dcgm },
    '/d/metrics': { render: (n) => dcgm(n).replaceAll('hostname="gpu-node-1"', 'hostname="gpu-node-2"') },
    '/dies/metrics': { render: dcgm, downAfter: 3 },
    '/vllm/metrics': { render: (n) => bumpMetric(VLLM, 'vllm:generation_tokens_total', n * 300) },
  });
});
afterAll(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

const readJson = async (f: string) => JSON.parse(await readFile(f, 'utf8'));
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('llmload run with GPU and server telemetry (end to end)', () => {
  it('GPU and server samples reach the summary export, --out json and the text summary; energy per token adds up', async () => {
    const exportFile = path.join(tmp, 'summary.json');
    const jsonOut = path.join(tmp, 'points.json');
    const r = await runCli([
      'run',
      '-q',
      '--summary-export',
      exportFile,
      '--out',
      `json=${jsonOut}`,
      '-e',
      `DCGM_URL=${server.url}/a/metrics`,
      '-e',
      `SERVER_URL=${server.url}/vllm/metrics`,
      '-e',
      'GPU=0',
      SCRIPT,
    ]);
    expect(stderrBesidesHealth(r.stderr)).not.toMatch(/WARN|ERROR/);
    expect(r.code).toBe(0);
    const s = await readJson(exportFile);
    const scrapes = server.served('/a/metrics');
    expect(scrapes).toBeGreaterThanOrEqual(3);

    // Counter deltas from the first scrape (before the load) to the final one (after it).
    const expectedJ = 2 * (scrapes - 1) * (STEP_MJ / 1000);
    expect(s.metrics.gpu_energy.count).toBeCloseTo(expectedJ, 9);
    expect(s.metrics['gpu_utilization{gpu:0}'].avg).toBe(97);
    expect(s.metrics['gpu_utilization{gpu:0}'].thresholds['avg>50']).toBe(false);
    expect(s.metrics.gpu_memory_used.max).toBeCloseTo(76848 * 1024 * 1024, -6);
    expect(s.metrics.gpu_power.max).toBeCloseTo(512.25, 1);
    const tokens = s.metrics.llm_output_tokens_total.count;
    expect(tokens).toBe(20 * 100);
    expect(s.gpu_energy.total_j).toBeCloseTo(expectedJ, 9);
    expect(s.gpu_energy.output_tokens).toBe(tokens);
    expect(s.gpu_energy.mj_per_output_token).toBeCloseTo((expectedJ * 1000) / tokens, 9);
    expect(s.gpu_energy.output_tokens_per_joule).toBeCloseTo(tokens / expectedJ, 9);
    expect(s.gpu_energy.gpus.map((g: { gpu: string; host: string }) => `${g.gpu}@${g.host}`)).toEqual(['0@gpu-node-1', '1@gpu-node-1']);

    // Server: generation tokens counted as deltas over the same window.
    const serverScrapes = server.served('/vllm/metrics');
    expect(s.metrics.server_generation_tokens.count).toBe((serverScrapes - 1) * 300);
    expect(s.metrics.server_kv_cache_usage.avg).toBe(0.4375);

    expect(r.stdout).toMatch(/GPU ENERGY/);
    expect(r.stdout).toMatch(new RegExp(`energy_per_output_token\\.+: ${((expectedJ * 1000) / tokens).toFixed(3)} mJ/token \\(2,000 output tokens\\)`));
    expect(r.stdout).toContain('gpu 0 @ gpu-node-1 (NVIDIA H100 80GB HBM3)');
    expect(r.stdout).toMatch(/SERVER METRICS/);

    const points = (await readFile(jsonOut, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const util = points.find((p) => p.type === 'Point' && p.metric === 'gpu_utilization' && p.data.tags.gpu === '1');
    expect(util.data).toMatchObject({
      value: 3,
      tags: { gpu: '1', host: 'gpu-node-1', uuid: 'GPU-bbbbbbbb-1111-2222-3333-444444444444', model_name: 'NVIDIA H100 80GB HBM3' },
    });
    expect(points.some((p) => p.type === 'Metric' && p.metric === 'gpu_energy' && p.data.type === 'counter')).toBe(true);
    expect(points.some((p) => p.type === 'Point' && p.metric === 'server_generation_tokens' && p.data.tags.model === 'meta-llama/Llama-3.1-8B-Instruct')).toBe(
      true,
    );
  });

  it('a threshold on a GPU metric that fails exits 99', async () => {
    const exportFile = path.join(tmp, 'fail.json');
    const r = await runCli([
      'run',
      '-q',
      '--summary-export',
      exportFile,
      '-e',
      `DCGM_URL=${server.url}/b/metrics`,
      '-e',
      'GPU=1',
      '-e',
      'ITERATIONS=4',
      SCRIPT,
    ]);
    expect(r.code).toBe(99);
    const s = await readJson(exportFile);
    expect(s.metrics['gpu_utilization{gpu:1}'].thresholds['avg>50']).toBe(true);
    expect(r.stdout).toMatch(/✗ 'avg>50'/);
  });

  it('--gpu-telemetry (repeatable) points a script without telemetry options at exporters; two hosts add up', async () => {
    const exportFile = path.join(tmp, 'flags.json');
    const r = await runCli([
      'run',
      '-q',
      '--summary-export',
      exportFile,
      '--gpu-telemetry',
      `${server.url}/c/metrics`,
      '--gpu-telemetry',
      `${server.url}/d/metrics`,
      '-e',
      'ITERATIONS=4',
      SCRIPT,
    ]);
    expect(r.code).toBe(0);
    const s = await readJson(exportFile);
    const expectedJ = 2 * (STEP_MJ / 1000) * (server.served('/c/metrics') - 1 + server.served('/d/metrics') - 1);
    expect(s.metrics.gpu_energy.count).toBeCloseTo(expectedJ, 9);
    expect(s.gpu_energy.total_j).toBeCloseTo(expectedJ, 9);
    expect(s.gpu_energy.gpus.map((g: { gpu: string; host: string }) => `${g.gpu}@${g.host}`)).toEqual([
      '0@gpu-node-1',
      '1@gpu-node-1',
      '0@gpu-node-2',
      '1@gpu-node-2',
    ]);
  });

  it('unreachable exporter: one warning and the run completes; required → exit 111', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/metrics`;
    const r = await runCli(['run', '-q', '-e', `DCGM_URL=${url}`, '-e', 'ITERATIONS=2', SCRIPT], { env: { PATH: '/usr/bin:/bin' } });
    expect(r.code).toBe(0);
    expect(r.stderr.match(/WARN/g)).toHaveLength(1);
    expect(r.stderr).toContain(`GPU exporter unreachable: ${url}`);
    expect(r.stdout).toMatch(/no GPU samples/);

    const req = await runCli(['run', '-q', '-e', `DCGM_URL=${url}`, '-e', 'REQUIRED=1', SCRIPT], { env: { PATH: '/usr/bin:/bin' } });
    expect(req.code).toBe(111);
    expect(req.stderr).toMatch(/ERROR telemetry dcgm: GPU exporter unreachable: .*\(required: true\)/);
  });

  it('exporter down mid-run: one warning, the run completes with what was scraped', async () => {
    const exportFile = path.join(tmp, 'dies.json');
    const r = await runCli(['run', '-q', '--summary-export', exportFile, '-e', `DCGM_URL=${server.url}/dies/metrics`, '-e', 'ITERATIONS=30', SCRIPT]);
    expect(r.code).toBe(0);
    expect(r.stderr.match(/WARN/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/scraping .*\/dies\/metrics failed/);
    const s = await readJson(exportFile);
    expect(s.metrics.gpu_energy.count).toBeCloseTo(2 * 2 * (STEP_MJ / 1000), 9); // 3 scrapes answered: 2 deltas per GPU
    expect(r.stdout).toMatch(/scrapes\.+: .*\/dies\/metrics: 3 ok, \d+ failed/);
  });

  it('unknown telemetry option keys are rejected naming the option (exit 104)', async () => {
    const src = `export const options = { telemetry: { dcgm: { urls: ['http://127.0.0.1:1/metrics'], intervl: '1s' } } };\nexport default function () {}\n`;
    const r = await runCli(['run', '-q', '-'], { stdin: src });
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('option "telemetry.dcgm": unknown option "intervl" (did you mean "interval"?)');
  });
});
