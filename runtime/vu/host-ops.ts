import { setMaxListeners } from 'node:events';
import type { SampleSink } from '../metrics/types.js';
import { SmallTable } from '../modules/shared/small-table.js';
import type { WireOpError } from '../modules/internal/wire.js';
import type { Endpoint, OpContext } from '../plugin-api/endpoint.js';
import type { SampleTags } from './sample-tags.js';

/** Where finished ops go: the VU calls into its isolate (`settle`). */
export type Settle = (id: number, ok: boolean, value: unknown) => void;

const noop = () => {};

/** Per-call facts the ops of a VU's current call see; `iteration` marks a script iteration (not a warm-up or lifecycle call). */
export type CallInfo = Pick<OpContext<unknown>, 'intendedStart' | 'warmup' | 'cancel'> & { iteration?: boolean };

/**
 * The async host work one VU has started for its script: sleeps/timers and
 * endpoint calls (http…). Endpoint state (connections) lives here, per VU.
 */
export class HostOps {
  /** Started ops: id → cancel. */
  private readonly ops = new SmallTable<number, () => void>();
  private readonly states = new Map<Endpoint, unknown>();
  /** Aborts the VU's endpoint ops: made on first use, kept across calls until it has aborted. */
  private abort: AbortController | undefined;
  /** Refuse new work (the call was interrupted, or the VU is gone). */
  refusing = false;
  /** What the current call tells its ops (OpContext.intendedStart, OpContext.warmup). */
  private call: CallInfo = {};

  constructor(
    private readonly vuId: number,
    private readonly endpoints: ReadonlyMap<string, Endpoint>,
    private readonly sink: SampleSink,
    private readonly tags: SampleTags,
    private readonly settle: Settle,
  ) {}

  /** A new call (iteration, warm-up, lifecycle function) starts: accept work again. */
  reset(call: CallInfo): void {
    this.call = call;
    this.refusing = false;
    if (this.abort?.signal.aborted) this.abort = undefined;
    if (call.iteration) for (const [ep, state] of this.states) ep.beginIteration?.(state);
  }

  /** Bridge `config(name)`: the endpoint's vuConfig() as JSON text ('null' when it has none). */
  config(name: string): string {
    const ep = this.endpoints.get(name);
    if (!ep) throw new Error(`unknown endpoint "${name}"`);
    return JSON.stringify(ep.vuConfig?.() ?? null);
  }

  /** Bridge `callSync(name, payload)`: the endpoint's callSync() result as JSON text. */
  callSync(name: string, payload: unknown): string {
    const ep = this.endpoints.get(name);
    if (!ep?.callSync) throw new Error(`unknown synchronous host operation "${name}"`);
    return JSON.stringify(ep.callSync(payload, { vuId: this.vuId, state: this.stateFor(ep) }) ?? null);
  }

  start(op: string, id: number, payload: unknown, group: string): boolean {
    if (this.refusing) return false;
    if (op === 'sleep') {
      const t = setTimeout(() => {
        if (this.ops.delete(id)) this.settle(id, true, undefined);
      }, Number(payload));
      this.ops.set(id, () => clearTimeout(t));
      return true;
    }
    const ep = this.endpoints.get(op);
    if (!ep) throw new Error(`unknown host operation "${op}"`);
    let ac = this.abort;
    if (!ac) {
      ac = this.abort = new AbortController();
      setMaxListeners(0, ac.signal); // one listener per concurrent request of this VU
    }
    this.ops.set(id, noop); // cancelled through the shared controller
    let p: Promise<unknown>;
    try {
      p = ep.call(payload, {
        vuId: this.vuId,
        signal: ac.signal,
        tags: this.tags.forGroup(group),
        sink: this.sink,
        state: this.stateFor(ep),
        intendedStart: this.call.intendedStart,
        warmup: this.call.warmup,
        cancel: this.call.cancel,
      });
    } catch (err) {
      this.ops.delete(id);
      throw err;
    }
    p.then(
      (v) => {
        if (this.ops.delete(id)) this.settle(id, true, v);
      },
      (e: unknown) => {
        if (this.ops.delete(id)) this.settle(id, false, { message: e instanceof Error ? e.message : String(e) } satisfies WireOpError);
      },
    );
    return true;
  }

  /** Endpoints' preconnect() for the origins asked, by endpoint name; failures are ignored (the request connects as usual). */
  async preconnect(origins: Readonly<Record<string, readonly string[]>>): Promise<void> {
    const work: Promise<void>[] = [];
    for (const name of Object.keys(origins)) {
      const ep = this.endpoints.get(name);
      if (ep?.preconnect) work.push(ep.preconnect(this.stateFor(ep), origins[name]!).catch(() => {}));
    }
    await Promise.all(work);
  }

  /** clearTimeout(): the op is dropped, never settled. */
  cancel(id: number): void {
    this.ops.get(id)?.();
    this.ops.delete(id);
  }

  /** Stops all pending work and refuses more; returns the ids that were pending. */
  stopAll(): number[] {
    this.refusing = true;
    const ids = this.ops.keys();
    for (const cancel of this.ops.values()) cancel();
    this.ops.clear();
    this.abort?.abort();
    return ids;
  }

  dispose(): void {
    this.stopAll();
    for (const [ep, state] of this.states) void ep.disposeState?.(state);
    this.states.clear();
  }

  private stateFor(ep: Endpoint): unknown {
    if (!this.states.has(ep)) this.states.set(ep, ep.createState(this.vuId));
    return this.states.get(ep);
  }
}
