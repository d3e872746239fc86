import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

/**
 * The import boundary of plugins: every file under `<root>/plugins` may
 * import only
 *   - `llmload/plugin` (a host file) or `llmload/vu` and the other script
 *     modules (a VU half: a file that imports `llmload/vu`, bundled into the
 *     isolate, so no Node built-ins and no `llmload/plugin` either);
 *   - files of its own plugin folder (plugins/executors, plugins/outputs,
 *     plugins/telemetry, plugins/endpoints/<name>, plugins/examples/<name>);
 *   - Node built-ins (host files only);
 *   - npm packages declared in package.json `dependencies` (the repository's
 *     or the plugin folder's own).
 * Specifiers are read with TypeScript's pre-processor: static imports,
 * `import type`, `export … from`, `import()` with a literal, `require()`,
 * `declare module` and `/// <reference path>`.
 */
export interface ImportViolation {
  /** Path relative to `root`. */
  file: string;
  specifier: string;
  problem: string;
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const NODE = new Set(builtinModules);
/** `llmload/*` names that are script modules (usable in a VU half), not host entries. */
const HOST_ONLY = new Set(['llmload/plugin', 'llmload/api', 'llmload/vitest']);

/** The plugin folder a file belongs to, relative to root; undefined outside any. */
export function pluginRoot(rel: string): string | undefined {
  const parts = rel.split(path.sep);
  if (parts[0] !== 'plugins' || parts.length < 3) return undefined;
  if (['executors', 'outputs', 'telemetry'].includes(parts[1]!)) return parts.slice(0, 2).join('/');
  if (['endpoints', 'examples'].includes(parts[1]!) && parts.length >= 4) return parts.slice(0, 3).join('/');
  return undefined;
}

/** The violations under `<root>/plugins`, and how many files were read (so an empty walk cannot pass). */
export function checkPluginImports(root: string): { checked: number; violations: ImportViolation[] } {
  const out: ImportViolation[] = [];
  let checked = 0;
  const rootDeps = dependencies(path.join(root, 'package.json'));
  for (const file of walk(path.join(root, 'plugins'))) {
    checked++;
    const rel = path.relative(root, file);
    const proot = pluginRoot(rel);
    const flag = (specifier: string, problem: string) => out.push({ file: rel.split(path.sep).join('/'), specifier, problem });
    if (!proot) {
      flag('', 'is not inside a plugin folder (plugins/executors, outputs, telemetry, endpoints/<name>, examples/<name>)');
      continue;
    }
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const specs = [...info.importedFiles, ...info.referencedFiles].map((f) => f.fileName);
    // Only endpoint plugins (built-in or example) have a VU half.
    const vuHalf = specs.includes('llmload/vu') && /^plugins\/(endpoints|examples)\//.test(proot);
    const deps = new Set([...rootDeps, ...dependencies(path.join(root, proot, 'package.json'))]);
    for (const s of specs) {
      const problem = classify(s, { file, root, proot, vuHalf, deps });
      if (problem) flag(s, problem);
    }
  }
  return { checked, violations: out };
}

function classify(s: string, c: { file: string; root: string; proot: string; vuHalf: boolean; deps: Set<string> }): string | undefined {
  if (s.startsWith('.') || path.isAbsolute(s)) {
    const target = path.relative(path.join(c.root, c.proot), path.resolve(path.dirname(c.file), s));
    if (target.startsWith('..') || path.isAbsolute(target))
      return `reaches outside its plugin folder ${c.proot} (to ${path.relative(c.root, path.resolve(path.dirname(c.file), s))})`;
    return undefined;
  }
  if (s === 'llmload' || s.startsWith('llmload/')) {
    if (s === 'llmload/plugin') return c.vuHalf ? 'a VU half (it imports llmload/vu) runs in the isolate: llmload/plugin is for the host half' : undefined;
    if (c.vuHalf && !HOST_ONLY.has(s)) return undefined;
    return c.vuHalf ? 'is not a script module' : 'only llmload/plugin is public to a host half (llmload/vu is for the VU half of an endpoint plugin)';
  }
  const bare = s.startsWith('node:') ? s.slice(5) : s;
  if (s.startsWith('node:') || NODE.has(bare) || NODE.has(bare.split('/')[0]!)) {
    return c.vuHalf ? 'a VU half runs in the isolate, which has no Node built-ins' : undefined;
  }
  const pkg = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
  return c.deps.has(pkg) ? undefined : `package "${pkg}" is not a declared dependency (package.json "dependencies")`;
}

function dependencies(file: string): string[] {
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { dependencies?: object; peerDependencies?: object };
    return [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
  } catch {
    return [];
  }
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(full).isDirectory()) yield* walk(full);
    else if (SOURCE.test(name)) yield full;
  }
}
