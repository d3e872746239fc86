import type { InfluxApi } from './config.js';
import { LineQueue } from './line-queue.js';
import { classifyWriteError } from './write-errors.js';

/** Sends one batch of protocol lines; rejects with the client's errors. */
export interface InfluxWriter {
  write(lines: string[], signal: AbortSignal): Promise<void>;
}

/** What the shipper tells its owner (who turns it into warnings). */
export interface ShipperEvents {
  /** The first failed write of an outage; points stay buffered and are retried. */
  outage(reason: string, buffered: number): void;
  /** The first successful write after an outage. */
  recovered(downMs: number, buffered: number): void;
  /** A write InfluxDB refused for good (4xx): once per kind of refusal. */
  rejected(reason: string): void;
  /** The buffer bound was hit for the first time. */
  overflow(bound: number): void;
}

/** Counters for the summary. `dropped` = points that never reached InfluxDB, by cause. */
export interface ShipperStats {
  written: number;
  requests: number;
  failedRequests: number;
  maxBuffered: number;
  dropped: { overflow: number; rejected: number; unflushed: number };
}

export interface ShipperOptions {
  api: InfluxApi;
  batchSize: number;
  /** Most lines buffered. */
  bound: number;
  /** First retry delay; doubles per failure up to maxDelayMs (±20 % jitter). */
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Moves lines from a bounded buffer to InfluxDB, oldest first, one request at
 * a time. `kick()` (every push interval) sends everything buffered in
 * batches. A retryable failure keeps the batch at the head of the buffer and
 * retries it with backoff while new points keep buffering, so when InfluxDB
 * comes back everything buffered is written, in order. Nothing here ever
 * waits on the caller's side: `add` and `kick` return at once.
 */
export class Shipper {
  readonly stats: ShipperStats = {
    written: 0,
    requests: 0,
    failedRequests: 0,
    maxBuffered: 0,
    dropped: { overflow: 0, rejected: 0, unflushed: 0 },
  };
  private readonly queue: LineQueue;
  /** The request in flight: aborted when the flush timeout expires (one per request: listeners pile up on a shared one). */
  private inflight: AbortController | undefined;
  private readonly reported = new Set<string>();
  private pumping: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private downSince: number | undefined;
  private failures = 0;
  private expired = false;
  private overflowed = false;

  constructor(
    private readonly writer: InfluxWriter,
    private readonly opts: ShipperOptions,
    private readonly events: ShipperEvents,
  ) {
    this.queue = new LineQueue(opts.bound);
  }

  get buffered(): number {
    return this.queue.size;
  }

  /** The last write failed and the database has not answered since. */
  get down(): boolean {
    return this.downSince !== undefined;
  }

  add(lines: readonly string[]): void {
    if (lines.length === 0) return;
    if (this.expired) {
      this.stats.dropped.unflushed += lines.length;
      return;
    }
    const refused = this.queue.push(lines);
    if (this.queue.size > this.stats.maxBuffered) this.stats.maxBuffered = this.queue.size;
    if (refused > 0) {
      this.stats.dropped.overflow += refused;
      if (!this.overflowed) {
        this.overflowed = true;
        this.events.overflow(this.opts.bound);
      }
    }
  }

  /** The database is known to be down (unreachable at start): the next success reports the recovery. */
  markDown(): void {
    this.downSince ??= Date.now();
  }

  /** Starts sending what is buffered, unless a send (or its backoff) is already under way. */
  kick(): void {
    if (this.pumping || this.queue.size === 0 || this.expired) return;
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  /**
   * Writes everything still buffered, waiting at most `timeoutMs` (retries
   * included); what is left then is dropped and counted as unflushed.
   */
  async close(timeoutMs: number): Promise<void> {
    const timer = setTimeout(() => {
      this.expired = true;
      this.inflight?.abort();
      this.wake?.();
    }, timeoutMs);
    try {
      this.kick();
      while (this.pumping) await this.pumping;
    } finally {
      clearTimeout(timer);
      this.expired = true;
      this.stats.dropped.unflushed += this.queue.clear();
    }
  }

  private async pump(): Promise<void> {
    while (this.queue.size > 0 && !this.expired) {
      const batch = this.queue.peek(this.opts.batchSize);
      this.stats.requests++;
      this.inflight = new AbortController();
      try {
        await this.writer.write(batch, this.inflight.signal);
      } catch (err) {
        this.stats.failedRequests++;
        if (this.expired) return;
        const f = classifyWriteError(err, this.opts.api);
        if (f.retry) {
          if (this.downSince === undefined) {
            this.downSince = Date.now();
            this.events.outage(f.reason, this.queue.size);
          }
          await this.sleep(this.backoff(f.retryAfterMs));
          continue;
        }
        // InfluxDB refused the batch: sending it again cannot succeed.
        const dropped = Math.min(f.dropped ?? batch.length, batch.length);
        this.stats.dropped.rejected += dropped;
        this.stats.written += batch.length - dropped;
        this.queue.drop(batch.length);
        if (!this.reported.has(f.key)) {
          this.reported.add(f.key);
          this.events.rejected(f.reason);
        }
        this.succeeded();
        continue;
      }
      this.queue.drop(batch.length);
      this.stats.written += batch.length;
      this.succeeded();
    }
  }

  /** The server answered: the outage, if any, is over. */
  private succeeded(): void {
    this.failures = 0;
    if (this.downSince !== undefined) {
      const down = Date.now() - this.downSince;
      this.downSince = undefined;
      this.events.recovered(down, this.queue.size);
    }
  }

  private backoff(retryAfterMs: number | undefined): number {
    const min = this.opts.minDelayMs ?? 250;
    const max = this.opts.maxDelayMs ?? 5000;
    const exp = Math.min(max, min * 2 ** this.failures++);
    const delay = exp * (0.8 + 0.4 * Math.random());
    return retryAfterMs !== undefined ? Math.max(delay, Math.min(retryAfterMs, 60_000)) : delay;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
