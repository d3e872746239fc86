import ivm from 'isolated-vm';
import type { StackMapper } from '../bundle/source-map.js';
import { LlmloadError } from '../errors.js';
import type { ExportsInfo, SyncOutcome, WireOpError, WireOutcome } from '../modules/internal/wire.js';
import type { Endpoint } from '../plugin-api/endpoint.js';
import { HostOps, type CallInfo } from './host-ops.js';
import { installBridge, vuBridge } from './host-bridge.js';
import { IsolateHas } from './isolate-has.js';
import type { IsolateMember, IsolatePool, IsolateSlot, VuScope } from './isolate-pool.js';
import { footprint } from './init-footprint.js';
import { DEFAULT_SYSTEM_TAGS } from '../options/system-tags.js';
import { SampleTags } from './sample-tags.js';
import type { BatchMember } from './settle-batch.js';
import { describeScriptError, toScriptError } from './script-error.js';
import type { SharedData } from './shared-data.js';
import { ITERATION_OK, type IterationInfo, type IterationOutcome, type NextIteration, type VuHostContext } from './types.js';

/** What every VU context of a factory shares. */
export interface VuDeps {
  pool: IsolatePool;
  host: VuHostContext;
  shared: SharedData;
  mapper: StackMapper;
  endpoints: ReadonlyMap<string, Endpoint>;
  /** The script's name for messages. */
  filename: string;
  /** A warning printed once per key for the whole run (shared by every VU). */
  warnOnce(key: string, message: string): void;
}

/** How a call into the script ended, before mapping to IterationOutcome. */
export type RawOutcome = WireOutcome | { status: 'interrupted' };

interface Entry {
  iterate: ivm.Reference;
  lifecycle: ivm.Reference;
  settle: ivm.Reference;
  exportsInfo: ivm.Reference;
}

const COPY = { arguments: { copy: true } } as const;

/** An object argument for a call without `copy` (its primitives cross as they are): copied into the isolate. */
function copied(value: object | undefined): ivm.Copy<unknown> | undefined {
  return value === undefined ? undefined : new ivm.ExternalCopy(value).copyInto({ release: true });
}

/**
 * One VU: an instance of the bundle's module scope, its init code run, in
 * its isolate's shared context (or a context of its own: IsolatePool).
 * Host→isolate: one synchronous call per iteration (`iterate`) and one per
 * finished host op (`settle`; in a shared context their values are copied
 * in batches: SettleBatch); isolate→host: synchronous callbacks (HostBridge).
 * A closed loop's iteration that ends inside a settle's call starts the
 * next one in that call (host.next → IterationInfo.next): no `iterate`.
 */
export class VuContext implements IsolateMember, BatchMember {
  readonly tags = new SampleTags();
  /** Why the context is gone (its isolate died), when it is. */
  dead: string | undefined;
  private readonly slot: IsolateSlot;
  private readonly scope: VuScope;
  private readonly context: ivm.Context;
  private entry!: Entry;
  private readonly ops: HostOps;
  private seq = 0;
  private current: { seq: number; resolve(o: RawOutcome): void } | undefined;
  private interrupted = false;
  /** True while the host is inside the call that starts an iteration. */
  private starting = false;
  /** The current call was due at a time (an arrival): nothing loops on it, so a call that finishes at once needs no turn of its own. */
  private arrival = false;
  private readonly has = new IsolateHas();
  /** Its key in the shared context's SettleBatch (undefined: settles are delivered one by one). */
  private batchKey: number | undefined;
  /** The current iteration's closed loop (IterationInfo.next), and what its call told its ops. */
  private following: (() => NextIteration | undefined) | undefined;
  private callInfo: CallInfo = {};

  /** Creates the context and runs init code; an init exception is an LlmloadError. */
  static create(id: number, deps: VuDeps): VuContext {
    const vc = new VuContext(id, deps);
    try {
      vc.init();
    } catch (err) {
      vc.dispose();
      throw err;
    }
    return vc;
  }

