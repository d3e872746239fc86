import type { SectionContext, SummarySection } from 'llmload/plugin';
import { averagePower, energyTotals, type EnergyAccount } from './energy.js';
import type { ScrapeCounts } from './scrape-loop.js';

/** The counter whose final count is the run's output tokens (from the LLM endpoints). */
export const OUTPUT_TOKENS_METRIC = 'llm_output_tokens_total';

export interface DcgmSummaryInput {
  account: EnergyAccount;
  /** 'dcgm-exporter' or 'nvidia-smi'. */
  source: string;
  counts: ReadonlyMap<string, ScrapeCounts>;
  /** nvidia-smi rows read, when that was the source. */
  smiRows?: number;
}

const num = (v: number, digits: number) => v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * The GPU block of the end-of-test summary: total energy over the measured
 * window, energy per output token (mJ/token) and output tokens per joule
 * (from `llm_output_tokens_total` in the final summary data), then one row
 * per GPU (average power, energy, average utilization) and the scrape count.
 * The same numbers go to `--summary-export` under `gpu_energy`.
 */
export function dcgmSummary(input: DcgmSummaryInput, ctx: SectionContext): SummarySection {
  const { account } = input;
  const rows: Array<{ label: string; value: string }> = [];
  const gpus = account.list();
  const windowS = account.windowSeconds();
  const tokensMetric = ctx.data.metrics[OUTPUT_TOKENS_METRIC];
  const outputTokens = tokensMetric?.values.count;
  const totals = energyTotals(gpus, outputTokens);
  const sources = new Set(gpus.map((g) => g.source).filter((s) => s !== 'none'));
  const how = sources.size === 0 ? 'no energy data' : [...sources].map((s) => (s === 'counter' ? 'energy counter' : 'integrated power')).join(' + ');

  const exported = {
    key: 'gpu_energy',
    values: {
      source: input.source,
      window_s: windowS,
      total_j: totals.totalJ,
      output_tokens: outputTokens ?? null,
      mj_per_output_token: totals.mJPerToken ?? null,
      output_tokens_per_joule: totals.tokensPerJoule ?? null,
      gpus: gpus.map((g) => ({
        gpu: g.gpu ?? null,
        host: g.host,
        uuid: g.uuid ?? null,
        model_name: g.model_name ?? null,
        energy_j: g.source === 'none' ? null : g.energyJ,
        energy_source: g.source,
        avg_power_w: averagePower(g, windowS) ?? null,
        avg_utilization: g.utilCount > 0 ? g.utilSum / g.utilCount : null,
      })),
    },
  };
  if (gpus.length === 0) {
    rows.push({ label: 'gpu telemetry', value: `no GPU samples (${scrapeText(input)})` });
    return { title: 'GPU energy', rows, export: exported };
  }
  rows.push({
    label: 'gpu_energy_total',
    value: `${num(totals.totalJ, 1)} J over ${num(windowS, 1)}s, ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} (${how}, ${input.source})`,
  });
  if (totals.mJPerToken !== undefined) {
    rows.push({ label: 'energy_per_output_token', value: `${num(totals.mJPerToken, 3)} mJ/token (${num(outputTokens!, 0)} output tokens)` });
    rows.push({
      label: 'output_tokens_per_joule',
      value: totals.tokensPerJoule === undefined ? 'n/a (no energy measured)' : `${num(totals.tokensPerJoule, 3)} tokens/J`,
    });
  } else {
    const why = tokensMetric ? 'the run counted 0 output tokens' : `no ${OUTPUT_TOKENS_METRIC} in this run (no LLM responses were measured)`;
    rows.push({ label: 'energy_per_output_token', value: `n/a: ${why}` });
  }
  for (const g of gpus) {
    const power = averagePower(g, windowS);
    const parts = [power === undefined ? 'avg power n/a' : `avg ${num(power, 1)} W`, g.source === 'none' ? 'energy n/a' : `${num(g.energyJ, 1)} J`];
    if (g.utilCount > 0) parts.push(`util avg ${num(g.utilSum / g.utilCount, 1)}%`);
    const label = `gpu ${g.gpu ?? '?'}${g.gpu_instance ? ` mig ${g.gpu_instance}` : ''} @ ${g.host}${g.model_name ? ` (${g.model_name})` : ''}`;
    rows.push({ label, value: parts.join(', ') });
  }
  rows.push({ label: 'scrapes', value: scrapeText(input) });
  return { title: 'GPU energy', rows, export: exported };
}

function scrapeText(input: DcgmSummaryInput): string {
  if (input.smiRows !== undefined) return `${input.smiRows} nvidia-smi rows`;
  const parts: string[] = [];
  for (const [url, c] of input.counts) {
    parts.push(`${url}: ${c.ok} ok${c.failed ? `, ${c.failed} failed${c.lastError ? ` (${c.lastError})` : ''}` : ''}`);
  }
  return parts.join('; ');
}
