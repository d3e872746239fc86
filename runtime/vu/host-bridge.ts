import ivm from 'isolated-vm';
import type { HostBridge } from '../modules/internal/wire.js';

const NAMES = [
  'log',
  'sample',
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
] as const satisfies readonly (keyof HostBridge)[];

/**
 * Installs `__llmloadHost` (the prelude takes it off the global), `__VU`,
 * `__ENV` and the VU's test-wide id (`exec.vu.idInTest`, taken off the global
 * too; it differs from `__VU` only in an execution segment) on a fresh context. Each host function becomes a synchronous
 * isolated-vm Callback: the isolate runs on the main thread, so a call is a
 * plain function call plus argument copying (~2-3 µs).
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
    `globalThis.__llmloadHost = { ${assignments} }; globalThis.__VU = $${n}; globalThis.__ENV = JSON.parse($${n + 1}); globalThis.__llmloadVuInTest = $${n + 2};`,
    [...callbacks, vuId, JSON.stringify(env), idInTest],
  );
}
