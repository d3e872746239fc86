import { LlmloadError, type OutputContext, type Output, type Sample, type SummarySection } from 'llmload/plugin';
import { describeTarget, type InfluxConfig } from './config.js';
import { IntervalAggregator } from './interval-aggregator.js';
import { LineEncoder } from './line-encoder.js';
import { Shipper } from './shipper.js';
import { errorText } from './write-errors.js';
import type { InfluxTarget } from './writers.js';

/** The summary row (and the name users grep for) of points that never reached InfluxDB. */
export const DROPPED_POINTS = 'llmload_output_dropped_points';
/** The metric whose per-chunk samples LLMLOAD_INFLUXDB_ITL=aggregate replaces with per-interval points. */
const ITL = 'llm_itl';
const PING_TIMEOUT_MS = 3000;

/**
 * `--out influxdb=` / `--out influxdb2=`: samples become protocol lines as
 * they arrive (every 100 ms, off the hot path) and go to a bounded buffer;
 * every push interval the shipper writes the buffer in batches. Outages are
 * retried, refusals reported once, and whatever could not be written is
 * counted and shown in the summary.
 */
export class InfluxOutput implements Output {
  private readonly encoder: LineEncoder;
  private readonly shipper: Shipper;
  private readonly itl: IntervalAggregator | undefined;
  private timer: NodeJS.Timeout | undefined;
  private notWritable = 0;

  constructor(
    readonly name: string,
    private readonly ctx: OutputContext,
    private readonly cfg: InfluxConfig,
    private readonly target: InfluxTarget,
    /** The run id written as the `testid` tag (from --tag testid=…, or generated). */
    readonly testid: string,
  ) {
    this.encoder = new LineEncoder({ precision: cfg.precision, tagsAsFields: cfg.tagsAsFields, testid });
    this.itl = cfg.itl === 'aggregate' ? new IntervalAggregator((tags) => this.encoder.seriesKey(tags)) : undefined;
    const warn = (m: string) => ctx.warn(`output ${name}: ${m}`);
    this.shipper = new Shipper(
      target,
      { api: cfg.api, batchSize: cfg.batchSize, bound: cfg.bufferPoints },
      {
        outage: (reason, n) => warn(`writing to InfluxDB failed (${reason}); ${n} points buffered (at most ${cfg.bufferPoints}), retrying until it answers`),
        recovered: (ms, n) => warn(`InfluxDB answers again after ${(ms / 1000).toFixed(1)} s; writing the ${n} buffered points`),
        rejected: (reason) => warn(`InfluxDB refused a write: ${reason}. Refused points are dropped and counted as ${DROPPED_POINTS} (reported once)`),
        overflow: (bound) => warn(`buffer full (${bound} points, LLMLOAD_INFLUXDB_BUFFER_POINTS): newer points are dropped until InfluxDB catches up`),
      },
    );
  }

  description(): string {
    return `${this.name} (${describeTarget(this.cfg)}, testid ${this.testid})`;
  }

  async start(): Promise<void> {
    try {
      await this.target.ping(PING_TIMEOUT_MS);
      // Reachable: create the database now (unreachable: the first write does it).
      const problem = await this.target.prepare().catch(() => undefined);
      if (problem) this.ctx.warn(`output ${this.name}: ${problem}`);
    } catch (err) {
      const reason = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError') ? `no answer in ${PING_TIMEOUT_MS} ms` : errorText(err);
      const where = `InfluxDB at ${describeTarget(this.cfg)} is unreachable (${reason})`;
      if (this.cfg.failOnUnreachable) {
        this.target.dispose();
        throw new LlmloadError('ERR_OUTPUT', `output ${this.name}: ${where} and LLMLOAD_INFLUXDB_FAIL_ON_UNREACHABLE is set`);
      }
      this.shipper.markDown(); // reported here: the first failed write is no news, the first success is
      this.ctx.warn(`output ${this.name}: ${where}; the test runs anyway, points are buffered (at most ${this.cfg.bufferPoints}) and written when it answers`);
    }
    this.timer = setInterval(() => this.push(), this.cfg.pushIntervalMs);
    this.timer.unref();
  }

  addSamples(samples: readonly Sample[]): void {
    const lines: string[] = [];
    for (const s of samples) {
      if (this.itl && s.metric === ITL) {
        this.itl.add(s);
        continue;
      }
      const line = this.encoder.encode(s);
      if (line !== undefined) lines.push(line);
      else this.notWritable++;
    }
    this.shipper.add(lines);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.takeAggregates();
    if (this.shipper.down && this.shipper.buffered > 0) {
      // Otherwise the end of the run just hangs for the flush timeout without a word.
      this.ctx.warn(
        `output ${this.name}: InfluxDB (${describeTarget(this.cfg)}) is not answering; waiting up to ` +
          `${this.cfg.flushTimeoutMs / 1000} s (LLMLOAD_INFLUXDB_FLUSH_TIMEOUT) for it to accept ${this.shipper.buffered} buffered points`,
      );
    }
    await this.shipper.close(this.cfg.flushTimeoutMs);
    this.target.dispose();
    const lost = this.dropped();
    if (lost > 0) {
      const d = this.shipper.stats.dropped;
      this.ctx.warn(
        `output ${this.name}: ${lost} points were not written to InfluxDB (${DROPPED_POINTS}: ` +
          `${d.overflow} beyond the buffer bound, ${d.rejected} refused, ${d.unflushed} still buffered after the ` +
          `${this.cfg.flushTimeoutMs / 1000} s flush timeout)`,
      );
    }
  }

  summary(): SummarySection {
    const s = this.shipper.stats;
    const d = s.dropped;
    const rows = [
      { label: 'testid', value: this.testid },
      { label: 'points written', value: String(s.written) },
      {
        label: DROPPED_POINTS,
        value: this.dropped() === 0 ? '0' : `${this.dropped()} (buffer full ${d.overflow}, refused ${d.rejected}, unflushed ${d.unflushed})`,
      },
      { label: 'write requests', value: s.failedRequests ? `${s.requests} (${s.failedRequests} failed)` : String(s.requests) },
      { label: 'max buffered points', value: String(s.maxBuffered) },
    ];
    if (this.notWritable > 0) rows.push({ label: 'samples not writable (NaN, Infinity)', value: String(this.notWritable) });
    return { title: `${this.name} output`, rows };
  }

  /** Points that never reached InfluxDB. */
  dropped(): number {
    const d = this.shipper.stats.dropped;
    return d.overflow + d.rejected + d.unflushed;
  }

  private push(): void {
    this.takeAggregates();
    this.shipper.kick();
  }

  private takeAggregates(): void {
    if (!this.itl) return;
    const now = Date.now();
    const lines: string[] = [];
    for (const { tags, stats } of this.itl.take()) {
      const line = this.encoder.encodeFields(ITL, now, tags, { ...stats });
      if (line !== undefined) lines.push(line);
    }
    this.shipper.add(lines);
  }
}
