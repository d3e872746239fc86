import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleScript } from '../../runtime/bundle/bundle.js';
import { buildArchive, localDigest, unpackArchive } from '../../runtime/distributed/archive.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-archive-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A script and a helper it imports, mounted as Kubernetes mounts a ConfigMap: symlinks into a timestamped dir. */
function configMapLayout(name: string, stamp: string, helper = 'export const n = 1;\n'): string {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, stamp), { recursive: true });
  writeFileSync(path.join(dir, stamp, 'scenario.ts'), "import { n } from './helper.ts';\nexport default function () { return n; }\n");
  writeFileSync(path.join(dir, stamp, 'helper.ts'), helper);
  writeFileSync(path.join(dir, stamp, 'prompts.txt'), 'hello\n');
  symlinkSync(stamp, path.join(dir, '..data'));
  for (const f of ['scenario.ts', 'helper.ts', 'prompts.txt']) symlinkSync(path.join('..data', f), path.join(dir, f));
  return path.join(dir, 'scenario.ts');
}

describe('the distributed archive', () => {
  it('keeps the paths the script was given by, so another pod with another mount finds the same files', async () => {
    const script = configMapLayout('coordinator', '..2026_12_02_01');
    const bundle = await bundleScript({ file: script, cwd: path.dirname(script) });
    const archive = buildArchive(bundle, [path.join(path.dirname(script), 'prompts.txt')]);
    expect(archive.entry).toBe('scenario.ts');
    expect(archive.files.map((f) => f.path).sort()).toEqual(['helper.ts', 'prompts.txt', 'scenario.ts']);

    // An agent pod: the same ConfigMap under another timestamp: same digest. A changed helper: another.
    expect(localDigest(archive, configMapLayout('agent', '..2026_12_02_77'))).toBe(archive.digest);
    expect(localDigest(archive, configMapLayout('stale', '..2026_12_01_00', 'export const n = 2;\n'))).not.toBe(archive.digest);
    // Another script beside the same files: another digest.
    const other = path.join(path.dirname(script), 'other.ts');
    writeFileSync(other, 'export default function () {}\n');
    expect(localDigest(archive, other)).not.toBe(archive.digest);

    // Unpacked, the files are back with their contents.
    const out = path.join(tmp, 'unpacked');
    const entry = await unpackArchive(archive, out);
    expect(entry).toBe(path.join(out, 'scenario.ts'));
    expect(readFileSync(path.join(out, 'helper.ts'), 'utf8')).toBe('export const n = 1;\n');
  });

  it('refuses an archive whose files do not match their digest, or that writes outside its folder', async () => {
    const script = configMapLayout('tamper', '..2026_12_02_02');
    const archive = buildArchive(await bundleScript({ file: script, cwd: path.dirname(script) }), []);
    const changed = { ...archive, files: archive.files.map((f) => ({ ...f, data: Buffer.from('x').toString('base64') })) };
    await expect(unpackArchive(changed, path.join(tmp, 'u2'))).rejects.toThrow(/digest/);
    const escaping = { ...archive, files: [{ path: '../evil.ts', data: '' }] };
    await expect(unpackArchive(escaping, path.join(tmp, 'u3'))).rejects.toThrow(/leaves the archive/);
  });
});
