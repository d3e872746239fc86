import ivm from 'isolated-vm';
import { BUNDLE_PREFIX, BUNDLE_SUFFIX, BUNDLE_URL } from '../bundle/source-map.js';

/** A VU context living in an isolate; told when the isolate dies. */
export interface IsolateMember {
  onIsolateDeath(reason: string): void;
}

/** One isolate, the bundle compiled in it, and the VU contexts it holds. */
export interface IsolateSlot {
  readonly isolate: ivm.Isolate;
  readonly script: ivm.Script;
  readonly members: Set<IsolateMember>;
  dead: boolean;
}

export interface IsolatePoolOptions {
  /** VU contexts per isolate (they share its heap and its memory limit). */
  vusPerIsolate: number;
  /** Heap limit of each isolate, MB (isolated-vm's minimum is 8). */
  memoryLimitMb: number;
}

/**
 * Packs VU contexts into isolates. A context costs ~0.2 MB, an isolate ~1 MB
 * more, so thousands of VUs share tens of isolates; code is compiled once per
 * isolate. All calls into them are synchronous, on the main thread.
 */
export class IsolatePool {
  private readonly slots: IsolateSlot[] = [];
  private readonly code: string;

  constructor(
    bundleCode: string,
    readonly options: IsolatePoolOptions,
  ) {
    this.code = BUNDLE_PREFIX + bundleCode + BUNDLE_SUFFIX;
  }

  /** A slot with room for one more member (a new isolate when all are full). */
  acquire(member: IsolateMember): IsolateSlot {
    let slot = this.slots.find((s) => !s.dead && s.members.size < this.options.vusPerIsolate);
    if (!slot) {
      const isolate = new ivm.Isolate({ memoryLimit: this.options.memoryLimitMb });
      const script = isolate.compileScriptSync(this.code, { filename: BUNDLE_URL });
      slot = { isolate, script, members: new Set(), dead: false };
      this.slots.push(slot);
    }
    slot.members.add(member);
    return slot;
  }

  /** Drops a member; an empty isolate is disposed. */
  release(slot: IsolateSlot, member: IsolateMember): void {
    slot.members.delete(member);
    if (slot.members.size === 0) this.remove(slot);
  }

  /**
   * The isolate was disposed (memory limit): every member loses its context.
   * Returns the message members report.
   */
  kill(slot: IsolateSlot, cause: string): string {
    if (slot.dead) return cause;
    slot.dead = true;
    const n = slot.members.size;
    const reason =
      `${cause} (limit ${this.options.memoryLimitMb} MB per isolate, shared by ${n} VU${n === 1 ? '' : 's'}); ` +
      'the VUs on it start over with their init code';
    const members = [...slot.members];
    this.remove(slot);
    for (const m of members) m.onIsolateDeath(reason);
    return reason;
  }

  /** Live isolates and VU contexts. */
  stats(): { isolates: number; contexts: number } {
    let contexts = 0;
    for (const s of this.slots) contexts += s.members.size;
    return { isolates: this.slots.length, contexts };
  }

  dispose(): void {
    for (const s of [...this.slots]) this.remove(s);
  }

  private remove(slot: IsolateSlot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.members.clear();
    if (!slot.isolate.isDisposed) slot.isolate.dispose();
  }
}
