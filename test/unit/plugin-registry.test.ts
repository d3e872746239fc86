import { describe, expect, it } from 'vitest';
import { defineEndpoint, defineExecutor, defineOutput, defineTelemetry, PLUGIN_API_VERSION, type Plugin } from '../../runtime/plugin-api/index.js';
import { BUILTIN_PLUGINS } from '../../runtime/plugin-host/builtin.js';
import { checkPlugin } from '../../runtime/plugin-host/check-plugin.js';
import { PluginRegistry } from '../../runtime/plugin-host/plugin-registry.js';
import { exitCodeOf } from '../../runtime/errors.js';

const output = (name: string) =>
  defineOutput({ apiVersion: 1, name, create: () => ({ name, description: () => name, start: async () => {}, addSamples: () => {}, stop: async () => {} }) });
// `Plugin` is the registry's view (state types erased), as BUILTIN_PLUGINS has it.
const endpoint = (name: string, more: { optionKeys?: string[]; module?: string } = {}) =>
  defineEndpoint({ apiVersion: 1, name, ...more, create: () => ({ createState: () => ({}), call: async () => null }) }) as unknown as Plugin;

/** The error a call throws: its exit code and message. */
function failure(f: () => unknown): { exit: number; message: string } {
  try {
    f();
  } catch (err) {
    return { exit: exitCodeOf(err), message: (err as Error).message };
  }
  throw new Error('expected a throw');
}

describe('PluginRegistry', () => {
  it('holds the built-ins of all four kinds, in registration order', () => {
    const r = new PluginRegistry(BUILTIN_PLUGINS);
    expect(r.list('executor').map((p) => p.name)).toContain('constant-arrival-rate');
    expect(r.list('endpoint').map((p) => p.name)).toEqual(['http', 'openai']);
    expect(
      r
        .list('output')
        .map((p) => p.name)
        .slice(0, 2),
    ).toEqual(['json', 'csv']);
    expect(r.list('telemetry').map((p) => p.name)).toContain('dcgm');
  });

  it('refuses a second plugin of the same kind and name, naming both origins; another kind may share the name', () => {
    const r = new PluginRegistry(BUILTIN_PLUGINS);
    r.add(output('mine'), '"./a.ts" (--plugin)');
    expect(failure(() => r.add(output('mine'), '"pkg-b" (LLMLOAD_PLUGINS)'))).toEqual({
      exit: 104,
      message:
        'plugin "pkg-b" (LLMLOAD_PLUGINS): an output named "mine" is already registered by plugin "./a.ts" (--plugin); plugin names must be unique per kind',
    });
    expect(failure(() => r.add(output('json'), '"./json.ts" (--plugin)')).message).toBe(
      'plugin "./json.ts" (--plugin): an output named "json" is already registered by llmload itself (built-in); plugin names must be unique per kind',
    );
    expect(() => r.add(endpoint('mine'), '"./c.ts" (--plugin)')).not.toThrow();
    expect(r.list('output').filter((p) => p.name === 'mine')).toHaveLength(1);
  });

  it('an unknown name is exit 104 with a suggestion and the known names', () => {
    const r = new PluginRegistry([output('json'), output('csv')]);
    expect(failure(() => r.get('output', 'jsonn', '--out jsonn=x'))).toEqual({
      exit: 104,
      message: '--out jsonn=x: unknown output "jsonn" (did you mean "json"?); known: json, csv',
    });
    expect(failure(() => r.get('output', 'kafka', '--out kafka')).message).toBe('--out kafka: unknown output "kafka"; known: json, csv');
    expect(failure(() => r.get('executor', 'x', 'scenario "s"')).message).toBe('scenario "s": unknown executor "x"; known: none');
    expect(r.get('output', 'csv', 'w').name).toBe('csv');
  });

  it("collects endpoints' option keys and VU modules (llmload/x/<name> → file)", () => {
    const r = new PluginRegistry([endpoint('a', { optionKeys: ['userAgent', 'goodput'] }), endpoint('b', { module: '/p/b/vu.ts' }), endpoint('c')]);
    expect(r.optionKeys()).toEqual(['userAgent', 'goodput']);
    expect([...r.vuModules()]).toEqual([['llmload/x/b', '/p/b/vu.ts']]);
    expect([...new PluginRegistry(BUILTIN_PLUGINS).vuModules()]).toEqual([]);
  });
});

describe('checkPlugin', () => {
  const origin = '"./p.ts" (--plugin)';
  const refuse = (value: unknown) => failure(() => checkPlugin(value, origin));

  it('accepts what the define helpers make, and the same major API version', () => {
    const plugins: Plugin[] = [
      output('o'),
      endpoint('e'),
      defineTelemetry({ apiVersion: 1, name: 't', create: () => undefined }),
      defineExecutor({
        apiVersion: 1,
        name: 'x',
        validate: () => ({}),
        schedule: () => ({ kind: 'vus', steps: [{ at: 0, vus: 1 }], duration: 1, gracefulRampDown: 0, maxVUs: 1 }),
        maxDuration: () => 1,
        describe: () => 'x',
      }) as unknown as Plugin,
    ];
    for (const p of plugins) expect(checkPlugin(p, origin)).toBe(p);
    expect(PLUGIN_API_VERSION).toBe(1);
    const handWritten = { kind: 'output', name: 'hand', apiVersion: 1.2, create() {} };
    expect(checkPlugin(handWritten, origin)).toBe(handWritten);
  });

  it('refuses each problem with exit 104, naming the plugin and where it came from', () => {
    const create = () => ({});
    const cases: [unknown, string][] = [
      [42, 'exports number, not a plugin object { apiVersion, name, kind, … }'],
      [null, 'exports null, not a plugin object { apiVersion, name, kind, … }'],
      [{ kind: 'output', apiVersion: 1, create }, 'plugin (no name): "name" must be a non-empty string of letters, digits, ".", "_" and "-"'],
      [{ kind: 'output', name: 'a b', apiVersion: 1, create }, 'plugin "a b": "name" must be a non-empty string'],
      [{ kind: 'exporter', name: 'a', apiVersion: 1, create }, 'plugin "a": "kind" must be one of executor, endpoint, output, telemetry, got "exporter"'],
      [{ kind: 'output', name: 'old', apiVersion: 0, create }, 'output plugin "old" was written for plugin API 0; this llmload has API 1'],
      [{ kind: 'output', name: 'new', apiVersion: 2, create }, 'output plugin "new" was written for plugin API 2; this llmload has API 1'],
      [{ kind: 'output', name: 'str', apiVersion: '1', create }, 'output plugin "str" was written for plugin API "1"; this llmload has API 1'],
      [{ kind: 'output', name: 'none', create }, 'output plugin "none" was written for plugin API undefined; this llmload has API 1'],
      [{ kind: 'output', name: 'o', apiVersion: 1 }, 'output plugin "o" lacks "create()"'],
      [{ kind: 'executor', name: 'x', apiVersion: 1, validate: create }, 'executor plugin "x" lacks "schedule()", "maxDuration()", "describe()"'],
      [{ kind: 'endpoint', name: 'e', apiVersion: 1, create, module: 42 }, 'endpoint plugin "e": "module" must be a file path'],
    ];
    for (const [value, message] of cases) {
      const f = refuse(value);
      expect(f.exit).toBe(104);
      expect(f.message.startsWith(`plugin ${origin}: `), f.message).toBe(true);
      expect(f.message).toContain(message);
    }
  });
});
