import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lazyPackage } from '../../runtime/plugin-api/lazy-package.js';
import { repoRoot } from '../support/cli.js';

/**
 * Issue 14 (start-up): the packages only some runs use are loaded at first
 * use (lazyPackage), and esbuild and babel with require. A value import of
 * one of them anywhere in the engine or the built-in plugins would load it
 * in every start and every thread again.
 */
const LAZY = [
  '@babel/parser',
  '@huggingface/jinja',
  '@huggingface/tokenizers',
  '@influxdata/influxdb-client',
  'csv-parse',
  'esbuild',
  'jstat',
  'magic-string',
  'parse-prometheus-text-format',
  'tough-cookie',
  'yaml',
];

/** `import x from 'p'`, `import { a } from 'p/sub'`, `export … from 'p'`, `import('p')`; not `import type` or `typeof import('p')`. */
const VALUE_IMPORT = /(?:^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+|(?<!typeof\s+)\bimport\(\s*)'([^'.][^']*)'/gm;

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function eagerImports(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.d.ts')) continue;
    const abs = path.join(entry.parentPath, entry.name);
    for (const m of readFileSync(abs, 'utf8').matchAll(VALUE_IMPORT)) {
      if (LAZY.includes(packageOf(m[1]!))) out.push(`${path.relative(repoRoot, abs)}: ${m[1]}`);
    }
  }
  return out;
}

describe('packages loaded at first use', () => {
  it('are never imported eagerly by the engine or the built-in plugins', () => {
    expect([...eagerImports(path.join(repoRoot, 'runtime')), ...eagerImports(path.join(repoRoot, 'plugins'))]).toEqual([]);
  });

  it('the check would catch an eager import, and lets type imports by', () => {
    const src = [
      "import type * as Y from 'yaml';",
      "import YAML from 'yaml';",
      "import { parse } from 'csv-parse/sync';",
      "const { build } = await import('esbuild');",
      "import { request } from 'undici';",
      "type T = typeof import('esbuild').transform;",
    ].join('\n');
    expect([...src.matchAll(VALUE_IMPORT)].map((m) => m[1]).filter((s) => LAZY.includes(packageOf(s!)))).toEqual(['yaml', 'csv-parse/sync', 'esbuild']);
  });

  it('loads a package once, at its first use, from the caller', () => {
    const load = lazyPackage<typeof import('yaml')>(import.meta.url, 'yaml');
    const first = load();
    expect(first.parse('a: 1')).toEqual({ a: 1 });
    expect(load()).toBe(first);
    expect(() => lazyPackage(import.meta.url, 'no-such-package-llmload')()).toThrow(/Cannot find module 'no-such-package-llmload'/);
  });
});
