/**
 * The program the transform looks at: a first esbuild pass (llmload modules
 * left external, no output) gives the module graph. Read and parsed: the
 * files that import a k6/llmload module, directly or through other files
 * (only they can block), and the user's own files besides (a helper such as
 * `retry(fn)` in a file without k6 imports can be handed a function that
 * blocks). Packages that do not use llmload stay outside: "foreign".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { esbuild } from '../../lazy-packages.js';
import { modulesDir } from '../paths.js';
import { k6Aliases, llmloadModules } from '../resolve-modules.js';
import type { SourceInput } from './types.js';
import { builtinModule } from './modules.js';

export const STDIN_KEY = '<stdin>';
const PARSED = /\.(?:[mc]?[jt]s)$/;
const PACKAGE = /(?:^|[\\/])node_modules[\\/]/;

/** Leaves `k6`/`llmload` imports external, under their canonical names ("llmload/http"). */
const externalModules: Plugin = {
  name: 'llmload-sync-style-graph',
  setup(b) {
    b.onResolve({ filter: /^(?:k6|llmload)(?:\/.*)?$/ }, (args) => {
      const canonical = k6Aliases[args.path] ?? args.path;
      // Unknown and unsupported names: the llmload plugin reports them.
      return llmloadModules[canonical] ? { path: canonical, external: true } : undefined;
    });
  },
};

/** The sources that may need the transform, or undefined when the first pass fails (the real build reports why). */
export async function loadProgram(initial: BuildOptions, selfName: string): Promise<SourceInput[] | undefined> {
  let metafile: Metafile;
  const { build } = esbuild();
  try {
    const result = await build({
      ...initial,
      plugins: [externalModules, ...(initial.plugins ?? []).filter((p) => p.name !== selfName)],
      inject: [],
      metafile: true,
      write: false,
      sourcemap: false,
      format: 'esm',
      globalName: undefined,
      logLevel: 'silent',
    });
    metafile = result.metafile;
  } catch {
    return undefined;
  }
  const cwd = initial.absWorkingDir ?? process.cwd();
  // The metafile names stdin by its sourcefile ("stdin.ts"): the one input not read from disk.
  const stdinKey = initial.stdin ? (initial.stdin.sourcefile ?? '<stdin>') : undefined;
  const relevant = relevantFiles(metafile);
  const keys = Object.keys(metafile.inputs).filter(
    (k) => k === stdinKey || (PARSED.test(k) && (relevant.has(k) || !PACKAGE.test(k)) && !path.resolve(cwd, k).startsWith(modulesDir + path.sep)),
  );
  return Promise.all(
    keys.map(async (key) => ({ ...(await sourceInput(key, key === stdinKey, metafile.inputs[key]!, initial, cwd)), mustParse: relevant.has(key) })),
  );
}

/** Files that import one of our modules, and every file that imports those, transitively. */
export function relevantFiles(metafile: Metafile): Set<string> {
  const importers = new Map<string, string[]>();
  const relevant = new Set<string>();
  for (const [key, input] of Object.entries(metafile.inputs)) {
    for (const imp of input.imports) {
      if (imp.external && builtinModule(imp.path)) relevant.add(key);
      else if (!imp.external) importers.set(imp.path, [...(importers.get(imp.path) ?? []), key]);
    }
  }
  const queue = [...relevant];
  while (queue.length > 0) {
    for (const importer of importers.get(queue.pop()!) ?? []) {
      if (relevant.has(importer)) continue;
      relevant.add(importer);
      queue.push(importer);
    }
  }
  return relevant;
}

async function sourceInput(key: string, isStdin: boolean, input: Metafile['inputs'][string], initial: BuildOptions, cwd: string): Promise<SourceInput> {
  const imports: Record<string, string> = {};
  for (const imp of input.imports) imports[imp.original ?? imp.path] = imp.path;
  if (isStdin) {
    const stdin = initial.stdin!;
    const typescript = stdin.loader === 'ts' || (stdin.loader === undefined && /\.[mc]?ts$/.test(key));
    const source = typeof stdin.contents === 'string' ? stdin.contents : new TextDecoder().decode(stdin.contents);
    return { key: STDIN_KEY, display: key, mapSource: path.basename(key), source, typescript, imports };
  }
  const source = await readFile(path.resolve(cwd, key), 'utf8');
  return { key, display: key, mapSource: path.basename(key), source, typescript: /\.[mc]?ts$/.test(key), imports };
}
