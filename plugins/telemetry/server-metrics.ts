import { defineTelemetry, LlmloadError, type SectionContext, type SummarySection, type TelemetryContext, type TelemetrySource } from 'llmload/plugin';
import { readScrapeOptions, sourceConfig, type ScrapeOptions } from './options.js';
import { hostOfUrl, ScrapeLoop } from './scrape-loop.js';
import { readServerBody } from './server-body.js';
import { type ExtraMetrics, neverSeenWarnings, parseExtraMetrics, withExtraMetrics } from './server-extra.js';
import { canonicalName } from './server-fields.js';
import { ServerMapper } from './server-mapper.js';
import { serverSummary, type UrlState } from './server-summary.js';

/** `options.telemetry.server` after validation. */
export interface ServerOptions extends ScrapeOptions {
  /** `metrics`: families to keep, as new metrics or feeding built-in ones. */
  extra: ExtraMetrics;
}

/** `baseUrl` resolves URLs given as paths (`/metrics` against the mock's LLMLOAD_BASE_URL). */
export function parseServerOptions(config: unknown, where: string, baseUrl?: string): ServerOptions | undefined {
  const o = sourceConfig(config, where);
  if (!o) return undefined;
  const base = readScrapeOptions(o, where, { intervalMs: 500, timeoutMs: 2000 }, ['metrics'], baseUrl);
  return { ...base, extra: parseExtraMetrics(o.metrics, where) };
}

/** `options.telemetry.server`: the inference server's own /metrics (the engines of server-engines.ts, or named families). */
export const serverTelemetry = defineTelemetry({
  apiVersion: 1,
  name: 'server',
  create(config, ctx, where) {
    const opts = parseServerOptions(config, where, ctx.env.LLMLOAD_BASE_URL);
    if (!opts) return undefined;
    return new ServerTelemetry(opts, ctx);
  },
});

class ServerTelemetry implements TelemetrySource {
  readonly name = 'server';
  private readonly mapper: ServerMapper;
  private readonly loop: ScrapeLoop;
  private readonly urls = new Map<string, UrlState & { warned?: boolean }>();
  /** Canonical family name → how it was printed and its declared type, over every answered scrape. */
  private readonly families = new Map<string, { name: string; type: string }>();

  constructor(
    private readonly opts: ServerOptions,
    private readonly ctx: TelemetryContext,
  ) {
    const specs = withExtraMetrics(opts.extra);
    for (const s of specs) ctx.defineMetric(s.metric, s.type, s.contains);
    this.mapper = new ServerMapper(specs, ctx.sink, ctx.runTags);
    for (const u of opts.urls) this.urls.set(u, { engines: new Set(), known: 0 });
    this.loop = new ScrapeLoop({
      urls: opts.urls,
      intervalMs: opts.intervalMs,
      timeoutMs: opts.timeoutMs,
      onBody: (url, body, t) => {
        this.onBody(url, body, t);
        return undefined; // an answer is an ok scrape, whatever it holds
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
    const answered = [...this.loop.counts.values()].reduce((n, c) => n + c.ok, 0);
    for (const w of neverSeenWarnings(this.opts.extra.listed, this.mapper.seen, this.families, answered)) this.ctx.warn(`telemetry server: ${w}`);
  }

  summary(ctx: SectionContext): SummarySection {
    return serverSummary({ counts: this.loop.counts, urls: this.urls, uncertainty: (m) => this.mapper.uncertainty(m) }, ctx);
  }

  private onBody(url: string, body: string, t: number): void {
    const state = this.urls.get(url)!;
    const read = readServerBody(body, url);
    if (read.problem !== undefined) return this.unusable(url, state, read.problem);
    for (const s of read.series) {
      const family = familyOf(s.name, s.type);
      if (!this.families.has(family.key)) this.families.set(family.key, { name: family.name, type: s.type });
    }
    const r = this.mapper.map(read.series, t, hostOfUrl(url), url);
    for (const e of r.engines) state.engines.add(e);
    if (r.matched > 0) {
      state.known++;
      state.note = undefined;
      return;
    }
    const names = [...new Set(read.series.map((s) => familyOf(s.name, s.type).name))];
    const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ', …' : '');
    this.unusable(
      url,
      state,
      `no metric family llmload knows`,
      `it serves ${names.length} other ${names.length === 1 ? 'family' : 'families'} (${shown}); llmload reads vLLM, SGLang, TGI, llama.cpp, ` +
        `TensorRT-LLM (trtllm-serve, Triton) and LMDeploy names: list the families to keep in telemetry.server.metrics`,
    );
  }

  /** An answer with nothing to map: noted for the summary, warned once per URL unless it had known families before. */
  private unusable(url: string, state: UrlState & { warned?: boolean }, note: string, detail?: string): void {
    if (state.known > 0) return;
    state.note = note;
    if (state.warned) return;
    state.warned = true;
    this.ctx.warn(`telemetry server: ${url} is reachable but has ${note}${detail ? `: ${detail}` : ''}`);
  }
}

/** `x_sum` of a histogram `x` is family `x`; names compare canonically (`:` → `_`, no `_total`). */
function familyOf(name: string, type: string): { key: string; name: string } {
  const base = (type === 'histogram' || type === 'summary') && /_(sum|count|bucket)$/.test(name) ? name.replace(/_(sum|count|bucket)$/, '') : name;
  return { key: canonicalName(base), name: base };
}
