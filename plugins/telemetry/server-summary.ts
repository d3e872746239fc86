import type { SectionContext, SummarySection } from 'llmload/plugin';
import { OUTPUT_TOKENS_METRIC } from './dcgm-summary.js';
import type { ScrapeCounts } from './scrape-loop.js';

/** The client's prompt-token counter (usage's prompt_tokens, chat template included). */
export const PROMPT_TOKENS_METRIC = 'llm_prompt_tokens_total';

/** What the server source learnt about one URL over the run. */
export interface UrlState {
  /** Engines whose names were seen. */
  engines: Set<string>;
  /** Scrapes that fed at least one server metric. */
  known: number;
  /** Why an answered scrape gave nothing (not Prometheus text, no known family). */
  note?: string;
}

export interface ServerSummaryInput {
  counts: ReadonlyMap<string, ScrapeCounts>;
  urls: ReadonlyMap<string, UrlState>;
  /** ± rounding of a counter's total (servers that print few digits). */
  uncertainty(metric: string): number;
}

const int = (v: number) => Math.round(v).toLocaleString('en-US');

/**
 * The SERVER METRICS block: one row per URL (scrapes, the engine recognised,
 * or why nothing was), then the server's token counters beside the client's
 * (a difference means other traffic on the server, prefix caching for prompt
 * tokens, or a token-counting problem).
 */
export function serverSummary(input: ServerSummaryInput, ctx: SectionContext): SummarySection {
  const rows: Array<{ label: string; value: string }> = [];
  for (const [url, c] of input.counts) {
    const u = input.urls.get(url);
    let value = `${c.ok} scrapes ok`;
    if (u && u.engines.size > 0) value += ` (${[...u.engines].join(', ')})`;
    else if (u && c.ok > 0 && u.note) value += `, ${u.note}`;
    if (c.failed) value += `, ${c.failed} failed${c.lastError ? ` (${c.lastError})` : ''}`;
    rows.push({ label: url, value });
  }
  const llamacpp = [...input.urls.values()].some((u) => u.engines.has('llama.cpp'));
  const compare = (label: string, serverMetric: string, clientMetric: string, fewer?: string) => {
    const server = ctx.data.metrics[serverMetric]?.values.count;
    const client = ctx.data.metrics[clientMetric]?.values.count;
    if (server === undefined || client === undefined) return;
    const pm = input.uncertainty(serverMetric);
    const note = fewer && server + pm < client ? ` (${fewer})` : '';
    rows.push({ label: `${label} server / client`, value: `${int(server)}${pm > 0 ? ` ± ${int(pm)}` : ''} / ${int(client)}${note}` });
  };
  compare('generation tokens', 'server_generation_tokens', OUTPUT_TOKENS_METRIC);
  compare(
    'prompt tokens',
    'server_prompt_tokens',
    PROMPT_TOKENS_METRIC,
    llamacpp ? 'llama.cpp counts only the prompt tokens it computed, not a cached prefix it reused' : undefined,
  );
  return { title: 'Server metrics', rows };
}
