import { builtinModules } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'esbuild';
import { modulesDir } from './paths.js';

/** Modules a script can import, resolved to their in-isolate sources. */
export const llmloadModules: Record<string, string> = {
  llmload: 'index.ts',
  'llmload/metrics': 'metrics.ts',
  'llmload/execution': 'execution.ts',
  'llmload/data': 'data.ts',
  'llmload/http': 'http.ts',
  'llmload/openai': 'openai.ts',
};

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const MARK = 'llmload-builtin-probe';

/**
 * Resolves `llmload/*` to runtime/modules and rejects Node built-ins: a VU is
 * a bare V8 isolate, so `fs` or `http` could only fail later, at run time.
 * The error is attached to the import statement (esbuild gives it file:line:col).
 */
export function llmloadPlugin(): Plugin {
  return {
    name: 'llmload',
    setup(build) {
      build.onResolve({ filter: /^llmload(\/.*)?$/ }, (args) => {
        const file = llmloadModules[args.path];
        if (!file) {
          return { errors: [{ text: `unknown module "${args.path}" (llmload provides: ${Object.keys(llmloadModules).join(', ')})` }] };
        }
        return { path: path.join(modulesDir, file) };
      });
      build.onResolve({ filter: /^[a-z_:][a-z0-9_/:]*$/ }, async (args) => {
        if (args.pluginData === MARK) return undefined;
        const isNodeScheme = args.path.startsWith('node:');
        const bare = isNodeScheme ? args.path.slice(5) : args.path;
        if (!isNodeScheme && !builtins.has(bare) && !builtins.has(bare.split('/')[0]!)) return undefined;
        if (!isNodeScheme) {
          // A package of that name in the user's node_modules (e.g. the "buffer" polyfill) wins.
          const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: MARK });
          if (found.errors.length === 0 && found.path) return { path: found.path };
        }
        return {
          errors: [
            {
              text:
                `cannot import "${args.path}": Node built-ins are not available inside a VU ` +
                '(scripts run in an isolated JavaScript engine, as in k6); use llmload/http for requests and open() for files',
            },
          ],
        };
      });
    },
  };
}
