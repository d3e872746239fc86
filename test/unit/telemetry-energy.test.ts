import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DcgmMapper } from '../../plugins/telemetry/dcgm-mapper.js';
import { dcgmSummary } from '../../plugins/telemetry/dcgm-summary.js';
import { averagePower, EnergyAccount, energyTotals } from '../../plugins/telemetry/energy.js';
import { NvidiaSmiCsv, stampOf } from '../../plugins/telemetry/nvidia-smi.js';
import { parseExposition } from '../../plugins/telemetry/exposition-parser.js';
import type { Sample } from '../../runtime/metrics/types.js';
import type { SummaryData } from '../../runtime/summary/summary-data.js';
import { repoRoot } from '../support/cli.js';

const gpu = (n: string) => ({ key: `h|${n}`, gpu: n, host: 'h' });

/** Summary data holding only the output-token counter (or nothing). */
function summaryData(outputTokens?: number): SummaryData {
  const metrics: SummaryData['metrics'] = {};
  if (outputTokens !== undefined) {
    metrics.llm_output_tokens_total = { type: 'counter', contains: 'default', values: { count: outputTokens, rate: 0 } };
  }
  return {
    metrics,
    root_group: { name: '', path: '', id: '', groups: [], checks: [] } as unknown as SummaryData['root_group'],
    options: { summaryTrendStats: [], summaryTimeUnit: '', noColor: true },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: 10_000 },
  };
}

describe('energy per token arithmetic', () => {
  it('with counter deltas: total J, mJ/token, tokens/J, mean power from the counter', () => {
    const a = new EnergyAccount();
    a.scraped(0);
    a.energy(gpu('0'), 300, 'counter');
    a.energy(gpu('0'), 200, 'counter');
    a.energy(gpu('1'), 250, 'counter');
    a.scraped(10_000);
    const totals = energyTotals(a.list(), 1500);
    expect(totals.totalJ).toBe(750);
    expect(totals.mJPerToken).toBe(500); // 750 J × 1000 / 1500 tokens
    expect(totals.tokensPerJoule).toBe(2);
    expect(averagePower(a.list()[0]!, a.windowSeconds())).toBe(50); // 500 J / 10 s, no power readings
  });

  it('with power integration (no energy counter): trapezoid over the readings', () => {
    const a = new EnergyAccount();
    const id = gpu('0');
    for (const [w, t] of [
      [100, 0],
      [200, 1000],
      [200, 2000],
    ] as const) {
      const j = a.power(id, w, t);
      if (j > 0) a.energy(id, j, 'power');
    }
    const [g] = a.list();
    expect(g!.energyJ).toBe(150 + 200);
    expect(averagePower(g!, 2)).toBe(175);
    const totals = energyTotals(a.list(), 700);
    expect(totals.mJPerToken).toBe(500);
    expect(totals.tokensPerJoule).toBe(2);
  });

  it('no output tokens: energy per token is undefined, not Infinity or 0', () => {
    expect(energyTotals([], undefined)).toEqual({ totalJ: 0, mJPerToken: undefined, tokensPerJoule: undefined });
    const a = new EnergyAccount();
    a.energy(gpu('0'), 10, 'counter');
    expect(energyTotals(a.list(), 0).mJPerToken).toBeUndefined();
  });

  it('the counter wins over integrated power for a GPU whose counter shows up late', () => {
    const a = new EnergyAccount();
    a.energy(gpu('0'), 40, 'power');
    a.energy(gpu('0'), 5, 'counter');
    a.energy(gpu('0'), 40, 'power');
    expect(a.list()[0]).toMatchObject({ energyJ: 5, source: 'counter' });
  });
});

