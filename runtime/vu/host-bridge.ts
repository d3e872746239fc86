import ivm from 'isolated-vm';
import type { HostBridge, WireOutcome } from '../modules/internal/wire.js';
import { wallTime } from '../scheduler/clock.js';
import type { HostOps } from './host-ops.js';
import type { SampleTags } from './sample-tags.js';
import type { SharedData } from './shared-data.js';
import { ITERATION_OK, type VuHostContext } from './types.js';

const NAMES = [
  'log',
  'sample',
  'check',
  'defineMetric',
  'setVuTags',
  'start',
  'cancel',
  'open',
  'sharedArrayLength',
  'sharedArrayStore',
  'sharedArrayGet',
  'data',
  'config',
  'callSync',
  'now',
  'done',
  'next',
] as const satisfies readonly (keyof HostBridge)[];

/**
 * Installs `__llmloadHost` and `__llmloadVuInit` (the VU's number, `__ENV`
 * and its test-wide id for `exec.vu.idInTest`, which differs from `__VU` only
 * in an execution segment) on the context for the init of one VU, which takes
 * both off the global. Each host function becomes a synchronous isolated-vm
 * Callback: the isolate runs on the main thread, so a call is a plain function
 * call plus argument copying (bench/README, "Cheaper crossings").
 */
export function installBridge(context: ivm.Context, bridge: HostBridge, vuId: number, env: Record<string, string>, idInTest = vuId): void {
  const callbacks = NAMES.map((name) => {
    const fn = bridge[name] as (...args: unknown[]) => unknown;
    // (isolated-vm rejects bound functions)
    return new ivm.Callback((...args: unknown[]) => fn.apply(bridge, args));
  });
  const assignments = NAMES.map((name, i) => `${name}: $${i}`).join(', ');
  const n = NAMES.length;
  context.evalClosureSync(
    `globalThis.__llmloadHost = { ${assignments} }; globalThis.__llmloadVuInit = { vu: $${n}, env: JSON.parse($${n + 1}), idInTest: $${n + 2} };`,
    [...callbacks, vuId, JSON.stringify(env), idInTest],
  );
}

/** The VU a bridge serves: its number, tags and host ops, and how its calls end or go on. */
export interface BridgeVu {
  readonly id: number;
  readonly tags: SampleTags;
  readonly ops: HostOps;
  /** The call `seq` ended (HostBridge.done). */
  done(seq: number, outcome: WireOutcome): void;
  /** The iteration `seq` ended ok inside a settle's call: its loop's next one, or -1 (HostBridge.next). */
  next(seq: number): number | string;
}

/** The host functions of one VU, as its script's modules call them. */
export function vuBridge(vu: BridgeVu, host: VuHostContext, shared: SharedData): HostBridge {
  const { tags, ops } = vu;
  return {
    log: (level, message) => host.log(level, vu.id, message),
    sample: (metric, value, group, own) => {
      // check() tags its samples `check`; without that system tag they go untagged (the flag is read first: free by default).
      const t = !tags.system.check && metric === 'checks' && own ? withoutCheck(own) : own;
      host.sink.push({ metric, time: wallTime(), value, tags: tags.with(group, t) });
    },
    check: (name, ok, group) => host.sink.push({ metric: 'checks', time: wallTime(), value: ok ? 1 : 0, tags: tags.forCheck(group, name) }),
    defineMetric: (name, type, isTime) => host.defineMetric(name, type, isTime ? 'time' : 'default'),
    setVuTags: (t) => tags.setVuTags(t),
    start: (op, id, payload, group) => ops.start(op, id, payload, group),
    cancel: (id) => ops.cancel(id),
    open: (file, binary) => shared.open(file, binary),
    sharedArrayLength: (name) => shared.arrayLength(name),
    sharedArrayStore: (name, items) => shared.storeArray(name, items),
    sharedArrayGet: (name, index) => shared.arrayItem(name, index),
    data: (op, args) => shared.workloads.call(op, args),
    config: (endpoint) => ops.config(endpoint),
    callSync: (endpoint, payload) => ops.callSync(endpoint, payload),
    now: () => performance.now(),
    done: (seq, outcome) => vu.done(seq, outcome ?? ITERATION_OK),
    next: (seq) => vu.next(seq),
  };
}

/** A check's own tags without the `check` system tag (undefined when nothing else is left). */
function withoutCheck(tags: Record<string, string>): Record<string, string> | undefined {
  const { check: _check, ...rest } = tags;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
