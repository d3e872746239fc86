import { builtinModules } from 'node:module';
import type { Plugin } from 'esbuild';
import { k6Aliases, llmloadModules } from './module-table.js';

export { k6Aliases, llmloadModules };

/** k6 modules llmload does not have, and why: refused at bundle time, never a failure later. */
const K6_UNSUPPORTED: Record<string, string> = {
  'k6/browser': 'browser testing is out of scope for an LLM load tester',
  'k6/experimental/browser': 'browser testing is out of scope for an LLM load tester',
  'k6/net/grpc': 'gRPC is not implemented',
  'k6/ws': 'WebSockets are not implemented',
  'k6/experimental/websockets': 'WebSockets are not implemented',
  'k6/crypto': 'k6/crypto is not implemented',
  'k6/html': 'HTML parsing is not implemented',
  'k6/secrets': 'secret sources are not implemented; read secrets from __ENV',
};

/** Why `spec` (a `k6` or `k6/...` import) cannot be bundled, or undefined when llmload has it. */
export function unsupportedK6Module(spec: string): string | undefined {
  if (k6Aliases[spec]) return undefined;
  const why = K6_UNSUPPORTED[spec] ?? (spec.startsWith('k6/experimental/') ? "k6's experimental modules are not implemented" : 'llmload has no such module');
  return `module "${spec}" is not supported by llmload: ${why} (llmload provides ${Object.keys(k6Aliases).join(', ')} and ${Object.keys(llmloadModules).join(', ')})`;
}

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const MARK = 'llmload-builtin-probe';

/**
 * Resolves `llmload/*` to runtime/modules and rejects Node built-ins: a VU is
 * a bare V8 isolate, so `fs` or `http` could only fail later, at run time.
 * The error is attached to the import statement (esbuild gives it file:line:col).
 */
/** What the bundle learns about plugin modules (`llmload/x/<name>`). */
export interface PluginModules {
  /** `llmload/x/<name>` → the file of its in-isolate half (from the loaded endpoint plugins). */
  known: ReadonlyMap<string, string>;
  /** Filled while bundling: the `llmload/x/…` names no loaded plugin provides. */
  missing: Set<string>;
}

const MISSING_NS = 'llmload-missing-module';
/**
 * Stands in for a plugin module no loaded plugin provides yet, so init code
 * can run and `options.plugins` be read; the run then loads the plugin and
 * bundles again, or stops naming the module. Any property, call or `new` gives
 * the stand-in again.
 */
const PLACEHOLDER =
  'const stub = new Proxy(function () {}, { get: (_t, k) => (k === Symbol.toPrimitive ? () => "" : stub), apply: () => stub, construct: () => stub });\nmodule.exports = stub;\n';

export function llmloadPlugin(plugins?: PluginModules): Plugin {
  return {
    name: 'llmload',
    setup(build) {
      build.onResolve({ filter: /^llmload\/x\/[^/]+$/ }, (args) => {
        const file = plugins?.known.get(args.path);
        if (file) return { path: file };
        plugins?.missing.add(args.path);
        return { path: args.path, namespace: MISSING_NS };
      });
      build.onLoad({ filter: /.*/, namespace: MISSING_NS }, () => ({ contents: PLACEHOLDER, loader: 'js' }));
      build.onResolve({ filter: /^k6(\/.*)?$/ }, (args) => {
        const problem = unsupportedK6Module(args.path);
        if (problem) return { errors: [{ text: problem }] };
        return { path: llmloadModules[k6Aliases[args.path]!]! };
      });
      build.onResolve({ filter: /^llmload(\/.*)?$/ }, (args) => {
        const file = llmloadModules[args.path];
        if (!file) {
          return { errors: [{ text: `unknown module "${args.path}" (llmload provides: ${Object.keys(llmloadModules).join(', ')})` }] };
        }
        return { path: file };
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
