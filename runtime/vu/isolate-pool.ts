import ivm from 'isolated-vm';
import { BUNDLE_PREFIX, BUNDLE_SUFFIX, BUNDLE_URL } from '../bundle/source-map.js';
import { SettleBatch } from './settle-batch.js';

/** A VU living in an isolate; told when the isolate dies. */
export interface IsolateMember {
  /** It has a context of its own (not its isolate's shared one). */
  readonly ownsContext: boolean;
  onIsolateDeath(reason: string): void;
}

/** One isolate, the bundle compiled in it, and the VUs it holds. */
export interface IsolateSlot {
  readonly isolate: ivm.Isolate;
  readonly script: ivm.Script;
  readonly members: Set<IsolateMember>;
  dead: boolean;
  /** The context its VUs share and the bundle's init function in it, once a member asked. */
  shared?: VuScope;
}

/** Where a VU's init runs: a context and the bundle's init function in it (BUNDLE_PREFIX). */
export interface VuScope {
  context: ivm.Context;
  init: ivm.Reference;
  /** The context is this VU's alone (released with it). */
  own: boolean;
  /** A shared context's settles, delivered in one call per turn. */
  batch?: SettleBatch;
}

export interface IsolatePoolOptions {
  /** VUs per isolate (they share its heap and its memory limit). */
  vusPerIsolate: number;
  /** Heap limit of each isolate, MB (isolated-vm's minimum is 8). */
  memoryLimitMb: number;
  /** VUs of an isolate share one context (their module code runs once per VU in it); false: a context per VU. */
  shareContext?: boolean;
}

/**
 * Packs VUs into isolates, thousands of VUs in tens of isolates; code is
 * compiled once per isolate. The VUs of an isolate share one V8 context, in
 * which the bundle's code runs once per VU: closures made at one site share
 * their feedback and optimised code, and a context's own ~0.2 MB is paid once
 * (bench/context-sharing.mjs, bench/README). A script whose init changes
 * globals or built-ins (they would be shared) gets a context per VU instead
 * (`unshare`, runtime/vu/init-footprint.ts).
 * All calls into isolates are synchronous, on the main thread.
 */
export class IsolatePool {
  private readonly slots: IsolateSlot[] = [];
  private readonly code: string;
  private share: boolean;

  constructor(
    bundleCode: string,
    readonly options: IsolatePoolOptions,
  ) {
    this.code = BUNDLE_PREFIX + bundleCode + BUNDLE_SUFFIX;
    this.share = options.shareContext ?? true;
  }

  /** Where a new member of `slot` runs its init: the slot's shared context, or a context of its own. */
  scopeFor(slot: IsolateSlot): VuScope {
    if (this.share && slot.shared) return slot.shared;
    const context = slot.isolate.createContextSync();
    const init = slot.script.runSync(context, { reference: true }) as ivm.Reference;
    if (!this.share) return { context, init, own: true };
    slot.shared = { context, init, own: false, batch: new SettleBatch(context) };
    return slot.shared;
  }

  /** From now on every VU gets a context of its own (the script's init added globals). */
  unshare(): void {
    this.share = false;
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

  /** Live isolates and V8 contexts (a shared one counts once). */
  stats(): { isolates: number; contexts: number } {
    let contexts = 0;
    for (const s of this.slots) {
      if (s.shared) contexts++;
      for (const m of s.members) if (m.ownsContext) contexts++;
    }
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
