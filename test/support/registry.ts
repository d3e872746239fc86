import type { ExecutorPlugin } from '../../runtime/plugin-api/executor.js';
import { BUILTIN_PLUGINS } from '../../runtime/plugin-host/builtin.js';
import { PluginRegistry } from '../../runtime/plugin-host/plugin-registry.js';

/** The built-in executors by name, looked up as a run does (unknown names throw the run's message). */
export function executorRegistry(): { get(name: string, where: string): ExecutorPlugin } {
  const r = new PluginRegistry(BUILTIN_PLUGINS);
  return { get: (name, where) => r.get('executor', name, where) };
}
