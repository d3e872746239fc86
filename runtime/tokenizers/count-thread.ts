/**
 * Token counting on a worker thread, for texts too long to count on the main
 * thread without delaying its socket reads and timers (the timestamps every
 * other request's latencies come from) or its signal handlers.
 *
 * The worker runs dist/count-worker.js, built next to dist/cli.js by
 * runtime/build.mjs from runtime/tokenizers/count-worker.ts. It is started on
 * the first count, loads each tokenizer once from its `source` (the same
 * getTokenizer() cache key the main thread used) and counts with the same
 * linear, piecewise count. It never holds the process open while idle.
 */
import { Worker } from 'node:worker_threads';
import { LlmloadError, type ErrorCode } from '../errors.js';

/** workerData key that tells the bundled worker entry what it is. */
export const COUNT_WORKER_KEY = 'llmloadCountWorker';

/** Main thread → worker. */
export interface CountRequest {
  id: number;
  /** A Tokenizer's `source`. */
  source: string;
  texts: string[];
}

/** Worker → main thread: one count per text, or why there are none. */
export type CountReply = { id: number; counts: number[] } | { id: number; error: { code?: ErrorCode; message: string } };

/** dist/count-worker.js, next to the bundled CLI this module is part of. */
export const COUNT_WORKER_ENTRY = new URL('./count-worker.js', import.meta.url);

interface Pending {
  resolve(counts: number[]): void;
  reject(err: Error): void;
}

export class CountThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the thread failed or was closed: later counts are refused with it. */
  private failure: LlmloadError | undefined;
  private closedByOwner = false;

  /** `entry`: the built worker script (tests build their own). */
  constructor(private readonly entry: string | URL = COUNT_WORKER_ENTRY) {}

  /** True after close(): a refusal then means the run is over, not that the thread broke. */
  get closed(): boolean {
    return this.closedByOwner;
  }

  /** Counts each of `texts` with the tokenizer loaded from `source`. */
  count(source: string, texts: string[]): Promise<number[]> {
    if (!this.failure && !this.worker) {
      try {
        this.worker = this.start();
      } catch (err) {
        this.fail(new LlmloadError('ERR_INTERNAL', `token counting thread failed to start: ${(err as Error).message}`, { cause: err }));
      }
    }
    const worker = this.worker;
    if (this.failure || !worker) return Promise.reject(this.failure);
    const id = this.nextId++;
    if (this.pending.size === 0) worker.ref(); // a VU awaits this: the process must not exit under it
    return new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, source, texts } satisfies CountRequest);
    });
  }

  /** Stops the thread, even mid-count; pending counts are refused. */
  async close(): Promise<void> {
    this.closedByOwner = true;
    this.fail(new LlmloadError('ERR_INTERNAL', 'token counting stopped: the run ended'));
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private start(): Worker {
    const worker = new Worker(this.entry, { workerData: { [COUNT_WORKER_KEY]: true } });
    worker.unref();
    worker.on('message', (m: CountReply) => this.settle(m));
    worker.on('error', (err) => this.fail(new LlmloadError('ERR_INTERNAL', `token counting thread failed: ${err.message}`, { cause: err })));
    worker.on('exit', (code) => {
      if (!this.closedByOwner) this.fail(new LlmloadError('ERR_INTERNAL', `token counting thread exited (code ${code})`));
    });
    return worker;
  }

  private settle(m: CountReply): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (this.pending.size === 0) this.worker?.unref();
    if ('counts' in m) p.resolve(m.counts);
    else p.reject(new LlmloadError(m.error.code ?? 'ERR_INTERNAL', m.error.message));
  }

  private fail(err: LlmloadError): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}
