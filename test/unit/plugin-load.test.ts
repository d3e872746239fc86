import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exitCodeOf } from '../../runtime/errors.js';
import { loadPluginModule, type PluginSpec } from '../../runtime/plugin-host/load.js';
import { optionSpecs, upfrontSpecs } from '../../runtime/plugin-host/specs.js';
import { repoRoot } from '../support/cli.js';

/**
 * runtime/plugin-host/load.ts: a plugin is bundled with esbuild (TypeScript
 * works), its own files inlined, packages imported from where Node would
 * find them, `llmload/plugin` bound to this llmload's dist/plugin.js.
 * Needs dist/ (npm test builds it first).
 */
const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-plugin-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string, contents: Record<string, string>): string {
  for (const [name, text] of Object.entries(contents)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const spec = (s: string, dirs: string[], from = '--plugin'): PluginSpec => ({ spec: s, from, resolveDirs: dirs });

async function loadError(s: PluginSpec): Promise<{ exit: number; message: string }> {
  try {
    await loadPluginModule(s);
  } catch (err) {
    return { exit: exitCodeOf(err), message: (err as Error).message };
  }
  throw new Error('expected the load to fail');
}

// A package two plugins share: if it were inlined, each plugin would get its own copy.
files(tmp, {
  'node_modules/shared-box/package.json': JSON.stringify({ name: 'shared-box', type: 'module', main: 'index.js' }),
  'node_modules/shared-box/index.js': 'globalThis.__sharedBoxLoads = (globalThis.__sharedBoxLoads ?? 0) + 1;\nexport const box = { id: Math.random() };\n',
  'node_modules/llmload-plugin-fake/package.json': JSON.stringify({ name: 'llmload-plugin-fake', type: 'module', main: 'main.js' }),
  'node_modules/llmload-plugin-fake/main.js': "export default { kind: 'output', name: 'fake', apiVersion: 1, create() {} };\n",
});

describe('loadPluginModule', () => {
  it('bundles a TypeScript plugin with its own files; an array export is several plugins; each file keeps its own import.meta', async () => {
    const dir = files(path.join(tmp, 'ts-plugin'), {
      'index.ts': [
        "import { defineOutput, RecordBus } from 'llmload/plugin';",
        "import os from 'node:os';",
        "import { box } from 'shared-box';",
        "import { helperUrl, Mode } from './lib/helper.ts';",
        'const name: string = `ts-${Mode.A}`;',
        'export default [',
        '  { ...defineOutput({ apiVersion: 1, name, create: () => { throw new Error(os.EOL); } }), here: import.meta.url, helperUrl, dirname: import.meta.dirname, RecordBus, box },',
        "  { kind: 'telemetry', name: 'second', apiVersion: 1, create: () => undefined },",
        '];',
      ].join('\n'),
      'lib/helper.ts': 'export enum Mode { A = 1 }\nexport const helperUrl: string = import.meta.url;\n',
    });
    const mod = await loadPluginModule(spec('./ts-plugin', [tmp]));
    expect(mod.origin).toBe('"./ts-plugin" (--plugin)');
    expect(mod.exports).toHaveLength(2);
    const first = mod.exports[0] as Record<string, unknown>;
    expect(first).toMatchObject({ kind: 'output', name: 'ts-1', apiVersion: 1 });
    expect(first.here).toBe(pathToFileURL(path.join(dir, 'index.ts')).href);
    expect(first.helperUrl).toBe(pathToFileURL(path.join(dir, 'lib/helper.ts')).href);
    expect(first.dirname).toBe(dir);
    // `llmload/plugin` is this llmload's built entry, one instance for the engine and every plugin.
    const api = (await import(pathToFileURL(path.join(repoRoot, 'dist/plugin.js')).href)) as { RecordBus: unknown };
    expect(first.RecordBus).toBe(api.RecordBus);
  });

  it('leaves packages external by absolute path: two plugins share one instance of a package', async () => {
    files(path.join(tmp, 'p1'), { 'index.js': "import { box } from 'shared-box';\nimport * as api from 'llmload/plugin';\nexport default { box, api };\n" });
    files(path.join(tmp, 'p2'), { 'index.js': "import { box } from 'shared-box';\nimport * as api from 'llmload/plugin';\nexport default { box, api };\n" });
    const [a] = (await loadPluginModule(spec('./p1', [tmp]))).exports as { box: object; api: object }[];
    const [b] = (await loadPluginModule(spec('./p2', [tmp]))).exports as { box: object; api: object }[];
    expect(a!.box).toBe(b!.box);
    expect(a!.api).toBe(b!.api);
    expect((globalThis as { __sharedBoxLoads?: number }).__sharedBoxLoads).toBe(1);
  });

  it('resolves a package name as Node does, from each folder in turn (script folder, then working directory)', async () => {
    const empty = files(path.join(tmp, 'elsewhere'), { 'x.txt': '' });
    const mod = await loadPluginModule(spec('llmload-plugin-fake', [empty, tmp], 'LLMLOAD_PLUGINS'));
    expect(mod.exports).toEqual([expect.objectContaining({ name: 'fake', kind: 'output' })]);
    expect(await loadError(spec('llmload-plugin-nope', [empty, tmp], 'LLMLOAD_PLUGINS'))).toEqual({
      exit: 104,
      message: `plugin "llmload-plugin-nope" (LLMLOAD_PLUGINS): not found (no such package in node_modules) from ${empty} or ${tmp}`,
    });
    expect((await loadError(spec('./nowhere.ts', [tmp]))).message).toBe(`plugin "./nowhere.ts" (--plugin): not found (no such file or folder) from ${tmp}`);
  });

  it('a broken plugin is exit 104 naming it and the problem: syntax error (with file:line), throw at load, missing file, no default export', async () => {
    files(path.join(tmp, 'broken'), {
      'syntax.ts': "export default { kind: 'output', name: ;\n",
      'throws.js': "throw new Error('boom at load');\n",
      'missing.js': "import './gone.js';\nexport default {};\n",
      'nodefault.js': 'export const x = 1;\n',
    });
    const syntax = await loadError(spec('./broken/syntax.ts', [tmp]));
    expect(syntax.exit).toBe(104);
    expect(syntax.message).toMatch(/^plugin "\.\/broken\/syntax\.ts" \(--plugin\): .*syntax\.ts:1:\d+: Unexpected/);
    expect(await loadError(spec('./broken/throws.js', [tmp]))).toEqual({
      exit: 104,
      message: 'plugin "./broken/throws.js" (--plugin) failed to load: boom at load',
    });
    expect((await loadError(spec('./broken/missing.js', [tmp]))).message).toMatch(
      /^plugin "\.\/broken\/missing\.js" \(--plugin\): .*missing\.js:1:\d+: Could not resolve "\.\/gone\.js"/,
    );
    expect((await loadError(spec('./broken/nodefault.js', [tmp]))).message).toBe(
      'plugin "./broken/nodefault.js" (--plugin) has no default export (export a plugin object { apiVersion, name, kind, … } or an array of them)',
    );
  });
});

describe('plugin specs', () => {
  it('--plugin then LLMLOAD_PLUGINS, from the working directory first; options.plugins from the script folder first', () => {
    expect(upfrontSpecs(['a', './b.ts'], ' c , ,d', '/work', '/scripts')).toEqual([
      { spec: 'a', from: '--plugin', resolveDirs: ['/work', '/scripts'] },
      { spec: './b.ts', from: '--plugin', resolveDirs: ['/work', '/scripts'] },
      { spec: 'c', from: 'LLMLOAD_PLUGINS', resolveDirs: ['/work', '/scripts'] },
      { spec: 'd', from: 'LLMLOAD_PLUGINS', resolveDirs: ['/work', '/scripts'] },
    ]);
    expect(upfrontSpecs(undefined, undefined, '/w', '/w/')).toEqual([]);
    expect(optionSpecs(['x'], 'script options (s.ts)', '/work', '/scripts')).toEqual([
      { spec: 'x', from: 'options.plugins (script options (s.ts))', resolveDirs: ['/scripts', '/work'] },
    ]);
    expect(optionSpecs(['x'], 'config file', '/w', '/w')[0]!.resolveDirs).toEqual(['/w']);
  });

  it('options.plugins must be a list of names or paths', () => {
    for (const bad of ['x', [1], [''], { a: 1 }]) {
      expect(() => optionSpecs(bad, 'script options (s.ts)', '/w', '/s')).toThrow(
        'script options (s.ts): option "plugins": must be a list of package names or paths, e.g. ["llmload-plugin-foo", "./plugins/out.ts"]',
      );
    }
    expect(optionSpecs(null, 'x', '/w', '/s')).toEqual([]);
  });
});
