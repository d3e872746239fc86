import path from 'node:path';
import { bundleScript, type ScriptBundle } from '../bundle/bundle.js';
import { LlmloadError } from '../errors.js';
import type { Endpoint } from '../plugin-api/endpoint.js';
import { loadPluginModule, type PluginSpec } from '../plugin-host/load.js';
import { optionSpecs } from '../plugin-host/specs.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { createVuFactory, type VuFactory } from '../vu/factory.js';
import type { VuHostContext } from '../vu/types.js';

/** The script, bundled with every plugin module it needs, and its init code run once. */
export interface LoadedScript {
  bundle: ScriptBundle;
  factory: VuFactory;
  /** `export const options`, parsed. */
  scriptOptions: Record<string, unknown> | undefined;
  functions: string[];
  warmups: string[];
  /** What init code asked endpoints to do before the test, by endpoint (Endpoint.beforeTest). */
  beforeTest: Record<string, unknown[]>;
  /** Origins each VU connects to before the test, by endpoint (Endpoint.preconnect). */
  preconnect: Record<string, string[]>;
}

export interface ScriptSource {
  /** A path (relative to cwd); with `source`, '-' (stdin) or the name the source goes by. */
  script: string;
  /** The script's text when it does not come from a file (stdin, the API's inline source). */
  source?: string;
  cwd: string;
  /** The script bundled already, with every plugin module it needs (a thread of `--threads`): used as it is. */
  bundled?: ScriptBundle;
}

/** Loads each spec's plugins into the registry (skipping specs already loaded). */
export async function loadPlugins(registry: PluginRegistry, specs: PluginSpec[], loaded: Set<string>): Promise<void> {
  for (const s of specs) {
    const key = `${s.spec}\u0000${s.resolveDirs[0]}`;
    if (loaded.has(key)) continue;
    loaded.add(key);
    const mod = await loadPluginModule(s);
    for (const p of mod.exports) registry.add(p, mod.origin);
  }
}

/**
 * Bundles the script and runs its init code (reading `options`). A plugin
 * module (`llmload/x/<name>`) no loaded plugin provides is a stand-in at first;
 * when the script's `options.plugins` (or the config file's) brings it, the
 * script is bundled again with it. One still missing after that stops the run.
 */
export async function loadScript(
  src: ScriptSource,
  registry: PluginRegistry,
  host: VuHostContext,
  endpoints: Map<string, Endpoint>,
  more: { configPlugins: unknown; loaded: Set<string> },
): Promise<LoadedScript> {
  let s = await once(src, registry, host, endpoints);
  const scriptDir = s.bundle.scriptDir;
  const specs = [
    ...optionSpecs(more.configPlugins, 'config file', src.cwd, scriptDir),
    ...optionSpecs(s.scriptOptions?.plugins, `script options (${s.bundle.filename})`, src.cwd, scriptDir),
  ];
  const before = registry.vuModules().size;
  await loadPlugins(registry, specs, more.loaded);
  if (s.missing.size > 0 && registry.vuModules().size > before) {
    s.factory.dispose();
    s = await once(src, registry, host, endpoints);
  }
  if (s.missing.size > 0) {
    s.factory.dispose();
    const names = [...s.missing].map((m) => `"${m}"`).join(', ');
    throw new LlmloadError(
      'ERR_BUNDLE',
      `${s.bundle.filename}: no loaded plugin provides the module${s.missing.size > 1 ? 's' : ''} ${names} (load the plugin with --plugin, LLMLOAD_PLUGINS or options.plugins)`,
    );
  }
  return s;
}

async function once(
  src: ScriptSource,
  registry: PluginRegistry,
  host: VuHostContext,
  endpoints: Map<string, Endpoint>,
): Promise<LoadedScript & { missing: Set<string> }> {
  const pluginModules = { known: registry.vuModules(), missing: new Set<string>() };
  const bundle =
    src.bundled ??
    (src.source !== undefined
      ? await bundleScript({ source: src.source, sourceName: src.script === '-' ? undefined : src.script, cwd: src.cwd, pluginModules })
      : await bundleScript({ file: path.resolve(src.cwd, src.script), cwd: src.cwd, pluginModules }));
  host.scriptDir = bundle.scriptDir;
  const factory = await createVuFactory(bundle, host, { endpoints });
  try {
    const { options, functions, warmups, beforeTest, preconnect } = await factory.readExports();
    return {
      bundle,
      factory,
      scriptOptions: options as Record<string, unknown> | undefined,
      functions,
      warmups,
      beforeTest,
      preconnect,
      missing: pluginModules.missing,
    };
  } catch (err) {
    factory.dispose();
    throw err;
  }
}
