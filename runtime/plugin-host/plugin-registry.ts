import { LlmloadError } from '../errors.js';
import { suggest } from '../options/check.js';
import type { EndpointPlugin } from '../plugin-api/endpoint.js';
import type { ExecutorPlugin } from '../plugin-api/executor.js';
import type { Plugin } from '../plugin-api/define.js';
import type { PluginKind } from '../plugin-api/identity.js';
import type { OutputPlugin } from '../plugin-api/output.js';
import type { TelemetryPlugin } from '../plugin-api/telemetry.js';
import { checkPlugin } from './check-plugin.js';

type ByKind = { executor: ExecutorPlugin; endpoint: EndpointPlugin; output: OutputPlugin; telemetry: TelemetryPlugin };

/**
 * Every plugin a run can use, of the four kinds, by name: the built-ins and
 * those loaded from `--plugin`, LLMLOAD_PLUGINS and `options.plugins`. One
 * registry per run; a second plugin of the same kind and name is an error
 * naming both (never a silent replacement).
 */
export class PluginRegistry {
  private readonly byKind: { [K in PluginKind]: Map<string, { plugin: ByKind[K]; origin: string }> } = {
    executor: new Map(),
    endpoint: new Map(),
    output: new Map(),
    telemetry: new Map(),
  };

  constructor(builtins: readonly Plugin[] = []) {
    for (const p of builtins) this.add(p, 'built-in');
  }

  /** Checks and registers an exported plugin object; `origin` names where it came from, for messages. */
  add(value: unknown, origin: string): Plugin {
    const plugin = checkPlugin(value, origin);
    const map = this.byKind[plugin.kind] as Map<string, { plugin: Plugin; origin: string }>;
    const taken = map.get(plugin.name);
    if (taken) {
      const by = taken.origin === 'built-in' ? 'llmload itself (built-in)' : `plugin ${taken.origin}`;
      const an = plugin.kind === 'executor' || plugin.kind === 'endpoint' || plugin.kind === 'output' ? 'an' : 'a';
      throw new LlmloadError(
        'ERR_INVALID_OPTION',
        `plugin ${origin}: ${an} ${plugin.kind} named "${plugin.name}" is already registered by ${by}; plugin names must be unique per kind`,
      );
    }
    map.set(plugin.name, { plugin, origin });
    return plugin;
  }

  /** The plugins of a kind, in registration order (built-ins first). */
  list<K extends PluginKind>(kind: K): ByKind[K][] {
    return [...this.byKind[kind].values()].map((e) => e.plugin as ByKind[K]);
  }

  /** The plugin of a kind called `name`; an unknown name is ERR_INVALID_OPTION `${where}: unknown <kind> "x" (did you mean …)`. */
  get<K extends PluginKind>(kind: K, name: string, where: string): ByKind[K] {
    const found = this.byKind[kind].get(name);
    if (found) return found.plugin as ByKind[K];
    const known = [...this.byKind[kind].keys()];
    const close = suggest(name, known);
    throw new LlmloadError(
      'ERR_INVALID_OPTION',
      `${where}: unknown ${kind} "${name}"${close ? ` (did you mean "${close}"?)` : ''}; known: ${known.join(', ') || 'none'}`,
    );
  }

  /** Top-level script option keys owned by endpoint plugins (e.g. `userAgent`, `goodput`). */
  optionKeys(): string[] {
    return this.list('endpoint').flatMap((e) => [...(e.optionKeys ?? [])]);
  }

  /** VU modules that endpoint plugins bring: `llmload/x/<name>` → the file of its in-isolate half. */
  vuModules(): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of this.list('endpoint')) if (e.module) out.set(`llmload/x/${e.name}`, e.module);
    return out;
  }
}