  /** `__VU`: the VU's number in this instance, or its test-wide one (VuHostContext.vuIdsInTest). */
  readonly id: number;

  private constructor(
    local: number,
    private readonly deps: VuDeps,
  ) {
    const idInTest = local > 0 && deps.host.inTest ? deps.host.inTest.vuId(local) : local;
    const id = (this.id = deps.host.vuIdsInTest ? idInTest : local);
    this.ops = new HostOps(id, deps.endpoints, deps.host.sink, this.tags, (opId, ok, value) => this.settle(opId, ok, value));
    this.slot = deps.pool.acquire(this);
    this.scope = deps.pool.scopeFor(this.slot);
    this.context = this.scope.context;
    const bridge = vuBridge(
      { id, tags: this.tags, ops: this.ops, done: (seq, o) => this.finish(seq, o), next: (seq) => this.goOn(seq) },
      deps.host,
      deps.shared,
    );
    installBridge(this.context, bridge, id, deps.host.env, idInTest);
  }

  private init(): void {
    let init: WireOutcome;
    try {
      // The first VU of a shared context tells whether the script's init changes globals or built-ins
      // (every VU runs the same init code; a footprint per VU would be garbage worth a VU's memory).
      const changes = !this.scope.own && this.slot.members.size === 1 ? footprint(this.context) : undefined;
      this.scope.init.applySync(undefined, []);
      const ref = this.context.global.getSync('__llmloadEntry', { reference: true }) as ivm.Reference;
      const get = (name: string) => ref.getSync(name, { reference: true }) as ivm.Reference;
      this.entry = { iterate: get('iterate'), lifecycle: get('lifecycle'), settle: get('settle'), exportsInfo: get('exportsInfo') };
      if (this.scope.batch) this.batchKey = this.scope.batch.register(ref, this);
      init = get('finishInit').applySync(undefined, [], { result: { copy: true } }) as WireOutcome;
      this.context.global.deleteSync('__llmloadEntry');
      if (changes && changes().length > 0) this.deps.pool.unshare();
    } catch (err) {
      const msg = this.slot.isolate.isDisposed ? 'init code ran out of memory' : (err as Error).message;
      throw new LlmloadError('ERR_SCRIPT_EXCEPTION', `${this.deps.filename}: ${msg}`, { cause: err });
    }
    if (init.status === 'aborted') throw new LlmloadError('ERR_SCRIPT_ABORTED', `test aborted in init code: ${init.reason}`);
    if (init.status === 'error') {
      const e = toScriptError(init, this.deps.mapper);
      throw new LlmloadError('ERR_SCRIPT_EXCEPTION', describeScriptError({ ...e, location: e.location ?? this.deps.filename }));
    }
  }

  get ownsContext(): boolean {
    return this.scope.own;
  }

  exportsInfo(): ExportsInfo {
    return this.entry.exportsInfo.applySync(undefined, [], { result: { copy: true } }) as ExportsInfo;
  }

  /** An arrival's iteration that finished inside its call returns its outcome at once (no promise, no turn). */
  iterate(info: IterationInfo, setupData: string | undefined): IterationOutcome | Promise<IterationOutcome> {
    const seq = ++this.seq;
    const args = this.has.iterateArgs(seq, info, copied(this.has.extras(info, setupData)));
    this.tags.setSystem(this.deps.host.systemTags ?? DEFAULT_SYSTEM_TAGS, this.id);
    this.tags.setBase(info.tags);
    this.tags.setIteration(info.iterationInScenario);
    this.following = info.next;
    const raw = this.run(seq, { intendedStart: info.intendedStart, cancel: info.cancel, iteration: true }, () => this.entry.iterate.applySync(undefined, args));
    return raw instanceof Promise ? raw.then(this.toIterationOutcome) : this.toIterationOutcome(raw);
  }

