import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../runtime/bundle/bundle.js';
import { createStackMapper } from '../../runtime/bundle/source-map.js';
import { isLlmloadError, type LlmloadError } from '../../runtime/errors.js';
import { fixturesDir, repoRoot } from '../fixtures/scripts/_harness.js';

async function bundleError(input: Parameters<typeof bundleScript>[0]): Promise<LlmloadError> {
  try {
    await bundleScript(input);
  } catch (err) {
    if (isLlmloadError(err)) return err;
    throw err;
  }
  throw new Error('expected the bundle to fail');
}

const fixture = (name: string) => ({ file: path.join(fixturesDir, name), cwd: repoRoot });

describe('bundleScript', () => {
  it('rejects node: imports with the importing file:line:col', async () => {
    const err = await bundleError(fixture('forbidden-import.ts'));
    expect(err.code).toBe('ERR_BUNDLE');
    expect(err.exitCode).toBe(104);
    expect(err.message).toBe(
      'test/fixtures/scripts/lib-fs.ts:2:30: cannot import "node:fs": Node built-ins are not available inside a VU ' +
        '(scripts run in an isolated JavaScript engine, as in k6); use llmload/http for requests and open() for files',
    );
  });

  it('rejects bare built-in names too', async () => {
    const err = await bundleError(fixture('child-process.ts'));
    expect(err.code).toBe('ERR_BUNDLE');
    expect(err.message).toMatch(/^test\/fixtures\/scripts\/child-process\.ts:2:26: cannot import "child_process": /);
  });

  it('reports syntax errors with file:line:col', async () => {
    const err = await bundleError(fixture('syntax-error.js'));
    expect(err.code).toBe('ERR_BUNDLE');
    expect(err.message).toBe('test/fixtures/scripts/syntax-error.js:3:13: Unexpected ";"');
  });

  it('rejects unknown llmload modules and missing scripts', async () => {
    const e1 = await bundleError({ source: "\nimport x from 'llmload/nope';\nexport default () => x;", cwd: repoRoot });
    expect(e1.message).toBe(
      'stdin.ts:2:15: unknown module "llmload/nope" (llmload provides: llmload, llmload/metrics, llmload/execution, llmload/data, llmload/http, llmload/openai, llmload/encoding, llmload/timers, llmload/vu)',
    );
    const e2 = await bundleError({ file: 'nope/missing.ts', cwd: repoRoot });
    expect(e2.message).toBe('nope/missing.ts: cannot read the script (ENOENT)');
  });

  it('bundles stdin as "stdin.ts" resolved against cwd', async () => {
    const b = await bundleScript({ source: "import { check } from 'llmload';\nexport default () => check(1, { a: true });", cwd: repoRoot });
    expect(b.filename).toBe('stdin.ts');
    expect(b.scriptDir).toBe(repoRoot);
    expect(b.map.sources).toContain('stdin.ts');
    expect(b.map.sources).toContain('runtime/modules/index.ts');
    expect(b.code.startsWith('var __llmloadUser = (() => {')).toBe(true);
  });

  describe('packages from the user node_modules', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llmload-bundle-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('are bundled (CJS and ESM), and a same-named package beats a built-in', async () => {
      mkdirSync(path.join(dir, 'node_modules/left-pad-ish'), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules/left-pad-ish/package.json'), '{"name":"left-pad-ish","main":"index.js"}');
      writeFileSync(path.join(dir, 'node_modules/left-pad-ish/index.js'), 'module.exports = (s, n) => String(s).padStart(n, "0");');
      mkdirSync(path.join(dir, 'node_modules/events'), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules/events/package.json'), '{"name":"events","module":"index.mjs"}');
      writeFileSync(path.join(dir, 'node_modules/events/index.mjs'), 'export const polyfill = "events-polyfill";');
      writeFileSync(
        path.join(dir, 'script.ts'),
        "import pad from 'left-pad-ish';\nimport { polyfill } from 'events';\nexport default () => pad(7, 3) + polyfill;\n",
      );
      const b = await bundleScript({ file: 'script.ts', cwd: dir });
      expect(b.filename).toBe('script.ts');
      expect(b.code).toContain('padStart');
      expect(b.code).toContain('events-polyfill');
    });
  });

  it('maps bundle positions back to the TypeScript source', async () => {
    const b = await bundleScript(fixture('throws.ts'));
    const lines = b.code.split('\n');
    const line = lines.findIndex((l) => l.includes('bad payload')) + 1;
    const col = lines[line - 1]!.indexOf('throw') + 1;
    const mapper = createStackMapper(b);
    const mapped = mapper.map(`Error: x\n    at explode (llmload:///bundle.js:${line}:${col})`);
    expect(mapped.location).toBe('test/fixtures/scripts/throws.ts:8:3');
    expect(mapped.stack).toBe('Error: x\n    at explode (test/fixtures/scripts/throws.ts:8:3)');
  });
});
