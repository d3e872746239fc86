import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';

// `npm run build` first. The mock's fake GPUs (/dcgm/metrics) and vLLM
// metrics (/metrics) follow its load; bare paths resolve against the
// LLMLOAD_BASE_URL that --mock sets.
const SCRIPT = 'test/fixtures/telemetry/mock-chat.ts';
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-telemetry-mock-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const readJson = async (f: string) => JSON.parse(await readFile(f, 'utf8'));

describe('telemetry against llmload run --mock', () => {
  it('GPU energy per token and server counters from the mock agree with the client side', async () => {
    const exportFile = path.join(tmp, 'mock.json');
    const jsonOut = path.join(tmp, 'mock-points.json');
    const r = await runCli(['run', '-q', '--mock', '--summary-export', exportFile, '--out', `json=${jsonOut}`, SCRIPT], { timeoutMs: 90_000 });
    expect(stderrBesidesHealth(r.stderr)).not.toMatch(/WARN|ERROR/);
    expect(r.code).toBe(0);
    const s = await readJson(exportFile);
    const tokens = s.metrics.llm_output_tokens_total.count;
    expect(tokens).toBeGreaterThan(0);

    const e = s.gpu_energy;
    expect(e.source).toBe('dcgm-exporter');
    expect(e.total_j).toBeGreaterThan(0);
    expect(e.total_j).toBeCloseTo(s.metrics.gpu_energy.count, 6);
    expect(e.mj_per_output_token).toBeCloseTo((e.total_j * 1000) / tokens, 6);
    expect(e.output_tokens_per_joule).toBeCloseTo(tokens / e.total_j, 6);
    const [gpu] = e.gpus;
    expect(gpu.energy_source).toBe('counter');
    // An H100's 70–700 W, and the counter's joules match the power readings over the window.
    expect(gpu.avg_power_w).toBeGreaterThanOrEqual(60);
    expect(gpu.avg_power_w).toBeLessThanOrEqual(700);
    expect(Math.abs(gpu.energy_j - gpu.avg_power_w * e.window_s) / gpu.energy_j).toBeLessThan(0.15);
    // The mock's utilization rises with load.
    expect(s.metrics['gpu_utilization{gpu:0}'].max).toBeGreaterThan(0);

    // Server-side tokens over the same window = the client's (nothing else talks to the mock).
    const serverTokens = s.metrics.server_generation_tokens.count;
    if ((s.metrics.server_preemptions?.count ?? 0) === 0) expect(serverTokens).toBe(tokens);
    else expect(serverTokens).toBeGreaterThanOrEqual(tokens);
    expect(s.metrics.server_requests_running.max).toBeGreaterThan(0);

    expect(r.stdout).toMatch(/energy_per_output_token\.+: [\d,.]+ mJ\/token/);
    const points = (await readFile(jsonOut, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(points.some((p) => p.type === 'Point' && p.metric === 'gpu_power' && p.data.tags.gpu === '0')).toBe(true);
    expect(points.some((p) => p.type === 'Point' && p.metric === 'server_kv_cache_usage')).toBe(true);
  });

  it('--gpu-telemetry takes a path relative to the mock; a GPU threshold that fails exits 99', async () => {
    // gpu-load.ts has no telemetry options and sends no requests: the mock's GPU stays idle, under 50 %.
    const exportFile = path.join(tmp, 'mock-fail.json');
    const r = await runCli(
      [
        'run',
        '-q',
        '--mock',
        '--mock-option',
        'gpus=2',
        '--summary-export',
        exportFile,
        '-e',
        'GPU=0',
        '-e',
        'ITERATIONS=10',
        '--gpu-telemetry',
        '/dcgm/metrics',
        'test/fixtures/telemetry/gpu-load.ts',
      ],
      { timeoutMs: 90_000 },
    );
    expect(r.code).toBe(99);
    const s = await readJson(exportFile);
    expect(s.metrics['gpu_utilization{gpu:0}'].thresholds['avg>50']).toBe(true);
    expect(s.gpu_energy.gpus.map((g: { gpu: string }) => g.gpu)).toEqual(['0', '1']);
    expect(s.gpu_energy.total_j).toBeGreaterThan(0);
  });
});