  private readonly toIterationOutcome = (raw: RawOutcome): IterationOutcome => {
    if (raw.status === 'error') return { status: 'error', error: toScriptError(raw, this.deps.mapper) };
    return raw.status === 'ok' ? ITERATION_OK : raw;
  };

  /**
   * One run of the runtime warm-up `kind` through the isolate's iterate entry
   * (the path iterations take); no env or setup data is sent and the runner
   * moves no iteration counter for it.
   */
  warmUp(kind: string, arg: unknown): Promise<RawOutcome> {
    const seq = ++this.seq;
    this.following = undefined;
    const x = copied({ warmup: kind, data: arg });
    return this.runAsync(seq, { warmup: true }, () => this.entry.iterate.applySync(undefined, [seq, undefined, 0, undefined, undefined, 0, 0, 0, false, x]));
  }

  /** Opens this VU's connections before the test (endpoints' preconnect); never rejects. */
  preconnect(origins: Readonly<Record<string, readonly string[]>>): Promise<void> {
    return this.ops.preconnect(origins);
  }

  /** setup/teardown/handleSummary; tags are the run tags plus the group. */
  lifecycle(name: string, argJson: string | undefined): Promise<RawOutcome> {
    const seq = ++this.seq;
    this.following = undefined;
    // The probe VU runs these; it was made before the options (and systemTags) were known.
    this.tags.setSystem(this.deps.host.systemTags ?? DEFAULT_SYSTEM_TAGS, this.id);
    this.tags.setIteration(undefined);
    this.tags.setBase({ ...this.deps.host.runTags }, true);
    return this.runAsync(seq, {}, () => this.entry.lifecycle.applySync(undefined, [seq, name, argJson ?? null]));
  }

  /** Cuts pending host ops short; the current call settles as 'interrupted'. */
  interrupt(): void {
    const current = this.current;
    if (!current || this.interrupted) return;
    this.interrupted = true;
    const ids = this.ops.stopAll();
    // Deferred: interrupt() may be called from inside a callback of this isolate.
    queueMicrotask(() => {
      const marker: WireOpError = { message: 'interrupted', interrupted: true };
      for (const id of ids) this.settle(id, false, marker);
      // A script awaiting something that never settles must not hold the VU.
      setImmediate(() => this.finish(current.seq, { status: 'interrupted' }));
    });
  }

  onIsolateDeath(reason: string): void {
    this.dead = reason;
    this.ops.stopAll();
    if (this.current) this.finish(this.current.seq, { status: 'error', message: reason });
  }

  dispose(): void {
    this.ops.dispose();
    if (this.batchKey !== undefined) this.scope.batch!.unregister(this.batchKey);
    this.batchKey = undefined;
    if (!this.slot.dead) {
      try {
        if (this.scope.own) this.context.release();
        // In a shared context, the VU's module instance goes with the last reference to its entry.
        else if (this.entry) for (const ref of Object.values(this.entry)) ref.release();
      } catch {
        // isolate already gone
      }
      this.deps.pool.release(this.slot, this);
    }
  }

  private runAsync(seq: number, info: CallInfo, call: () => unknown): Promise<RawOutcome> {
    const raw = this.run(seq, info, call);
    return raw instanceof Promise ? raw : Promise.resolve(raw);
  }

  /** One call into the isolate; an arrival's call that finished inside it returns its outcome, anything else a promise. */
  private run(seq: number, info: CallInfo, call: () => unknown): RawOutcome | Promise<RawOutcome> {
    if (this.dead) return Promise.resolve({ status: 'error', message: this.dead });
    let resolve: ((o: RawOutcome) => void) | undefined;
    let early: RawOutcome | undefined;
    this.current = { seq, resolve: (o) => (resolve ? resolve(o) : (early = o)) };
    this.interrupted = false;
    this.ops.reset((this.callInfo = info));
    this.starting = true;
    this.arrival = info.intendedStart !== undefined;
    try {
      const returned = this.enter(call) as SyncOutcome;
      if (returned !== undefined) this.finish(seq, returned === 0 ? ITERATION_OK : (JSON.parse(returned) as WireOutcome));
    } finally {
      this.starting = false;
    }
    return early ?? new Promise<RawOutcome>((r) => (resolve = r));
  }

