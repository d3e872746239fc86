// Runs bench/vu-path.ts (it imports the runtime's TypeScript sources): bundled
// with esbuild to a temporary file, then run in a child with --no-node-snapshot
// (isolated-vm needs it). `node bench/vu-path.mjs [script] [seconds]`.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'node_modules', '.cache', `vu-path-${process.pid}.mjs`);
try {
  await build({
    entryPoints: [path.join(root, 'bench/vu-path.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  execFileSync(process.execPath, ['--no-node-snapshot', out, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
} finally {
  rmSync(out, { force: true });
}
