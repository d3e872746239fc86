import type { Vu } from '../vu/types.js';
import { delay } from './clock.js';

/**
 * The iterations a scenario has running, so that its end can give them
 * `gracefulStop` to finish and then interrupt the rest.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();
  private readonly busy = new Set<Vu>();

  track(vu: Vu, iteration: Promise<unknown>): void {
    this.busy.add(vu);
    this.running.add(iteration);
    void iteration.finally(() => {
      this.busy.delete(vu);
      this.running.delete(iteration);
    });
  }

  get size(): number {
    return this.running.size;
  }

  interruptAll(): void {
    for (const vu of this.busy) vu.interrupt();
  }

  /** Waits for every running iteration; after `graceMs` (or on `hardStop`) interrupts them. */
  async drain(graceMs: number, hardStop: AbortSignal): Promise<void> {
    if (this.running.size === 0) return;
    const grace = new AbortController();
    const onHard = () => grace.abort();
    hardStop.addEventListener('abort', onHard, { once: true });
    const all = this.settled();
    await Promise.race([all, delay(graceMs, grace.signal)]);
    hardStop.removeEventListener('abort', onHard);
    grace.abort();
    if (this.running.size > 0) {
      this.interruptAll();
      await this.settled();
    }
  }

  private async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
