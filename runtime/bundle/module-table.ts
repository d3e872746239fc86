/**
 * The public modules (runtime/module-table.json, the one list the bundler,
 * the type generator and the package.json check read), typed for the host.
 */
import path from 'node:path';
import table from '../module-table.json' with { type: 'json' };
import { packageRoot } from './paths.js';

/** A module scripts import: bundled from `source` into each VU. */
export interface ScriptModule {
  /** `llmload` or `llmload/<name>`. */
  name: string;
  /** k6's name for the same module (`k6/http`), when k6 has one. */
  k6?: string;
  /** In-isolate source, from the package root. */
  source: string;
  /** Generated declarations, from the package root. */
  types: string;
}

export const SCRIPT_MODULES: readonly ScriptModule[] = table.script;

/** Modules a script can import → absolute path of their in-isolate source. */
export const llmloadModules: Readonly<Record<string, string>> = Object.fromEntries(SCRIPT_MODULES.map((m) => [m.name, path.join(packageRoot, m.source)]));

/** k6's module names → llmload's (the same modules, so k6 scripts run unchanged; `llmload/*` stays canonical). */
export const k6Aliases: Readonly<Record<string, string>> = Object.fromEntries(SCRIPT_MODULES.flatMap((m) => (m.k6 ? [[m.k6, m.name]] : [])));
