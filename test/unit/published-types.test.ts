/**
 * The published declarations (types/) are generated from the module sources
 * by runtime/build-types.mjs; its --check (in `npm run typecheck`) is what
 * keeps them in step. These tests run it on a copy of the package and show it
 * failing when a module's implementation and its published types disagree.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../fixtures/scripts/_harness.js';
import table from '../../runtime/module-table.json' with { type: 'json' };

const script = path.join(repoRoot, 'runtime/build-types.mjs');

describe('the published types check', () => {
  let copy: string;
  const run = (...args: string[]) => spawnSync(process.execPath, [script, '--root', copy, '--only', 'llmload/timers', ...args], { encoding: 'utf8' });
  const edit = (file: string, from: string, to: string) => {
    const abs = path.join(copy, file);
    const text = readFileSync(abs, 'utf8');
    expect(text).toContain(from);
    writeFileSync(abs, text.replace(from, to));
  };

  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'llmload-published-types-'));
    for (const p of ['package.json', 'tsconfig.json', 'runtime/module-table.json', 'runtime/modules', 'types']) {
      cpSync(path.join(repoRoot, p), path.join(copy, p), { recursive: true });
    }
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it('passes on an unchanged copy', () => {
    const r = run('--check');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);

  it('fails when an implementation changes a signature and its types are not regenerated', () => {
    edit('runtime/modules/timers.ts', 'export const setTimeout = (fn: TimerFn, ms?: number,', 'export const setTimeout = (fn: TimerFn, ms: number,');
    const r = run('--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('types/timers.d.ts does not match its source');
    expect(r.stderr).toContain('export declare const setTimeout: (fn: TimerFn, ms: number');
    // Regenerating is the fix.
    expect(run().status).toBe(0);
    expect(run('--check').status).toBe(0);
    expect(readFileSync(path.join(copy, 'types/timers.d.ts'), 'utf8')).toContain('setTimeout: (fn: TimerFn, ms: number, ...args: unknown[]) => number;');
  }, 60_000);

  it('fails when the published types are edited by hand', () => {
    edit('types/timers.d.ts', 'export declare const clearTimeout: (id: number) => void;', 'export declare const clearTimeout: (id: string) => void;');
    const r = run('--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('types/timers.d.ts does not match its source');
  }, 60_000);

  it('fails when types/ holds a hand-kept file the table does not generate', () => {
    run();
    writeFileSync(path.join(copy, 'types/extra.d.ts'), 'export declare function extra(): void;\n');
    const r = run('--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('types/extra.d.ts is neither generated (runtime/module-table.json) nor hand-written');
    rmSync(path.join(copy, 'types/extra.d.ts'));
  }, 60_000);

  it("fails when package.json's exports do not match the module table", () => {
    run();
    edit('package.json', '"./timers": {', '"./timers-renamed": {');
    const r = run('--check');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('package.json "exports" does not match runtime/module-table.json');
  }, 60_000);
});

describe('the module table', () => {
  it('is what the type test script imports: every script module and its k6 name', () => {
    const uses = readFileSync(path.join(repoRoot, 'test/types/every-module.ts'), 'utf8');
    for (const m of table.script) {
      expect(uses).toContain(`from '${m.name}';`);
      if ('k6' in m) expect(uses).toContain(`from '${m.k6}';`);
    }
  });
});
