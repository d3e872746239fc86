// Runs a benchmark written in TypeScript that imports the runtime's sources
// (bench/vu-path.ts, bench/endpoint-path.ts): bundled with esbuild to a
// temporary file, then run in a child with --no-node-snapshot (isolated-vm
// needs it). `node bench/run-ts.mjs bench/vu-path.ts [args]`; PROFILE_DIR=dir
// adds --cpu-prof.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith('.ts')) throw new Error('usage: node bench/run-ts.mjs bench/<benchmark>.ts [args]');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'node_modules', '.cache', `bench-${process.pid}.mjs`);
const prof = process.env.PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_DIR}`] : [];
try {
  await build({
    entryPoints: [path.resolve(entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: out,
    logLevel: 'error',
  });
  execFileSync(process.execPath, [...prof, '--no-node-snapshot', out, ...args], { cwd: root, stdio: 'inherit' });
} finally {
  rmSync(out, { force: true });
}
