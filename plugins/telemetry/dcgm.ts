import {
  defineTelemetry,
  LlmloadError,
  optionError,
  showValue,
  type SectionContext,
  type SummarySection,
  type TelemetryContext,
  type TelemetrySource,
} from 'llmload/plugin';
import { GPU_METRICS } from './dcgm-fields.js';
import { DcgmMapper } from './dcgm-mapper.js';
import { dcgmSummary } from './dcgm-summary.js';
import { findNvidiaSmi, NvidiaSmiSource } from './nvidia-smi.js';
import { readScrapeOptions, sourceConfig, type ScrapeOptions } from './options.js';
import { parseExposition } from './exposition-parser.js';
import { hostOfUrl, ScrapeLoop } from './scrape-loop.js';

export const DEFAULT_DCGM_URL = 'http://localhost:9400/metrics';

/** `options.telemetry.dcgm` after validation. */
export interface DcgmOptions extends ScrapeOptions {
  /** Keep only these GPUs (index or UUID); empty = every GPU the exporters report. */
  gpus: string[];
  /** nvidia-smi fallback: 'auto' = only when every URL is local and none answers. */
  nvidiaSmi: 'auto' | boolean;
}

/** `baseUrl` resolves URLs given as paths (`/dcgm/metrics` against the mock's LLMLOAD_BASE_URL). */
export function parseDcgmOptions(config: unknown, where: string, baseUrl?: string): DcgmOptions | undefined {
  const o = sourceConfig(config, where);
  if (!o) return undefined;
  const base = readScrapeOptions(o, where, { urls: [DEFAULT_DCGM_URL], intervalMs: 500, timeoutMs: 2000 }, ['gpus', 'nvidiaSmi'], baseUrl);
  let gpus: string[] = [];
  if (o.gpus !== undefined) {
    if (!Array.isArray(o.gpus) || o.gpus.some((g) => typeof g !== 'string' && typeof g !== 'number')) {
      throw optionError(where, 'gpus', `must be a list of GPU indexes or UUIDs, got ${showValue(o.gpus)}`);
    }
    gpus = o.gpus.map(String);
  }
  const smi = o.nvidiaSmi ?? 'auto';
  if (smi !== 'auto' && typeof smi !== 'boolean') throw optionError(where, 'nvidiaSmi', `must be "auto", true or false, got ${showValue(smi)}`);
  return { ...base, gpus, nvidiaSmi: smi };
}

/** `options.telemetry.dcgm`: GPU metrics from dcgm-exporter (or nvidia-smi) and the energy summary. */
export const dcgmTelemetry = defineTelemetry({
  apiVersion: 1,
  name: 'dcgm',
  create(config, ctx, where) {
    const opts = parseDcgmOptions(config, where, ctx.env.LLMLOAD_BASE_URL);
    if (!opts) return undefined;
    for (const m of GPU_METRICS) ctx.defineMetric(m.name, m.type, m.contains);
    return new DcgmTelemetry(opts, ctx);
  },
});

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

class DcgmTelemetry implements TelemetrySource {
  readonly name = 'dcgm';
  private readonly mapper: DcgmMapper;
  private readonly loop: ScrapeLoop;
  private smi: NvidiaSmiSource | undefined;
  private readonly warnedBadLines = new Set<string>();

  constructor(
    private readonly opts: DcgmOptions,
    private readonly ctx: TelemetryContext,
  ) {
    this.mapper = new DcgmMapper({ sink: ctx.sink, runTags: ctx.runTags, gpus: opts.gpus });
    this.loop = new ScrapeLoop({
      urls: opts.urls,
      intervalMs: opts.intervalMs,
      timeoutMs: opts.timeoutMs,
      onBody: (url, body, t) => this.onBody(url, body, t),
      onFailure: (url, error, phase) => {
        // Start-up failures are reported by start(), with what happens next.
        if (phase !== 'start')
          ctx.warn(`telemetry dcgm: scraping ${url} failed (${error}); retrying every ${opts.intervalMs}ms, the summary counts failed scrapes`);
      },
    });
  }

