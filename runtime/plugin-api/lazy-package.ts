import { createRequire } from 'node:module';

/**
 * A package loaded at its first use, with `require`, instead of when the
 * module that names it loads: a run pays start-up only for the packages it
 * uses (a tokenizer, a CSV dataset, an output), and so does each thread of
 * `--threads`. `require` rather than `import()`: Node's ESM import of a
 * CommonJS package first lexes its whole source for named exports, which
 * for a one-file build such as `@babel/parser` costs several times the load
 * (bench/README.md, "Start-up"). `from` is the caller's `import.meta.url`:
 * `id` resolves from there, so a third-party plugin gets its own
 * dependencies. The package must have a CommonJS entry (`require` export
 * or `main`); with `import type * as X from 'id'`, `lazyPackage<typeof X>`.
 */
export function lazyPackage<T>(from: string, id: string): () => T {
  let mod: T | undefined;
  return () => {
    if (mod === undefined) mod = createRequire(from)(id) as T;
    return mod;
  };
}
