import ivm from 'isolated-vm';
import type { HostBridge } from '../modules/internal/wire.js';

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
