import { LlmloadError } from '../errors.js';
import { REQUIRED_MEMBERS, type Plugin } from '../plugin-api/define.js';
import { PLUGIN_API_VERSION, type PluginKind } from '../plugin-api/identity.js';

const KINDS = Object.keys(REQUIRED_MEMBERS) as PluginKind[];
const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * Checks one exported plugin object before it is registered: a known kind,
 * a name, this API's major version, and the members its kind needs. Errors
 * are ERR_INVALID_OPTION (exit 104) naming the plugin and where it came from.
 */
export function checkPlugin(value: unknown, origin: string): Plugin {
  const fail = (what: string) => new LlmloadError('ERR_INVALID_OPTION', `plugin ${origin}: ${what}`);
  if (typeof value !== 'object' || value === null)
    throw fail(`exports ${value === null ? 'null' : typeof value}, not a plugin object { apiVersion, name, kind, … }`);
  const p = value as Record<string, unknown>;
  const label = typeof p.name === 'string' ? `"${p.name}"` : '(no name)';
  if (typeof p.name !== 'string' || !NAME.test(p.name)) throw fail(`plugin ${label}: "name" must be a non-empty string of letters, digits, ".", "_" and "-"`);
  if (!KINDS.includes(p.kind as PluginKind)) throw fail(`plugin ${label}: "kind" must be one of ${KINDS.join(', ')}, got ${JSON.stringify(p.kind)}`);
  if (typeof p.apiVersion !== 'number' || Math.trunc(p.apiVersion) !== PLUGIN_API_VERSION) {
    throw fail(`${p.kind} plugin ${label} was written for plugin API ${JSON.stringify(p.apiVersion)}; this llmload has API ${PLUGIN_API_VERSION}`);
  }
  const missing = REQUIRED_MEMBERS[p.kind as PluginKind].filter((m) => typeof p[m] !== 'function');
  if (missing.length > 0) throw fail(`${p.kind} plugin ${label} lacks ${missing.map((m) => `"${m}()"`).join(', ')}`);
  if (p.kind === 'endpoint' && p.module !== undefined && typeof p.module !== 'string') throw fail(`endpoint plugin ${label}: "module" must be a file path`);
  return value as Plugin;
}
