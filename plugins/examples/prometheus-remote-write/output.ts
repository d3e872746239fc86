import type { Output, OutputContext, Sample, SummarySection } from 'llmload/plugin';
import type { RwConfig } from './config.js';
import { Sender } from './sender.js';
import { SeriesStore } from './series-store.js';

/** The summary row (and the `--summary-export` key) of points that never reached the receiver. */
export const DROPPED_POINTS = 'points dropped';
export const EXPORT_KEY = 'prometheus_rw';

/**
 * `--out prometheus-rw=URL`: samples update their series' state as they
 * arrive (off the hot path: the runtime hands outputs batches); every push
 * interval the series that changed become one point each, queued and sent
 * as remote-write requests. `stop` sends the last points (and stale markers
 * when asked) and waits at most the flush timeout.
 */
export class RemoteWriteOutput implements Output {
  private readonly store: SeriesStore;
  private readonly sender: Sender;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly name: string,
    private readonly ctx: OutputContext,
    private readonly cfg: RwConfig,
  ) {
    this.store = new SeriesStore({
      namespace: cfg.namespace,
      trendStats: cfg.trendStats,
      // Every series names its run: a rerun starts new series (and counters from 0) instead of continuing old ones.
      staticLabels: { testid: ctx.testid, ...cfg.staticLabels },
      typeOf: (metric) => ctx.metric(metric)?.type,
    });
    const warn = (m: string) => ctx.warn(`output ${name}: ${m}`);
    this.sender = new Sender(cfg, {
      outage: (reason, n) => warn(`remote write to ${cfg.url} failed (${reason}); ${n} points buffered (at most ${cfg.bufferPoints}), retrying`),
      recovered: (ms) => warn(`the receiver answers again after ${(ms / 1000).toFixed(1)} s`),
      refused: (reason) => warn(`the receiver refused a write (${reason}); refused points are dropped and counted (reported once)`),
      overflow: (bound) => warn(`buffer full (${bound} points): the oldest points are dropped until the receiver catches up`),
    });
  }

  description(): string {
    return `${this.name} (${this.cfg.url})`;
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => this.push(), this.cfg.pushIntervalMs);
    this.timer.unref();
  }

  addSamples(samples: readonly Sample[]): void {
    for (const s of samples) this.store.add(s);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sender.add(this.store.take());
    if (this.cfg.staleMarkers) this.sender.add(this.store.staleMarkers(Date.now()));
    if (this.sender.down && this.sender.buffered > 0) {
      this.ctx.warn(
        `output ${this.name}: the receiver is not answering; waiting up to ${this.cfg.flushTimeoutMs / 1000} s for it to take ${this.sender.buffered} buffered points`,
      );
    }
    await this.sender.close(this.cfg.flushTimeoutMs);
    const d = this.sender.stats.dropped;
    const lost = d.overflow + d.refused + d.unflushed;
    if (lost > 0) {
      this.ctx.warn(
        `output ${this.name}: ${lost} points were not written (${d.overflow} beyond the buffer bound, ${d.refused} refused, ${d.unflushed} unsent at the end)`,
      );
    }
  }

  summary(): SummarySection {
    const s = this.sender.stats;
    const d = s.dropped;
    const dropped = d.overflow + d.refused + d.unflushed;
    const rows = [
      { label: 'series', value: String(this.store.size) },
      { label: 'points written', value: String(s.written) },
      { label: DROPPED_POINTS, value: dropped === 0 ? '0' : `${dropped} (buffer full ${d.overflow}, refused ${d.refused}, unsent ${d.unflushed})` },
      { label: 'write requests', value: s.failedRequests ? `${s.requests} (${s.failedRequests} failed)` : String(s.requests) },
    ];
    if (this.store.notWritable > 0) rows.push({ label: 'samples not writable (NaN, Infinity)', value: String(this.store.notWritable) });
    return {
      title: `${this.name} output`,
      rows,
      export: {
        key: EXPORT_KEY,
        values: {
          series: this.store.size,
          written: s.written,
          dropped,
          requests: s.requests,
          failedRequests: s.failedRequests,
          notWritable: this.store.notWritable,
        },
      },
    };
  }

  private push(): void {
    this.sender.add(this.store.take());
    this.sender.kick();
  }
}
