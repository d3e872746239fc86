/** Our modules, as the transform sees them: which calls block, what an import specifier names. */
import type { FileModel } from './types.js';

/** k6's blocking calls: these wait for I/O in k6 and return promises in llmload. */
export const HTTP_PRIMITIVES = new Set(['request', 'get', 'head', 'post', 'put', 'patch', 'del', 'options', 'batch']);
export const CORE_PRIMITIVES = new Set(['sleep']);

/** What an import specifier names: one of our modules, a file of the program, or a package outside it. */
export type ModuleTarget = { kind: 'http' } | { kind: 'core' } | { kind: 'llmload' } | { kind: 'file'; file: FileModel } | { kind: 'foreign' };

export function builtinModule(name: string): ModuleTarget | undefined {
  if (name === 'llmload/http' || name === 'k6/http') return { kind: 'http' };
  if (name === 'llmload' || name === 'k6') return { kind: 'core' };
  if (/^(llmload|k6)\//.test(name)) return { kind: 'llmload' };
  return undefined;
}
