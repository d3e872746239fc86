import { wallTime } from 'llmload/plugin';
import { Agent, request } from 'undici';

/** Outcome of one scrape of one URL. */
export type ScrapeOutcome = { ok: true } | { ok: false; error: string };

export interface ScrapeLoopOptions {
  urls: readonly string[];
  intervalMs: number;
  timeoutMs: number;
  /**
   * Handles a body fetched at `t` (epoch ms, when the body was complete).
   * Returns an error text when the body is not usable (e.g. no known metric in it).
   */
  onBody(url: string, body: string, t: number): string | undefined;
  /** A URL failed for the first time in this run (later failures are only counted). */
  onFailure(url: string, error: string, phase: 'start' | 'run' | 'final'): void;
}

/** Per-URL counts, for the summary. */
export interface ScrapeCounts {
  ok: number;
  failed: number;
  lastError?: string;
}

/**
 * Scrapes Prometheus endpoints on an interval: `first()` takes the baseline
 * scrape of every URL (awaited, so a required source can fail the run before
 * the load starts), `startInterval()` keeps scraping in the background, and
 * `stop()` takes one final scrape so counters cover the whole window. A URL
 * whose previous scrape is still in flight skips that tick rather than pile up.
 */
export class ScrapeLoop {
  readonly counts = new Map<string, ScrapeCounts>();
  private readonly agent: Agent;
  private readonly inFlight = new Map<string, Promise<ScrapeOutcome>>();
  private readonly warned = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private active: string[];
  private closed = false;

  constructor(private readonly opts: ScrapeLoopOptions) {
    this.active = [...opts.urls];
    for (const u of opts.urls) this.counts.set(u, { ok: 0, failed: 0 });
    this.agent = new Agent({ keepAliveTimeout: Math.max(10_000, opts.intervalMs * 4), connections: 1 });
  }

  /** Baseline scrape of every URL; returns each URL's outcome. */
  async first(): Promise<Map<string, ScrapeOutcome>> {
    const results = await Promise.all(this.active.map(async (u) => [u, await this.scrape(u, 'start')] as const));
    return new Map(results);
  }

  /** Scrapes `urls` (default: all) every interval until stop(). */
  startInterval(urls: readonly string[] = this.active): void {
    this.active = [...urls];
    if (this.active.length === 0) return;
    this.timer = setInterval(() => {
      for (const u of this.active) if (!this.inFlight.has(u)) void this.scrape(u, 'run');
    }, this.opts.intervalMs);
  }

  /** Stops the interval, waits for scrapes in flight, takes the final scrape and closes connections. */
  async stop(final = true): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.inFlight.values());
    if (final) await Promise.all(this.active.map((u) => this.scrape(u, 'final')));
    this.active = [];
    await this.agent.close();
  }

  private scrape(url: string, phase: 'start' | 'run' | 'final'): Promise<ScrapeOutcome> {
    const p = this.fetchOnce(url).then((outcome) => {
      this.inFlight.delete(url);
      const c = this.counts.get(url)!;
      if (outcome.ok) {
        c.ok++;
      } else {
        c.failed++;
        c.lastError = outcome.error;
        if (!this.warned.has(url)) {
          this.warned.add(url);
          this.opts.onFailure(url, outcome.error, phase);
        }
      }
      return outcome;
    });
    this.inFlight.set(url, p);
    return p;
  }

  private async fetchOnce(url: string): Promise<ScrapeOutcome> {
    try {
      const res = await request(url, {
        dispatcher: this.agent,
        // Plain text exposition: never OpenMetrics or protobuf.
        headers: { accept: 'text/plain;version=0.0.4;q=1,*/*;q=0.1' },
        headersTimeout: this.opts.timeoutMs,
        bodyTimeout: this.opts.timeoutMs,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      if (res.statusCode !== 200) {
        const said = errorText(await res.body.text().catch(() => ''));
        return { ok: false, error: `HTTP ${res.statusCode}${said ? `: ${said}` : ''}` };
      }
      const body = await res.body.text();
      const problem = this.opts.onBody(url, body, wallTime());
      return problem === undefined ? { ok: true } : { ok: false, error: problem };
    } catch (err) {
      return { ok: false, error: describeError(err) };
    }
  }
}

/** `connect ECONNREFUSED 127.0.0.1:9400`, `timeout after 2000 ms`... */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timed out';
  const code = (err as NodeJS.ErrnoException).code;
  const cause = (err as { cause?: unknown }).cause;
  const msg = err.message || (cause instanceof Error ? cause.message : '') || code || err.name;
  return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
}

/**
 * What an error answer says, shortly: `error.message` or `message` of a JSON
 * body (llama.cpp without --metrics: "This server does not support metrics
 * endpoint. Start it with `--metrics`"), else its first line.
 */
export function errorText(body: string): string {
  let text = body.trim();
  try {
    const j = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    const m = typeof j.error === 'object' ? j.error?.message : (j.error ?? j.message);
    if (typeof m === 'string') text = m;
  } catch {
    // not JSON: the text itself
  }
  const line = text.split('\n')[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 160)}…` : line;
}

/** `host:port` of a URL, the `host` tag of series that carry no hostname label. */
export function hostOfUrl(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