  private finish(seq: number, outcome: RawOutcome): void {
    const current = this.current;
    if (!current || current.seq !== seq) return;
    this.current = undefined;
    if (outcome.status === 'ok' && outcome.dangling) this.reportDangling(outcome.dangling);
    const o: RawOutcome = this.interrupted && outcome.status !== 'aborted' ? { status: 'interrupted' } : outcome;
    // Finished inside the starting call (no I/O awaited): resolve on the next
    // turn so that a loop of such iterations still lets timers and I/O run.
    // An arrival's iteration is started by a timer, not by the one before it.
    if (this.starting && !this.arrival) setImmediate(() => current.resolve(o));
    else current.resolve(o);
  }

  /** I/O the script started and never awaited: a warning per call site of the run (the call waited for it). */
  private reportDangling(stacks: string[]): void {
    for (const stack of stacks) {
      const at = this.deps.mapper.map(stack).location ?? this.deps.filename;
      this.deps.warnOnce(
        `dangling ${at}`,
        `an iteration ended while I/O it started at ${at} was still running (a Promise from llmload/http, llmload/openai or sleep() ` +
          `that nobody awaited); the VU waited for it before its next iteration. Await it, or import from 'k6/http' and 'k6' for k6's synchronous style`,
      );
    }
  }

  /** Every call into the isolate goes through here (memory-limit deaths surface as throws); returns what the call returned. */
  private enter(call: () => unknown): unknown {
    try {
      return call();
    } catch (err) {
      this.onCallError(err);
      return undefined;
    }
  }

  /** A call into the isolate threw: its death (memory limit), or an internal error that ends the current call. */
  onCallError(err: unknown): void {
    if (this.dead || this.slot.dead) return;
    if (this.slot.isolate.isDisposed) this.deps.pool.kill(this.slot, 'the script ran out of memory');
    else if (this.current) this.finish(this.current.seq, { status: 'error', message: `llmload internal error: ${(err as Error).message}` });
  }

  private settle(id: number, ok: boolean, value: unknown): void {
    if (this.dead) return;
    if (this.batchKey !== undefined) this.scope.batch!.settle(this.batchKey, id, ok, value);
    else this.settleNow(id, ok, value);
  }

  /** HostBridge.next: the iteration `seq` finished plain ok while a settle was delivered; its loop may go on in the same call. */
  private goOn(seq: number): number | string {
    const current = this.current;
    const next = current?.seq === seq && !this.interrupted && !this.dead ? this.following?.() : undefined;
    if (!next) {
      this.finish(seq, ITERATION_OK);
      return -1;
    }
    // The iteration's promise now waits for the next one; its ops start afresh.
    current!.seq = ++this.seq;
    this.tags.setIteration(next.iterationInScenario);
    this.ops.reset(this.callInfo);
    return this.has.sendsProgress(next.progress) ? `${next.iterationInTest} ${next.progress}` : next.iterationInTest;
  }

  /** BatchMember: a call that finished while its batch delivered settles. */
  finished(seq: number): void {
    this.finish(seq, ITERATION_OK);
  }

  /** Delivers one settle in a call of its own (a VU with a context of its own, or after its batch failed). */
  settleNow(id: number, ok: boolean, value: unknown): void {
    if (this.dead) return;
    // Only an object needs the structured clone (a timer settles with undefined).
    const opts = typeof value === 'object' && value !== null ? COPY : undefined;
    this.enter(() => this.entry.settle.applySync(undefined, [id, ok, value], opts));
  }
}
