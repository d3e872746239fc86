import type ivm from 'isolated-vm';

const COPY = { arguments: { copy: true } } as const;

/** A VU whose settles go through a batch: told when its settle could not be delivered. */
export interface BatchMember {
  /** The call into the isolate threw (the isolate may be gone). */
  onCallError(err: unknown): void;
  /** Delivers one settle on its own (after another in its batch failed). */
  settleNow(id: number, ok: boolean, value: unknown): void;
  /** Its call `seq` finished with a plain ok while the batch delivered (instead of host.done). */
  finished(seq: number): void;
}

/** A finish crosses back as one number: seq × KEYS + the VU's key (no copy), exact below MAX_SEQ. */
const KEYS = 2 ** 20;
const MAX_SEQ = 2 ** 33;

/**
 * The finished host ops of the VUs sharing one context, copied into the
 * isolate in one structured clone per turn of the event loop instead of one
 * each (the clone's fixed cost is most of a settle's: bench/README, "Cheaper
 * crossings"). Each settle is still a call of its own: the isolate drains its
 * microtasks at the end of a call, so a VU's continuation runs to its next
 * await before another VU's globals become current. A VU's settles keep their
 * order. Delivery waits for the check phase of the turn in which they arrived;
 * what the endpoints measure was stamped when the bytes arrived.
 *
 * A VU whose iteration finishes (plain ok) in the microtasks after its settle
 * hands the finish to the batch instead of calling host.done back: the next
 * call (the next step, or `collect` after the last) returns it, one at a time,
 * a number (`seq` × KEYS + key); -1 is none. More in one step go to host.done.
 * Or, once per step, the VU's closed loop goes on inside the step: its next
 * iteration starts in the same call (host.next), with no call of its own.
 */
export class SettleBatch {
  private readonly add: ivm.Reference;
  private readonly drop: ivm.Reference;
  private readonly load: ivm.Reference;
  private readonly step: ivm.Reference;
  private readonly collect: ivm.Reference;
  private readonly members: (BatchMember | undefined)[] = [];
  /** [member index, op id, ok, value] × n, in arrival order. */
  private list: unknown[] = [];
  private scheduled = false;

  /** `context`: the shared context, in which the batch keeps its table of VU entries. */
  constructor(context: ivm.Context) {
    const table = context.evalSync(
      `(() => {
        const entries = [];
        let list = [];
        let at = 0;
        let delivering = false;
        let finished = -1;
        let chained = false;
        const chainable = () => {
          if (!delivering || chained) return false;
          chained = true;
          return true;
        };
        const reporter = (key) => (seq) => {
          if (!delivering || finished !== -1 || key >= ${KEYS} || seq >= ${MAX_SEQ}) return false;
          finished = seq * ${KEYS} + key;
          return true;
        };
        const taken = () => {
          const f = finished;
          finished = -1;
          return f;
        };
        return {
          add(entry) {
            entries.push(entry);
            const key = entries.length - 1;
            entry.batched(reporter(key), chainable);
            return key;
          },
          drop(i) { entries[i] = undefined; },
          load(l) { list = l; at = 0; delivering = true; },
          step() {
            chained = false;
            const f = taken();
            const e = entries[list[at]];
            if (e !== undefined) e.settle(list[at + 1], list[at + 2], list[at + 3]);
            list[at + 3] = undefined;
            at += 4;
            return f;
          },
          collect() {
            delivering = false;
            return taken();
          },
        };
      })()`,
      { reference: true },
    ) as ivm.Reference;
    const get = (name: string) => table.getSync(name, { reference: true }) as ivm.Reference;
    this.add = get('add');
    this.drop = get('drop');
    this.load = get('load');
    this.step = get('step');
    this.collect = get('collect');
    table.release();
  }

  /** Adds a VU's entry (the object with `settle`); returns its key for `settle`. */
  register(entry: ivm.Reference, member: BatchMember): number {
    const key = this.add.applySync(undefined, [entry.derefInto()]) as number;
    this.members[key] = member;
    return key;
  }

  /** The VU is gone: its entry is dropped (settles still queued for it are ignored). */
  unregister(key: number): void {
    this.members[key] = undefined;
    try {
      this.drop.applySync(undefined, [key]);
    } catch {
      // isolate already gone
    }
  }

  settle(key: number, id: number, ok: boolean, value: unknown): void {
    this.list.push(key, id, ok, value);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const list = this.list;
    this.list = [];
    let i = 0;
    try {
      this.load.applySync(undefined, [list], COPY);
      for (; i < list.length; i += 4) this.report(this.step.applySync(undefined, []) as number);
    } catch (err) {
      // The isolate died (memory limit), or one settle failed: its VU is told; the rest are tried one by one.
      this.members[list[i] as number]?.onCallError(err);
      for (i += 4; i < list.length; i += 4) this.members[list[i] as number]?.settleNow(list[i + 1] as number, list[i + 2] as boolean, list[i + 3]);
    } finally {
      try {
        this.report(this.collect.applySync(undefined, []) as number);
      } catch {
        // isolate gone: its VUs were told
      }
    }
  };

  private report(finished: number): void {
    if (finished < 0) return;
    this.members[finished % KEYS]?.finished(Math.floor(finished / KEYS));
  }
}
