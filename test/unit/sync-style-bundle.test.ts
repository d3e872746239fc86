// The synchronous-style transform inside the real bundler: which files are read, refusals, stdin, source maps.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../runtime/bundle/bundle.js';
import { llmloadPlugin } from '../../runtime/bundle/resolve-modules.js';
import { loadProgram } from '../../runtime/bundle/sync-style/graph.js';
import { isLlmloadError } from '../../runtime/errors.js';
import { repoRoot } from '../fixtures/scripts/_harness.js';

const dir = path.join(repoRoot, 'test/fixtures/sync-style');

describe('the files the transform reads', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'llmload-sync-graph-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
    writeFileSync(path.join(tmp, file), text);
  };

  it("user files and the packages that use k6/llmload (directly or not); never other packages or llmload's modules", async () => {
    write(
      'main.ts',
      "import { a } from './lib';\nimport { retry } from './util';\nimport b from 'uses-k6';\nimport c from 'plain';\nimport d from 'via';\nexport default () => retry(() => a() + b() + c() + d());\n",
    );
    write('lib.ts', "import http from 'k6/http';\nexport const a = () => http.get('x').status;\n");
    write('util.ts', 'export function retry(fn) { return fn(); }\n');
    write('data.json', '{"a": 1}');
    write('node_modules/uses-k6/package.json', '{"name":"uses-k6","main":"index.js"}');
    write('node_modules/uses-k6/index.js', "import { sleep } from 'llmload';\nexport default function () { sleep(1); return 1; }\n");
    write('node_modules/plain/package.json', '{"name":"plain","main":"index.js"}');
    write('node_modules/plain/index.js', 'export default function () { return 2; }\n');
    write('node_modules/via/package.json', '{"name":"via","main":"index.js"}');
    write('node_modules/via/index.js', "import f from 'uses-k6';\nexport default function () { return f(); }\n");
    const opts: BuildOptions = {
      entryPoints: [path.join(tmp, 'main.ts')],
      bundle: true,
      write: false,
      platform: 'neutral',
      absWorkingDir: tmp,
      mainFields: ['module', 'main'],
      plugins: [llmloadPlugin()],
    };
    const inputs = await loadProgram(opts, 'none');
    expect(inputs!.map((i) => i.key).sort()).toEqual(['lib.ts', 'main.ts', 'node_modules/uses-k6/index.js', 'node_modules/via/index.js', 'util.ts']);
    const main = inputs!.find((i) => i.key === 'main.ts')!;
    expect(main).toMatchObject({ display: 'main.ts', mapSource: 'main.ts', typescript: true });
    expect(main.imports).toMatchObject({
      './lib': 'lib.ts',
      './util': 'util.ts',
      'uses-k6': 'node_modules/uses-k6/index.js',
      plain: 'node_modules/plain/index.js',
    });
    // The whole program through the real bundler: the package that sleeps and the one that calls it became async, retry awaits.
    const b = await bundleScript({ file: 'main.ts', cwd: tmp });
    expect(b.code).toContain('async function uses_k6_default() {\n    await sleep(1);');
    expect(b.code).toContain('async function via_default() {\n    return await uses_k6_default();');
    expect(b.code).toContain('async function retry(fn) {\n    return await fn();');
    expect(b.code).toMatch(/function plain_default\(\) {\n\s+return 2;/);
    expect(b.map.sources).toEqual(expect.arrayContaining(['main.ts', 'lib.ts', 'util.ts', 'node_modules/uses-k6/index.js']));
  });

  it('a file esbuild reads but the transform cannot (decorators) is refused when it uses k6, not skipped', async () => {
    write(
      'deco.ts',
      "import http from 'k6/http';\nconst dec = (..._a: unknown[]) => undefined;\nclass A {\n  @dec m() { return http.get('x'); }\n}\nexport default () => new A().m();\n",
    );
    const err = await bundleScript({ file: 'deco.ts', cwd: tmp }).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'deco.ts:4:3: experimental syntax is not supported in a script that uses k6/llmload: llmload reads such scripts to make their blocking calls awaitable (decorators, for one, cannot be read)',
    );
    write('deco-plain.ts', 'const dec = (..._a: unknown[]) => undefined;\nclass A {\n  @dec m() { return 1; }\n}\nexport default () => new A().m();\n');
    await expect(bundleScript({ file: 'deco-plain.ts', cwd: tmp })).resolves.toMatchObject({ filename: 'deco-plain.ts' });
  });

  it('a script that fails the first pass is left to the real build, which reports the error', async () => {
    write('bad.ts', "import fs from 'node:fs';\nexport default () => fs;\n");
    const err = await bundleScript({ file: 'bad.ts', cwd: tmp }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^bad\.ts:1:16: cannot import "node:fs"/);
  });
});

describe('bundle errors', () => {
  it('a request in a constructor is ERR_BUNDLE at its file:line:col', async () => {
    const err = await bundleScript({ file: path.join(dir, 'ctor-request.ts'), cwd: repoRoot }).catch((e: unknown) => e);
    expect(isLlmloadError(err) && err.code).toBe('ERR_BUNDLE');
    expect((err as Error).message).toBe(
      'test/fixtures/sync-style/ctor-request.ts:6:5: http.get() in a class constructor is not supported: it waits for I/O, and a constructor cannot be async (move the request into a method and call it after construction)',
    );
  });

  it('stdin scripts are transformed too, and their refusals carry "stdin.ts"', async () => {
    const ok = await bundleScript({ source: "import http from 'k6/http';\nexport default function () { http.get('x'); }\n", cwd: repoRoot });
    expect(ok.code).toMatch(/async function stdin_default\(\) {\n\s+await http_default.get\("x"\);/);
    expect(ok.map.sources).toContain('stdin.ts');
    const err = await bundleScript({ source: "import { sleep } from 'k6';\nfunction* g() {\n  yield sleep(1);\n}\nexport default g;\n", cwd: repoRoot }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toMatch(/^stdin\.ts:3:9: sleep\(\) in a generator function is not supported: /);
  });

  it("syntax errors are still esbuild's, at the user's line", async () => {
    const err = await bundleScript({ source: "import http from 'k6/http';\nexport default function () {\n  http.get(;\n}\n", cwd: repoRoot }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('stdin.ts:3:12: Unexpected ";"');
  });
});