describe('GPU energy summary block', () => {
  it('shows total energy, mJ/token, tokens/J and one row per GPU', () => {
    const samples: Sample[] = [];
    const mapper = new DcgmMapper({ sink: { push: (s) => samples.push(s) }, runTags: {} });
    const text = (mj: number, w: number) =>
      `# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter\n` +
      `DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="node"} ${mj}\n` +
      `DCGM_FI_DEV_POWER_USAGE{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="node"} ${w}\n` +
      `DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-a",modelName="NVIDIA H100 80GB HBM3",Hostname="node"} 90\n`;
    // Through the real parser: 2 scrapes, 4 s apart, +1,200,000 mJ = 1200 J.
    mapper.map(parseExposition(text(5_000_000, 300)).series, 0, 'x');
    mapper.map(parseExposition(text(6_200_000, 300)).series, 4000, 'x');
    const section = dcgmSummary(
      { account: mapper.account, source: 'dcgm-exporter', counts: new Map([['http://x/metrics', { ok: 2, failed: 0 }]]) },
      { data: summaryData(2400), testRunDurationMs: 4000 },
    );
    const rows = Object.fromEntries(section.rows.map((r) => [r.label, r.value]));
    expect(section.title).toBe('GPU energy');
    expect(rows.gpu_energy_total).toBe('1,200.0 J over 4.0s, 1 GPU (energy counter, dcgm-exporter)');
    expect(rows.energy_per_output_token).toBe('500.000 mJ/token (2,400 output tokens)');
    expect(rows.output_tokens_per_joule).toBe('2.000 tokens/J');
    expect(rows['gpu 0 @ node (NVIDIA H100 80GB HBM3)']).toBe('avg 300.0 W, 1,200.0 J, util avg 90.0%');
    expect(rows.scrapes).toBe('http://x/metrics: 2 ok');
  });

  it('says why energy per token is missing when the run counted no output tokens', () => {
    const a = new EnergyAccount();
    a.energy(gpu('0'), 10, 'counter');
    const section = dcgmSummary({ account: a, source: 'dcgm-exporter', counts: new Map() }, { data: summaryData(), testRunDurationMs: 1 });
    expect(section.rows.find((r) => r.label === 'energy_per_output_token')!.value).toMatch(/^n\/a: no llm_output_tokens_total/);
  });
});

describe('nvidia-smi CSV (the fallback source), parsed as DCGM fields', () => {
  const csv = readFileSync(path.join(repoRoot, 'test/fixtures/telemetry/nvidia-smi.csv'), 'utf8');
  const atRecording = () => new Date(2026, 4, 4, 14, 2, 12, 0).getTime();

  it('reads values with units, drops [N/A] / [Not Supported], uses the row timestamps', () => {
    const rows = new NvidiaSmiCsv('smi-host').rows(csv.split('\n'), atRecording);
    expect(rows).toHaveLength(6);
    const first = rows[0]!;
    expect(first.t).toBe(new Date(2026, 4, 4, 14, 2, 11, 201).getTime());
    const byName = Object.fromEntries(first.series.map((s) => [s.name, s.value]));
    expect(byName).toEqual({
      DCGM_FI_DEV_GPU_UTIL: 0,
      DCGM_FI_DEV_FB_USED: 76848,
      DCGM_FI_DEV_FB_FREE: 4263,
      DCGM_FI_DEV_POWER_USAGE: 118.42,
      DCGM_FI_DEV_GPU_TEMP: 38,
      DCGM_FI_DEV_SM_CLOCK: 345,
      DCGM_FI_DEV_MEM_CLOCK: 2619,
    });
    expect(first.series[0]!.labels).toEqual({
      Hostname: 'smi-host',
      gpu: '0',
      UUID: 'GPU-aaaaaaaa-1111-2222-3333-444444444444',
      modelName: 'NVIDIA H100 80GB HBM3',
    });
    const last = rows[5]!.series.map((s) => s.name);
    expect(last).not.toContain('DCGM_FI_DEV_GPU_UTIL');
    expect(last).not.toContain('DCGM_FI_DEV_POWER_USAGE');
  });

  it('integrates power into gpu_energy (no energy counter in nvidia-smi)', () => {
    const samples: Sample[] = [];
    const mapper = new DcgmMapper({ sink: { push: (s) => samples.push(s) }, runTags: {} });
    for (const r of new NvidiaSmiCsv('smi-host').rows(csv.split('\n'), atRecording)) mapper.map(r.series, r.t, 'localhost');
    const energy0 = samples.filter((s) => s.metric === 'gpu_energy' && s.tags.gpu === '0').map((s) => s.value);
    expect(energy0).toHaveLength(2);
    // (118.42 + 512.25)/2 W × 0.5 s + (512.25 + 688.90)/2 W × 0.5 s
    expect(energy0[0]! + energy0[1]!).toBeCloseTo(157.6675 + 300.2875, 9);
    expect(samples.find((s) => s.metric === 'gpu_memory_used')!.value).toBe(76848 * 1024 * 1024);
    const g0 = mapper.account.list().find((g) => g.gpu === '0')!;
    expect(g0.source).toBe('power');
  });

  it('stampOf: local-time stamps; the arrival time when missing or implausible', () => {
    const now = new Date(2026, 0, 2, 3, 4, 5, 600).getTime();
    expect(stampOf('2026/01/02 03:04:05.123', now)).toBe(new Date(2026, 0, 2, 3, 4, 5, 123).getTime());
    expect(stampOf('2020/01/02 03:04:05.123', now)).toBe(now);
    expect(stampOf(undefined, now)).toBe(now);
    expect(stampOf('garbage', now)).toBe(now);
  });
});
