import {
  defineTelemetry,
  LlmloadError,
  METRIC_NAME_PATTERN,
  checkKeys,
  optionError,
  showValue,
  type SectionContext,
  type SummarySection,
  type TelemetryContext,
  type TelemetrySource,
} from 'llmload/plugin';
import { OUTPUT_TOKENS_METRIC } from './dcgm-summary.js';
import { readScrapeOptions, sourceConfig, type ScrapeOptions } from './options.js';
import { parseExposition } from './exposition-parser.js';
import { hostOfUrl, ScrapeLoop } from './scrape-loop.js';
import { extraMetricName, SERVER_METRICS, type ServerMetricSpec, type SourceKind } from './server-fields.js';
import { ServerMapper } from './server-mapper.js';

/** `options.telemetry.server` after validation. */
export interface ServerOptions extends ScrapeOptions {
  /** Extra families to keep (unknown servers), as metric specs. */
  extra: ServerMetricSpec[];
}

const EXTRA_TYPES: Record<string, { kind: SourceKind; type: 'trend' | 'counter' }> = {
  gauge: { kind: 'gauge', type: 'trend' },
  counter: { kind: 'counter', type: 'counter' },
  histogram: { kind: 'histogram-mean', type: 'trend' },
};

/**
 * `metrics: ['sglang:cache_hit_rate', { name: 'my_queue_len', as: 'server_queue_len', type: 'gauge' }]`:
 * a family name (type: counter when it ends in `_total`, else gauge) or an object.
 */
function parseExtra(list: unknown, where: string): ServerMetricSpec[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw optionError(where, 'metrics', `must be a list of metric names or { name, as, type } objects, got ${showValue(list)}`);
  return list.map((item, i) => {
    const at = `${where}: option "metrics[${i}]"`;
    const o = typeof item === 'string' ? { name: item } : item;
    if (typeof o !== 'object' || o === null || Array.isArray(o))
      throw optionError(where, `metrics[${i}]`, `must be a name or an object, got ${showValue(item)}`);
    checkKeys(o, ['name', 'as', 'type'], at);
    const { name, as, type } = o as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') throw optionError(where, `metrics[${i}].name`, `must be a metric family name, got ${showValue(name)}`);
    const typeName = type ?? (name.endsWith('_total') ? 'counter' : 'gauge');
    const t = typeof typeName === 'string' ? EXTRA_TYPES[typeName] : undefined;
    if (!t) throw optionError(where, `metrics[${i}].type`, `must be "gauge", "counter" or "histogram", got ${showValue(type)}`);
    const metric = as ?? extraMetricName(name);
    if (typeof metric !== 'string' || !METRIC_NAME_PATTERN.test(metric)) {
      throw optionError(where, `metrics[${i}].as`, `must be a metric name (letters, digits, _), got ${showValue(as)}`);
    }
    return { metric, type: t.type, contains: 'default', unit: '', sources: [{ name, kind: t.kind, scale: 1 }] };
  });
}

/** `baseUrl` resolves URLs given as paths (`/metrics` against the mock's LLMLOAD_BASE_URL). */
export function parseServerOptions(config: unknown, where: string, baseUrl?: string): ServerOptions | undefined {
  const o = sourceConfig(config, where);
  if (!o) return undefined;
  const base = readScrapeOptions(o, where, { intervalMs: 500, timeoutMs: 2000 }, ['metrics'], baseUrl);
  const extra = parseExtra(o.metrics, where);
  const builtin = new Set(SERVER_METRICS.map((s) => s.metric));
  for (const e of extra)
    if (builtin.has(e.metric)) throw optionError(where, 'metrics', `"${e.metric}" is a built-in server metric; choose another name with "as"`);
  return { ...base, extra };
}

/** `options.telemetry.server`: the inference server's own /metrics (vLLM, SGLang, TGI, or named families). */
export const serverTelemetry = defineTelemetry({
  apiVersion: 1,
  name: 'server',
  create(config, ctx, where) {
    const opts = parseServerOptions(config, where, ctx.env.LLMLOAD_BASE_URL);
    if (!opts) return undefined;
    const specs = [...SERVER_METRICS, ...opts.extra];
    for (const s of specs) ctx.defineMetric(s.metric, s.type, s.contains);
    return new ServerTelemetry(opts, specs, ctx);
  },
});

class ServerTelemetry implements TelemetrySource {
  readonly name = 'server';
  private readonly mapper: ServerMapper;
  private readonly loop: ScrapeLoop;
  private samples = 0;

  constructor(
    private readonly opts: ServerOptions,
    specs: ServerMetricSpec[],
    private readonly ctx: TelemetryContext,
  ) {
    this.mapper = new ServerMapper(specs, ctx.sink, ctx.runTags);
    this.loop = new ScrapeLoop({
      urls: opts.urls,
      intervalMs: opts.intervalMs,
      timeoutMs: opts.timeoutMs,
      onBody: (url, body, t) => {
        const { samples, matched } = this.mapper.map(parseExposition(body).series, t, hostOfUrl(url), url);
        this.samples += samples;
        return matched > 0 ? undefined : 'no vLLM, SGLang or TGI metric (nor any listed in telemetry.server.metrics) in the response';
      },
      onFailure: (url, error, phase) => {
        if (phase !== 'start')
          ctx.warn(`telemetry server: scraping ${url} failed (${error}); retrying every ${opts.intervalMs}ms, the summary counts failed scrapes`);
      },
    });
  }

  description(): string {
    return `server metrics (${this.opts.urls.join(', ')} every ${this.opts.intervalMs}ms)`;
  }

  async start(): Promise<void> {
    const outcomes = await this.loop.first();
    const failed = [...outcomes].filter(([, o]) => !o.ok).map(([u, o]) => `${u} (${o.ok ? '' : o.error})`);
    if (failed.length > 0 && this.opts.required) {
      await this.loop.stop(false); // run() only stops sources that started
      throw new LlmloadError('ERR_TELEMETRY', `telemetry server: metrics unreachable: ${failed.join(', ')} (required: true)`);
    }
    if (failed.length > 0) {
      this.ctx.warn(`telemetry server: metrics unreachable: ${failed.join(', ')}; the run goes on without them (retried every ${this.opts.intervalMs}ms)`);
    }
    this.loop.startInterval();
  }

  async stop(): Promise<void> {
    await this.loop.stop(true);
  }

  /** Scrape counts, and the server's generated tokens beside the client's count (other traffic shows up here). */
  summary(ctx: SectionContext): SummarySection {
    const rows: Array<{ label: string; value: string }> = [];
    for (const [url, c] of this.loop.counts) {
      rows.push({ label: url, value: `${c.ok} scrapes ok${c.failed ? `, ${c.failed} failed${c.lastError ? ` (${c.lastError})` : ''}` : ''}` });
    }
    const server = ctx.data.metrics.server_generation_tokens?.values.count;
    const client = ctx.data.metrics[OUTPUT_TOKENS_METRIC]?.values.count;
    if (server !== undefined && client !== undefined) {
      rows.push({ label: 'generation tokens server / client', value: `${server} / ${client}` });
    }
    return { title: 'Server metrics', rows };
  }
}
