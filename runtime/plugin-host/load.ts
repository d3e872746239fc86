import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildFailure, Loader, Plugin as EsbuildPlugin } from 'esbuild';
import { isLlmloadError, LlmloadError } from '../errors.js';
import { esbuild } from '../lazy-packages.js';
import { packageRoot } from '../bundle/paths.js';

/** Where a plugin spec was given, for resolution and messages. */
export interface PluginSpec {
  /** A package name (`llmload-plugin-foo`), or a path to a file or folder (`./plugins/out.ts`). */
  spec: string;
  /** `--plugin`, `LLMLOAD_PLUGINS`, `options.plugins (script.ts)`. */
  from: string;
  /** Folders to resolve it from, in order (the script's folder, then the working directory). */
  resolveDirs: string[];
}

/** A loaded plugin module: what it exported, and a name for messages. */
export interface LoadedModule {
  origin: string;
  /** The plugin objects it exports (default export, or `plugins`), one or several. */
  exports: unknown[];
}

const NODE_BUILTINS = new Set(builtinModules);
const PUBLIC_ENTRY = /^llmload\/plugin$/;

/**
 * Loads a plugin module without a rebuild of llmload: bundled with the same
 * esbuild as scripts (TypeScript works), its own relative files inlined,
 * packages left where they are (imported by absolute path, so native ones
 * work), `llmload/plugin` bound to this llmload's own instance of the plugin
 * API; then imported. Problems are ERR_INVALID_OPTION (exit 104) naming the
 * plugin.
 */
export async function loadPluginModule(s: PluginSpec): Promise<LoadedModule> {
  const origin = `"${s.spec}" (${s.from})`;
  const code = await bundle(s, origin);
  const file = path.join(os.tmpdir(), 'llmload-plugins', `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  let mod: Record<string, unknown>;
  try {
    mod = ((await import(pathToFileURL(file).href)) as { exported: Record<string, unknown> }).exported;
  } catch (err) {
    throw new LlmloadError('ERR_INVALID_OPTION', `plugin ${origin} failed to load: ${(err as Error).message ?? String(err)}`, { cause: err });
  }
  const value = mod.default ?? mod.plugins;
  if (value === undefined)
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `plugin ${origin} has no default export (export a plugin object { apiVersion, name, kind, … } or an array of them)`,
    );
  return { origin, exports: Array.isArray(value) ? value : [value] };
}

async function bundle(s: PluginSpec, origin: string): Promise<string> {
  let lastError: unknown;
  // Loaded when a plugin is given by path (the CLI's start-up and every thread of `--threads` skip it otherwise).
  const { build, transform } = esbuild();
  for (const dir of s.resolveDirs) {
    try {
      const result = await build({
        stdin: { contents: `import * as m from ${JSON.stringify(s.spec)};\nexport const exported = m;`, resolveDir: dir, loader: 'js' },
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        logLevel: 'silent',
        plugins: [bindPackages(), pinImportMeta(transform)],
      });
      return result.outputFiles[0]!.text;
    } catch (err) {
      lastError = err;
      // Not found from this folder: try the next one. Anything else is the plugin's own error.
      if (!isUnresolved(err, s.spec)) break;
    }
  }
  if (isLlmloadError(lastError)) throw lastError;
  if (isUnresolved(lastError, s.spec)) {
    const kind = s.spec.startsWith('.') || path.isAbsolute(s.spec) ? 'no such file or folder' : 'no such package in node_modules';
    throw new LlmloadError('ERR_INVALID_OPTION', `plugin ${origin}: not found (${kind}) from ${s.resolveDirs.join(' or ')}`);
  }
  const errors = (lastError as Partial<BuildFailure>).errors ?? [];
  const text = errors.length
    ? errors
        .slice(0, 3)
        .map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column + 1}: ${m.text}` : m.text))
        .join('; ')
    : String((lastError as Error)?.message ?? lastError);
  throw new LlmloadError('ERR_INVALID_OPTION', `plugin ${origin}: ${text}`);
}

function isUnresolved(err: unknown, spec: string): boolean {
  const errors = (err as Partial<BuildFailure>).errors ?? [];
  return errors.length > 0 && errors.every((m) => m.text.includes('Could not resolve') && m.text.includes(spec));
}

/**
 * Packages stay packages: a bare import is resolved from the importing file
 * (Node's rules, esbuild's resolver) and left external by absolute path;
 * `llmload/plugin` is this llmload's own built entry, so a plugin and the
 * engine share one instance of the API.
 */
function bindPackages(): EsbuildPlugin {
  const api = path.join(packageRoot, 'dist', 'plugin.js');
  return {
    name: 'llmload-plugin-packages',
    setup(b) {
      b.onResolve({ filter: PUBLIC_ENTRY }, () => ({ path: api, external: true }));
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.kind === 'entry-point' || args.importer === '' || args.importer === '<stdin>') return undefined;
        if (args.pluginData === 'resolving') return undefined;
        const bare = args.path.startsWith('node:') ? args.path.slice(5) : args.path;
        if (NODE_BUILTINS.has(bare) || NODE_BUILTINS.has(bare.split('/')[0]!)) return { path: args.path, external: true };
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
        if (found.errors.length > 0) return { errors: found.errors };
        return { path: found.path, external: true };
      });
    },
  };
}

const LOADERS: Record<string, Loader> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx' };

/**
 * The bundle runs from a temp file, so `import.meta.url` (and `dirname`,
 * `filename`) would name that file; a plugin finds its own files with them
 * (e.g. its VU module: `new URL('./vu.ts', import.meta.url)`), so each of its
 * files gets its own location. esbuild's define does it (a parser, not a text
 * replacement); a file it cannot parse is left for the build to report.
 */
function pinImportMeta(transform: typeof import('esbuild').transform): EsbuildPlugin {
  return {
    name: 'llmload-plugin-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        const loader = LOADERS[path.extname(args.path)];
        if (args.namespace !== 'file' || !loader) return undefined;
        const source = await readFile(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const define = {
          'import.meta.url': JSON.stringify(pathToFileURL(args.path).href),
          'import.meta.filename': JSON.stringify(args.path),
          'import.meta.dirname': JSON.stringify(path.dirname(args.path)),
        };
        try {
          const out = await transform(source, { loader, define, sourcefile: args.path, sourcemap: 'inline', target: 'node20', logLevel: 'silent' });
          return { contents: out.code, loader: 'js', resolveDir: path.dirname(args.path) };
        } catch {
          return undefined;
        }
      });
    },
  };
}
