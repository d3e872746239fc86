/** Imports and exports across the program's files: what `import { x } from './lib'` is (re-exports followed, cycles end as unknown). */
import { builtinModule, type ModuleTarget } from './modules.js';
import type { FileModel, Value } from './types.js';
import type { Resolver } from './values.js';

const KNOWN: Value = { kind: 'known' };
const UNKNOWN: Value = { kind: 'unknown' };

export class Linker {
  private readonly exportsInProgress = new Set<string>();

  constructor(
    private readonly r: Resolver,
    private readonly files: Map<string, FileModel>,
  ) {}

  target(fileKey: string, spec: string): ModuleTarget {
    const file = this.files.get(fileKey);
    const to = file?.input.imports[spec] ?? spec;
    const known = this.files.get(to);
    if (known) return { kind: 'file', file: known };
    return builtinModule(to) ?? builtinModule(spec) ?? { kind: 'foreign' };
  }

  importValue(fileKey: string, source: string, imported: string): Value {
    const to = this.target(fileKey, source);
    switch (to.kind) {
      case 'http':
      case 'core':
        if (imported === '*' || imported === 'default') return { kind: 'module', module: to.kind };
        return this.r.member({ kind: 'module', module: to.kind }, imported);
      case 'file':
        return imported === '*' ? { kind: 'namespace', file: to.file } : (this.exportOf(to.file, imported) ?? UNKNOWN);
      case 'foreign':
        return { kind: 'foreign', name: imported === '*' || imported === 'default' ? source : imported };
      default:
        return KNOWN;
    }
  }

  /** The value a file exports under `name`; undefined when it has no such export. */
  exportOf(file: FileModel, name: string): Value | undefined {
    const key = `${file.input.key}\0${name}`;
    if (this.exportsInProgress.has(key)) return UNKNOWN;
    this.exportsInProgress.add(key);
    try {
      const entry = file.exports.get(name);
      if (entry?.local !== undefined) return this.r.ident(entry.local, file.scope);
      if (entry?.expr) return this.r.value(entry.expr, file.scope);
      if (entry?.from) return this.importValue(file.input.key, entry.from.source, entry.from.imported);
      if (name === 'default') return undefined;
      for (const spec of file.starExports) {
        const to = this.target(file.input.key, spec);
        if (to.kind === 'file') {
          const v = this.exportOf(to.file, name);
          if (v) return v;
        } else if (to.kind === 'http' || to.kind === 'core') {
          const v = this.importValue(file.input.key, spec, name);
          if (v.kind === 'primitive') return v;
        }
      }
      return undefined;
    } finally {
      this.exportsInProgress.delete(key);
    }
  }
}
