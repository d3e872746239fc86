import { Agent, request, type Dispatcher } from 'undici';
import type { RwConfig } from './config.js';
import type { Point } from './series-store.js';
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from './write-request.js';

/** What the sender tells its owner (who turns it into warnings, once each). */
export interface SenderEvents {
  /** The first failed write of an outage; points stay buffered and are retried. */
  outage(reason: string, buffered: number): void;
  recovered(downMs: number): void;
  /** The receiver refused a request for good (4xx but 429): once per status. */
  refused(reason: string): void;
  overflow(bound: number): void;
}

/** Counters for the summary: `dropped` = points that never reached the receiver, by cause. */
export interface SenderStats {
  written: number;
  requests: number;
  failedRequests: number;
  maxBuffered: number;
  dropped: { overflow: number; refused: number; unflushed: number };
}

const REQUEST_TIMEOUT_MS = 10_000;
const MIN_DELAY_MS = 250;
const MAX_DELAY_MS = 5000;

/**
 * Moves points to the receiver, oldest first, one request at a time, as the
 * remote-write spec asks: 5xx, 429 and network errors are retried with
 * exponential backoff (the batch stays at the head, so order is kept); other
 * 4xx are not retried (the batch is dropped and counted). The buffer is
 * bounded: when it is full the OLDEST points go, because every point carries
 * its series' state from the start of the test and newer ones supersede
 * them. `add` and `kick` return at once; nothing here waits on the caller.
 */
export class Sender {
  readonly stats: SenderStats = { written: 0, requests: 0, failedRequests: 0, maxBuffered: 0, dropped: { overflow: 0, refused: 0, unflushed: 0 } };
  private queue: Point[] = [];
  private readonly dispatcher: Dispatcher;
  private readonly reported = new Set<string>();
  private pumping: Promise<void> | undefined;
  private inflight: AbortController | undefined;
  private wake: (() => void) | undefined;
  private downSince: number | undefined;
  private failures = 0;
  private expired = false;
  private overflowed = false;

  constructor(
    private readonly cfg: RwConfig,
    private readonly events: SenderEvents,
  ) {
    this.dispatcher = new Agent({ connect: { rejectUnauthorized: !cfg.insecureSkipTlsVerify }, keepAliveTimeout: 30_000 });
  }

  get buffered(): number {
    return this.queue.length;
  }

  get down(): boolean {
    return this.downSince !== undefined;
  }

  add(points: readonly Point[]): void {
    if (points.length === 0) return;
    if (this.expired) {
      this.stats.dropped.unflushed += points.length;
      return;
    }
    for (const p of points) this.queue.push(p);
    const over = this.queue.length - this.cfg.bufferPoints;
    if (over > 0) {
      this.queue.splice(0, over);
      this.stats.dropped.overflow += over;
      if (!this.overflowed) (this.overflowed = true), this.events.overflow(this.cfg.bufferPoints);
    }
    if (this.queue.length > this.stats.maxBuffered) this.stats.maxBuffered = this.queue.length;
  }

  /** Starts sending what is buffered, unless a send (or its backoff) is under way. */
  kick(): void {
    if (this.pumping || this.queue.length === 0 || this.expired) return;
    this.pumping = this.pump().finally(() => (this.pumping = undefined));
  }

  /** Sends everything buffered, waiting at most `timeoutMs` (retries included); what is left is counted as unflushed. */
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
      this.stats.dropped.unflushed += this.queue.length;
      this.queue = [];
      await this.dispatcher.close();
    }
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && !this.expired) {
      const batch = this.queue.splice(0, this.cfg.batchSize);
      this.stats.requests++;
      const failure = await this.send(batch);
      if (failure === undefined) {
        this.stats.written += batch.length;
        this.succeeded();
      } else if (failure.retry) {
        this.stats.failedRequests++;
        this.queue.unshift(...batch);
        if (this.expired) return;
        if (this.downSince === undefined) (this.downSince = Date.now()), this.events.outage(failure.reason, this.queue.length);
        await this.sleep(this.backoff(failure.retryAfterMs));
      } else {
        this.stats.failedRequests++;
        this.stats.dropped.refused += batch.length;
        if (!this.reported.has(failure.reason)) this.reported.add(failure.reason), this.events.refused(failure.reason);
        this.succeeded();
      }
    }
  }

  /** undefined when written; otherwise why not, and whether to try again. */
  private async send(batch: Point[]): Promise<{ reason: string; retry: boolean; retryAfterMs?: number } | undefined> {
    this.inflight = new AbortController();
    const signal = AbortSignal.any([this.inflight.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
    try {
      const res = await request(this.cfg.url, {
        method: 'POST',
        body: encodeWriteRequest(batch),
        headers: { ...this.cfg.headers, ...REMOTE_WRITE_HEADERS, 'user-agent': 'llmload-prometheus-rw' },
        dispatcher: this.dispatcher,
        signal,
      });
      const text = (await res.body.text()).trim().slice(0, 200);
      if (res.statusCode >= 200 && res.statusCode < 300) return undefined;
      const reason = `HTTP ${res.statusCode}${text ? `: ${text}` : ''}`;
      const retryAfter = Number(res.headers['retry-after']);
      if (res.statusCode === 429 || res.statusCode >= 500)
        return { reason, retry: true, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined };
      return { reason, retry: false };
    } catch (err) {
      const e = err as Error;
      const reason = e.name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} s` : e.message;
      return { reason, retry: true };
    } finally {
      this.inflight = undefined;
    }
  }

  private succeeded(): void {
    this.failures = 0;
    if (this.downSince !== undefined) {
      this.events.recovered(Date.now() - this.downSince);
      this.downSince = undefined;
    }
  }

  private backoff(retryAfterMs: number | undefined): number {
    const delay = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.failures++) * (0.8 + 0.4 * Math.random());
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
