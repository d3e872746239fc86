import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { checkPluginImports, pluginRoot } from '../support/plugin-imports.js';

/**
 * Issue 13: every plugin under plugins/ (built-ins and examples) imports only
 * `llmload/plugin` (`llmload/vu` in a VU half), its own folder's files, Node
 * built-ins and declared npm packages. The same check must catch a plugin
 * that reaches into the runtime (test/fixtures/plugins/violation).
 */
describe('plugin import boundary', () => {
  it('holds for every plugin in this repository', () => {
    const { checked, violations } = checkPluginImports(repoRoot);
    expect(checked).toBeGreaterThan(50);
    expect(violations.map((v) => `${v.file}: "${v.specifier}" ${v.problem}`)).toEqual([]);
  });

  it('fails on a plugin that imports a runtime internal, another plugin, the wrong half or an undeclared package', () => {
    const found = checkPluginImports(path.join(repoRoot, 'test/fixtures/plugins/violation')).violations.map((v) => `${v.file}: "${v.specifier}" ${v.problem}`);
    expect(found).toEqual([
      'plugins/endpoints/leaky/index.js: "../../../runtime/errors.js" reaches outside its plugin folder plugins/endpoints/leaky (to runtime/errors.js)',
      'plugins/endpoints/leaky/vu.js: "node:fs" a VU half runs in the isolate, which has no Node built-ins',
      'plugins/endpoints/leaky/vu.js: "llmload/plugin" a VU half (it imports llmload/vu) runs in the isolate: llmload/plugin is for the host half',
      'plugins/outputs/sideways.js: "../endpoints/leaky/helper.js" reaches outside its plugin folder plugins/outputs (to plugins/endpoints/leaky/helper.js)',
      'plugins/outputs/sideways.js: "left-pad" package "left-pad" is not a declared dependency (package.json "dependencies")',
      'plugins/outputs/sideways.js: "llmload/vu" only llmload/plugin is public to a host half (llmload/vu is for the VU half of an endpoint plugin)',
      'plugins/outputs/sideways.js: "@scope/thing/deep" package "@scope/thing" is not a declared dependency (package.json "dependencies")',
      'plugins/stray.js: "" is not inside a plugin folder (plugins/executors, outputs, telemetry, endpoints/<name>, examples/<name>)',
    ]);
  });

  it('knows the plugin folders', () => {
    const p = (rel: string) => pluginRoot(rel.split('/').join(path.sep));
    expect([
      p('plugins/outputs/influxdb/shipper.ts'),
      p('plugins/endpoints/openai/index.ts'),
      p('plugins/examples/kserve/vu/client.ts'),
      p('plugins/endpoints/x.ts'),
      p('runtime/run.ts'),
    ]).toEqual(['plugins/outputs', 'plugins/endpoints/openai', 'plugins/examples/kserve', undefined, undefined]);
  });
});

/**
 * Issue 13: the engine does not load the mock server. Only the products that
 * start it (run-mock.ts for `--mock`, the API's startMock(), the CLI's `mock`
 * command and `--mock-opt` flags) import it at run time; type-only imports
 * are free.
 */
describe('engine / mock boundary', () => {
  const STARTERS = new Set(['runtime/run-mock.ts', 'runtime/api/mock.ts']);
  const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm;

  function offenders(root: string): string[] {
    const out: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const abs = path.join(dir, name);
        if (statSync(abs).isDirectory()) {
          if (name !== 'mock') walk(abs);
          continue;
        }
        const rel = path.relative(repoRoot, abs).split(path.sep).join('/');
        if (!rel.endsWith('.ts') || STARTERS.has(rel) || rel.startsWith('runtime/cli/')) continue;
        for (const m of readFileSync(abs, 'utf8').matchAll(VALUE_IMPORT)) {
          const target = path.relative(repoRoot, path.resolve(dir, m[1]!)).split(path.sep).join('/');
          if (m[1]!.startsWith('.') && target.startsWith('runtime/mock/')) out.push(`${rel} → ${target}`);
        }
      }
    };
    walk(root);
    return out;
  }

  it('holds: no engine file imports runtime/mock at run time', () => {
    expect(offenders(path.join(repoRoot, 'runtime'))).toEqual([]);
  });

  it('would catch a value import of the mock', () => {
    const src = "import type { A } from './mock/options.js';\nimport { warm } from './mock/openai-format.js';\n";
    expect([...src.matchAll(VALUE_IMPORT)].map((m) => m[1])).toEqual(['./mock/openai-format.js']);
  });
});
