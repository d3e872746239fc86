import type { IterationInfo, IterationOutcome, Vu } from './types.js';
import { VuContext, type VuDeps } from './vu-context.js';

/**
 * A VU as the scheduler sees it. Wraps its context so that a VU whose
 * isolate died (memory limit) gets a fresh context, with init code run again,
 * on its next iteration.
 */
export class VuHandle implements Vu {
  private ctx: VuContext | undefined;

  constructor(
    readonly id: number,
    private readonly deps: VuDeps,
    ctx: VuContext,
  ) {
    this.ctx = ctx;
  }

  iterate(info: IterationInfo, setupData: string | undefined): IterationOutcome | Promise<IterationOutcome> {
    if (!this.ctx || this.ctx.dead) {
      this.ctx?.dispose();
      this.ctx = undefined;
      try {
        this.ctx = VuContext.create(this.id, this.deps);
      } catch (err) {
        // Yield a turn: a loop of instant failures must not starve timers.
        const failed: IterationOutcome = { status: 'error', error: { message: (err as Error).message } };
        return new Promise((r) => setImmediate(() => r(failed)));
      }
    }
    return this.ctx.iterate(info, setupData);
  }

  async warmUp(kind: string, arg: unknown): Promise<boolean> {
    if (!this.ctx || this.ctx.dead) return false;
    return (await this.ctx.warmUp(kind, arg)).status === 'ok';
  }

  async preconnect(origins: Readonly<Record<string, readonly string[]>>): Promise<void> {
    if (this.ctx && !this.ctx.dead) await this.ctx.preconnect(origins);
  }

  interrupt(): void {
    this.ctx?.interrupt();
  }

  dispose(): void {
    this.ctx?.dispose();
    this.ctx = undefined;
  }
}
