import path from 'node:path';
import { invalidOption } from '../errors.js';
import type { PluginSpec } from './load.js';

/**
 * The plugins a run loads, in order: `--plugin NAME|PATH` (repeatable),
 * `LLMLOAD_PLUGINS` (comma-separated), then `options.plugins` of the config
 * file and the script. Names resolve as Node resolves packages; paths are
 * relative to the working directory (flags, environment) or the script's
 * folder (options), and both folders are tried.
 */
export function upfrontSpecs(flags: readonly string[] | undefined, env: string | undefined, cwd: string, scriptDir: string): PluginSpec[] {
  const fromEnv = (env ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return [
    ...(flags ?? []).map((spec) => ({ spec, from: '--plugin', resolveDirs: dirs(cwd, scriptDir) })),
    ...fromEnv.map((spec) => ({ spec, from: 'LLMLOAD_PLUGINS', resolveDirs: dirs(cwd, scriptDir) })),
  ];
}

/** `options.plugins`: a list of names or paths; anything else is an error naming the option. */
export function optionSpecs(raw: unknown, source: string, cwd: string, scriptDir: string): PluginSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((s) => typeof s !== 'string' || s === '')) {
    throw invalidOption(`${source}: option "plugins"`, 'must be a list of package names or paths, e.g. ["llmload-plugin-foo", "./plugins/out.ts"]');
  }
  return (raw as string[]).map((spec) => ({ spec, from: `options.plugins (${source})`, resolveDirs: dirs(scriptDir, cwd) }));
}

function dirs(first: string, second: string): string[] {
  return path.resolve(first) === path.resolve(second) ? [first] : [first, second];
}
