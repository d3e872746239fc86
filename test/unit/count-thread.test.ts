import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountThread } from '../../runtime/tokenizers/count-thread.js';
import { getTokenizer } from '../../runtime/tokenizers/index.js';
import { CORPUS } from '../../runtime/workloads/corpus.js';

/**
 * The counting thread (runtime/tokenizers/count-thread.ts) gives the numbers
 * the main thread would, loads tokenizers by their `source`, and fails as
 * LlmloadErrors. Its script is built here the way runtime/build.mjs builds
 * dist/count-worker.js (a worker cannot run TypeScript).
 */
const root = path.resolve(import.meta.dirname, '../..');
// Inside the repository, so the bundle's imports of packages resolve to node_modules.
mkdirSync(path.join(root, 'dist'), { recursive: true });
const outDir = mkdtempSync(path.join(root, 'dist', '.count-thread-test-'));
let entry: URL;

beforeAll(async () => {
  const outfile = path.join(outDir, 'count-worker.js');
  await build({
    entryPoints: [path.join(root, 'runtime/tokenizers/count-worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  entry = pathToFileURL(outfile);
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const randomLetters = (n: number) => Array.from({ length: n }, () => LETTERS[Math.floor(Math.random() * 26)]).join('');

describe('CountThread', () => {
  it('counts as the main thread does, with built-in encodings and a tokenizer.json', async () => {
    const thread = new CountThread(entry);
    try {
      const texts = [CORPUS, '', 'y'.repeat(300_000), randomLetters(50_000), '!?'.repeat(20_000), 'a <|endoftext|> b'];
      for (const spec of ['default', 'cl100k_base', 'test/fixtures/tokenizers/bpe-small']) {
        const tok = getTokenizer(spec, root);
        expect(tok.source).toBeDefined();
        expect(await thread.count(tok.source!, texts)).toEqual(texts.map((t) => tok.count(t)));
      }
    } finally {
      await thread.close();
    }
  });

  it("refuses a tokenizer it cannot load with the loader's error", async () => {
    const thread = new CountThread(entry);
    try {
      await expect(thread.count('/nope/tokenizer.json', ['x'])).rejects.toMatchObject({
        name: 'LlmloadError',
        code: 'ERR_INVALID_OPTION',
        message: expect.stringContaining('cannot read'),
      });
      // The thread is still usable.
      expect(await thread.count('o200k_base', ['Hello world'])).toEqual([2]);
    } finally {
      await thread.close();
    }
  });

  it('close() stops a count in progress; later counts are refused', async () => {
    const thread = new CountThread(entry);
    await thread.count('o200k_base', ['warm']);
    const long = expect(thread.count('o200k_base', [randomLetters(4 << 20)])).rejects.toMatchObject({
      code: 'ERR_INTERNAL',
      message: 'token counting stopped: the run ended',
    });
    await thread.close();
    await long;
    expect(thread.closed).toBe(true);
    await expect(thread.count('o200k_base', ['x'])).rejects.toThrow(/stopped/);
  });

  it('a worker script that cannot run fails every count as ERR_INTERNAL', async () => {
    const thread = new CountThread(pathToFileURL(path.join(outDir, 'missing.js')));
    await expect(thread.count('o200k_base', ['x'])).rejects.toMatchObject({ code: 'ERR_INTERNAL', message: expect.stringContaining('token counting thread') });
    await expect(thread.count('o200k_base', ['x'])).rejects.toMatchObject({ code: 'ERR_INTERNAL' });
    expect(thread.closed).toBe(false);
  });
});
