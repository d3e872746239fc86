import type { ExecutorPlugin } from './executor.js';
import type { OutputFactory } from './output.js';
import { builtinExecutors, createExecutorRegistry } from '../plugins/executors/index.js';
import { builtinOutputs } from '../plugins/outputs/index.js';

/**
 * The plugins a run uses. Built-ins are registered here; a third-party
 * executor or output is one more object in these lists.
 */
export interface Plugins {
  executors: { get(name: string, where: string): ExecutorPlugin; names(): string[] };
  outputs: OutputFactory[];
  /** Top-level script option keys owned by plugins (not the runtime). */
  optionKeys: string[];
}

export function defaultPlugins(extra: { executors?: ExecutorPlugin[]; outputs?: OutputFactory[] } = {}): Plugins {
  const executors = createExecutorRegistry([...builtinExecutors, ...(extra.executors ?? [])]);
  return { executors, outputs: [...builtinOutputs, ...(extra.outputs ?? [])], optionKeys: [] };
}