  description(): string {
    if (this.smi) return `dcgm (nvidia-smi every ${this.opts.intervalMs}ms)`;
    return `dcgm (${this.opts.urls.join(', ')} every ${this.opts.intervalMs}ms)`;
  }

  async start(): Promise<void> {
    const outcomes = await this.loop.first();
    const failed = [...outcomes].filter(([, o]) => !o.ok) as Array<[string, { ok: false; error: string }]>;
    const list = failed.map(([u, o]) => `${u} (${o.error})`).join(', ');
    if (failed.length === this.opts.urls.length && (await this.startNvidiaSmi(list))) {
      await this.loop.stop(false);
      return;
    }
    if (failed.length > 0 && this.opts.required) {
      await this.loop.stop(false); // run() only stops sources that started
      throw new LlmloadError('ERR_TELEMETRY', `telemetry dcgm: GPU exporter unreachable: ${list} (required: true)`);
    }
    if (failed.length > 0) {
      this.ctx.warn(
        `telemetry dcgm: GPU exporter unreachable: ${list}; the run goes on without its GPU metrics ` +
          `(retried every ${this.opts.intervalMs}ms; set telemetry.dcgm.required to make this an error)`,
      );
    }
    this.loop.startInterval();
  }

  async stop(): Promise<void> {
    if (this.smi) await this.smi.stop();
    else await this.loop.stop(true);
  }

  summary(ctx: SectionContext): SummarySection {
    return dcgmSummary(
      { account: this.mapper.account, source: this.smi ? 'nvidia-smi' : 'dcgm-exporter', counts: this.loop.counts, smiRows: this.smi?.rowsRead },
      ctx,
    );
  }

  private onBody(url: string, body: string, t: number): string | undefined {
    const { series, badLines } = parseExposition(body);
    if (badLines.length > 0 && !this.warnedBadLines.has(url)) {
      this.warnedBadLines.add(url);
      this.ctx.warn(`telemetry dcgm: ${url}: skipped ${badLines.length} unparseable line(s), e.g. ${JSON.stringify(badLines[0]!.slice(0, 120))}`);
    }
    const stats = this.mapper.map(series, t, hostOfUrl(url), url);
    if (stats.gpus > 0 || stats.blank > 0 || stats.notFinite > 0) return undefined;
    if (stats.filtered > 0) return `none of the GPUs in telemetry.dcgm.gpus (${this.opts.gpus.join(', ')}) in the response`;
    return 'no DCGM_FI_* GPU fields in the response (is this a dcgm-exporter /metrics URL?)';
  }

  /** The nvidia-smi fallback, when allowed and available; true when it started. */
  private async startNvidiaSmi(why: string): Promise<boolean> {
    const allowed = this.opts.nvidiaSmi === true || (this.opts.nvidiaSmi === 'auto' && this.opts.urls.every((u) => LOCAL_HOSTS.has(new URL(u).hostname)));
    const bin = allowed ? findNvidiaSmi(this.ctx.env) : undefined;
    if (!bin) return false;
    const smi = new NvidiaSmiSource({
      bin,
      intervalMs: this.opts.intervalMs,
      timeoutMs: Math.max(this.opts.timeoutMs, 5000),
      onRows: (rows) => {
        for (const r of rows) this.mapper.map(r.series, r.t, 'localhost');
      },
      warn: this.ctx.warn,
    });
    try {
      await smi.start();
    } catch (err) {
      this.ctx.warn(`telemetry dcgm: nvidia-smi fallback did not work either: ${err instanceof Error ? err.message : String(err)}`);
      return false;
    }
    this.smi = smi;
    this.ctx.warn(
      `telemetry dcgm: GPU exporter unreachable: ${why}; reading nvidia-smi every ${this.opts.intervalMs}ms instead (no energy counter there: power is integrated)`,
    );
    return true;
  }
}
