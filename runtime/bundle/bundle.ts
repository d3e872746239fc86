import { access } from 'node:fs/promises';
import path from 'node:path';
import type { BuildFailure, Message } from 'esbuild';
import { isLlmloadError, LlmloadError } from '../errors.js';
import { esbuild } from '../lazy-packages.js';
import { modulesDir } from './paths.js';
import { llmloadPlugin, type PluginModules } from './resolve-modules.js';
import { syncStylePlugin } from './sync-style/esbuild-plugin.js';

/** A version 3 source map, as esbuild writes it. */
export interface SourceMapPayload {
  version: number;
  sources: string[];
  mappings: string;
  names: string[];
  sourcesContent?: (string | null)[];
  file?: string;
  sourceRoot?: string;
}

/** A user script bundled for the VUs. */
export interface ScriptBundle {
  /**
   * Script text for an isolate context: an IIFE that leaves the module's
   * exports on `globalThis.__llmloadUser` (runtime/vu takes them from there).
   */
  code: string;
  /** Source map of `code`; its `sources` are relative to `cwd`. */
  map: SourceMapPayload;
  /** The script as the user named it, relative to cwd ("stdin.ts" for stdin). */
  filename: string;
  /** Absolute directory `open()` resolves against (cwd for stdin). */
  scriptDir: string;
  /** Absolute directory the source map paths are relative to. */
  cwd: string;
}

export interface BundleInput {
  /** Script path (absolute or relative to cwd). */
  file?: string;
  /** Script text (stdin, run()'s inline scripts); bundled as `sourceName` with imports resolved from cwd. */
  source?: string;
  /** The name of a `source` in messages and stack traces (default "stdin.ts"). */
  sourceName?: string;
  cwd: string;
  /** Plugin modules (`llmload/x/<name>`) known to this run; the ones not found are added to `missing`. */
  pluginModules?: PluginModules;
}

export const USER_EXPORTS_GLOBAL = '__llmloadUser';

/**
 * Bundles a TypeScript/JavaScript script with its relative imports, packages
 * from the user's node_modules and the llmload modules into one IIFE.
 * Syntax errors and forbidden imports become ERR_BUNDLE with file:line:col.
 */
export async function bundleScript(input: BundleInput): Promise<ScriptBundle> {
  const cwd = path.resolve(input.cwd);
  let entry: { entryPoints: string[] } | { stdin: { contents: string; sourcefile: string; loader: 'ts'; resolveDir: string } };
  let filename: string;
  let scriptDir: string;
  if (input.file !== undefined) {
    const abs = path.resolve(cwd, input.file);
    filename = path.relative(cwd, abs) || abs;
    scriptDir = path.dirname(abs);
    try {
      await access(abs);
    } catch (err) {
      throw new LlmloadError('ERR_BUNDLE', `${filename}: cannot read the script (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    entry = { entryPoints: [abs] };
  } else if (input.source !== undefined) {
    filename = input.sourceName ?? 'stdin.ts';
    scriptDir = cwd;
    entry = { stdin: { contents: input.source, sourcefile: filename, loader: 'ts', resolveDir: cwd } };
  } else {
    throw new LlmloadError('ERR_INTERNAL', 'bundleScript needs a file or a source');
  }

  // Loaded when a script is bundled: a thread of `--threads` runs its run's bundle and never needs esbuild.
  const { build } = esbuild();
  try {
    const result = await build({
      ...entry,
      inject: [path.join(modulesDir, 'internal', 'prelude.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      globalName: USER_EXPORTS_GLOBAL,
      platform: 'neutral',
      mainFields: ['module', 'main'],
      conditions: ['module'],
      target: 'es2022',
      sourcemap: 'external',
      sourcesContent: false,
      outfile: path.join(cwd, 'llmload-bundle.js'),
      absWorkingDir: cwd,
      logLevel: 'silent',
      legalComments: 'none',
      // k6's synchronous style (`const res = http.get(u)`) made async: runtime/bundle/sync-style.
      plugins: [llmloadPlugin(input.pluginModules), syncStylePlugin()],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles.find((f) => f.path.endsWith('.js.map'));
    if (!js || !map) throw new LlmloadError('ERR_INTERNAL', 'esbuild produced no output');
    return { code: js.text, map: JSON.parse(map.text) as SourceMapPayload, filename, scriptDir, cwd };
  } catch (err) {
    if (isLlmloadError(err)) throw err;
    const failure = err as Partial<BuildFailure>;
    if (Array.isArray(failure.errors) && failure.errors.length > 0) {
      throw new LlmloadError(
        'ERR_BUNDLE',
        failure.errors
          .slice(0, 5)
          .map((m) => formatMessage(m, filename))
          .join('\n'),
        { cause: err },
      );
    }
    throw new LlmloadError('ERR_BUNDLE', `${filename}: ${(err as Error).message}`, { cause: err });
  }
}

/** esbuild message → "file:line:col: text" (columns 1-based, as editors count). */
function formatMessage(m: Message, filename: string): string {
  const loc = m.location;
  if (!loc) return `${filename}: ${m.text}`;
  return `${loc.file}:${loc.line}:${loc.column + 1}: ${m.text}`;
}
