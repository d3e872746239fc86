import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DcgmMapper } from '../../plugins/telemetry/dcgm-mapper.js';
import { parseExposition } from '../../plugins/telemetry/exposition-parser.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { repoRoot } from '../support/cli.js';

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test/fixtures/telemetry', name), 'utf8');
const MiB = 1024 * 1024;

function setup(opts: { gpus?: string[] } = {}) {
  const samples: Sample[] = [];
  const mapper = new DcgmMapper({ sink: { push: (s) => samples.push(s) }, runTags: { testid: 'run-1' }, gpus: opts.gpus });
  const scrape = (text: string, t: number, host = 'exporter:9400') => mapper.map(parseExposition(text).series, t, host);
  const of = (metric: string, filter: Record<string, string> = {}) =>
    samples.filter((s) => s.metric === metric && Object.entries(filter).every(([k, v]) => s.tags[k] === v));
  return { samples, mapper, scrape, of };
}

describe('DCGM mapping over the issue fixture (verbatim exporter output)', () => {
  it('maps fields to metrics with units and tags; the sentinel line and driver/pci labels stay out', () => {
    const { scrape, of, samples } = setup();
    const stats = scrape(fixture('dcgm-issue.txt'), 1000);
    expect(of('gpu_temperature')).toEqual([
      {
        metric: 'gpu_temperature',
        time: 1000,
        value: 26,
        tags: {
          testid: 'run-1',
          gpu: '0',
          uuid: 'GPU-22dbdd79-f55a-92a8-aa39-322198e72ed6',
          model_name: 'NVIDIA H100 80GB HBM3',
          host: 'ip-100-64-171-120.ec2.internal',
        },
      },
    ]);
    expect(of('gpu_power')[0]!.value).toBeCloseTo(67.351, 9);
    // No labels but gpu and UUID: the exporter's host:port stands in for the host.
    expect(of('gpu_sm_clock')).toMatchObject([{ value: 139, tags: { gpu: '0', uuid: 'GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52', host: 'exporter:9400' } }]);
    expect(of('gpu_sm_clock')[0]!.tags).not.toHaveProperty('model_name');
    // The energy counter's first reading is the baseline: no sample yet.
    expect(of('gpu_energy')).toEqual([]);
    expect(samples).toHaveLength(3);
    expect(stats.unknown).toBe(1); // DCGM_FI_DEV_MEMORY_TEMP (blank anyway) is not a mapped field
    for (const s of samples) expect(Object.keys(s.tags)).not.toContain('DCGM_FI_DRIVER_VERSION');
  });

  it('turns the energy counter (mJ) into joule deltas between scrapes', () => {
    const { scrape, of, mapper } = setup();
    const text = fixture('dcgm-issue.txt');
    scrape(text, 1000);
    scrape(text.replace(' 955287014', ' 955292014'), 2000); // +5000 mJ
    scrape(text.replace(' 955287014', ' 955299514'), 3000); // +7500 mJ
    const ada = of('gpu_energy', { host: 'ed7e7a5e585f' });
    expect(ada.map((s) => s.value)).toEqual([5, 7.5]);
    expect(ada[0]!.tags).toMatchObject({ gpu: '0', uuid: 'GPU-ef6ef310-f8e2-cef9-036e-8f12d59b5ffc', model_name: 'NVIDIA RTX 6000 Ada Generation' });
    expect(of('gpu_energy', { host: 'ip-100-64-171-120.ec2.internal' }).map((s) => s.value)).toEqual([67.351, 67.351]);
    expect(mapper.account.list().find((g) => g.host === 'ed7e7a5e585f')).toMatchObject({ energyJ: 12.5, source: 'counter' });
    // The H100 in the same fixture has power but no counter: its energy is integrated (67.351 W × 2 s).
    const h100 = mapper.account.list().find((g) => g.host === 'ip-100-64-171-120.ec2.internal')!;
    expect(h100.source).toBe('power');
    expect(h100.energyJ).toBeCloseTo(67.351 * 2, 9);
  });

  it('a counter that goes down was reset: the new value is the delta', () => {
    const { scrape, of } = setup();
    const text = fixture('dcgm-issue.txt');
    scrape(text, 0);
    scrape(text.replace(' 955287014', ' 3000'), 1000);
    expect(of('gpu_energy', { host: 'ed7e7a5e585f' }).map((s) => s.value)).toEqual([3]);
  });
});

describe('DCGM mapping over the variants', () => {
  it('two GPUs, lowercase hostname: MiB → bytes, ratios → %, bytes/s → bytes per interval', () => {
    const { scrape, of } = setup();
    const text = fixture('dcgm-two-gpus-lowercase-hostname.txt');
    const stats = scrape(text, 10_000);
    expect(stats.gpus).toBe(2);
    expect(of('gpu_memory_used', { gpu: '0' })[0]!.value).toBe(76848 * MiB);
    expect(of('gpu_memory_free', { gpu: '1' })[0]!.value).toBe(81004 * MiB);
    expect(of('gpu_sm_active', { gpu: '0' })[0]!.value).toBeCloseTo(91.2345, 9);
    expect(of('gpu_tensor_active', { gpu: '0' })[0]!.value).toBeCloseTo(41.2, 9);
    expect(of('gpu_dram_active', { gpu: '0' })[0]!.value).toBeCloseTo(63.3, 9);
    expect(of('gpu_utilization', { gpu: '1' })[0]!.value).toBe(3);
    expect(of('gpu_mem_clock', { gpu: '0' })[0]!.value).toBe(2619);
    expect(of('gpu_utilization').every((s) => s.tags.host === 'gpu-node-1')).toBe(true);
    expect(of('gpu_pcie_tx_bytes')).toEqual([]);
    // 1.5 s later, same rates: bytes = rate × 1.5 s.
    scrape(text.replace('4021338112', '4022106487'), 11_500);
    expect(of('gpu_pcie_tx_bytes', { gpu: '0' })[0]!.value).toBe(3_000_000);
    expect(of('gpu_pcie_rx_bytes', { gpu: '0' })[0]!.value).toBe(9_000_000);
    expect(of('gpu_nvlink_tx_bytes', { gpu: '1' })[0]!.value).toBe(45_000_000);
    expect(of('gpu_nvlink_rx_bytes', { gpu: '1' })[0]!.value).toBe(43_500_000);
    expect(of('gpu_energy', { gpu: '0' })[0]!.value).toBeCloseTo(768.375, 9);
    // GPU 1's counter did not move: a zero delta, not power integration.
    expect(of('gpu_energy', { gpu: '1' })[0]!.value).toBe(0);
  });

  it('PCIe bytes declared as a counter (older exporter lists) are deltas, not rates', () => {
    const { scrape, of } = setup();
    const line = (v: number) => `# TYPE DCGM_FI_PROF_PCIE_TX_BYTES counter\nDCGM_FI_PROF_PCIE_TX_BYTES{gpu="0",UUID="GPU-x",Hostname="h"} ${v}\n`;
    scrape(line(1000), 0);
    scrape(line(4000), 2000);
    expect(of('gpu_pcie_tx_bytes').map((s) => s.value)).toEqual([3000]);
  });

  it('Kubernetes pod mapping: pod, namespace, container tags; spaces after commas and a trailing comma', () => {
    const { scrape, of } = setup();
    scrape(fixture('dcgm-k8s-pod.txt'), 0);
    expect(of('gpu_utilization')).toMatchObject([
      {
        value: 88,
        tags: {
          gpu: '3',
          uuid: 'GPU-cccccccc-1111-2222-3333-444444444444',
          model_name: 'NVIDIA A100-SXM4-80GB',
          host: 'dcgm-exporter-7x9kq',
          pod: 'vllm-llama-8b-6d5f9c7b8-abcde',
          namespace: 'inference',
          container: 'vllm',
        },
      },
    ]);
    expect(of('gpu_memory_used')[0]!.value).toBe(71210 * MiB);
    expect(of('gpu_power')[0]!.value).toBeCloseTo(301.125, 9);
  });

  it('NaN, int64 and fp64 blanks are dropped; a `_total` counter is accepted; no hostname → exporter host', () => {
    const { scrape, of } = setup();
    const text = fixture('dcgm-nan-total-blank.txt');
    const stats = scrape(text, 0, '10.0.0.7:9400');
    expect(stats).toMatchObject({ notFinite: 1, blank: 2 });
    expect(of('gpu_utilization')).toEqual([]);
    expect(of('gpu_sm_clock')).toEqual([]);
    expect(of('gpu_power')).toEqual([]);
    expect(of('gpu_temperature')).toMatchObject([{ value: 44, tags: { host: '10.0.0.7:9400', model_name: 'NVIDIA L4' } }]);
    expect(of('gpu_mem_clock')[0]!.value).toBe(6250);
    scrape(text.replace('123456789', '123459789'), 1000, '10.0.0.7:9400');
    expect(of('gpu_energy').map((s) => s.value)).toEqual([3]);
  });

  it('the gpus option keeps only the listed GPUs (by index or UUID)', () => {
    const { scrape, of } = setup({ gpus: ['GPU-bbbbbbbb-1111-2222-3333-444444444444'] });
    const stats = scrape(fixture('dcgm-two-gpus-lowercase-hostname.txt'), 0);
    expect(stats.gpus).toBe(1);
    expect(new Set(of('gpu_utilization').map((s) => s.tags.gpu))).toEqual(new Set(['1']));
    expect(stats.filtered).toBeGreaterThan(0);
  });
});
