/**
 * Vitest globalSetup: the e2e tests spawn dist/cli.js and import dist/api.js,
 * so a dist/ older than the sources would silently test old code. When any
 * source the build reads is newer than the build, it is rebuilt (a note says
 * so); a build that fails fails the test run.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** What dist/ is built from (all of runtime/: a host file may import a module's shared code). */
const SOURCES = ['runtime', 'plugins', 'package.json'];
/** Files every build writes; the oldest one dates the build. */
export const OUTPUTS = ['cli.js', 'plugin.js', 'api.js', 'vitest.js', 'mock-worker.js', 'count-worker.js'];

/** Newest mtime (ms) of the source files under `p`. */
export function newestSource(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return /\.(ts|mjs|js|json)$/.test(p) ? st.mtimeMs : 0;
  let newest = 0;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestSource(path.join(p, name)));
  return newest;
}

/** mtime (ms) of the build: its oldest output; 0 when one is missing. */
export function buildTime(dist = path.join(root, 'dist')): number {
  let oldest = Infinity;
  for (const f of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(path.join(dist, f)).mtimeMs);
    } catch {
      return 0;
    }
  }
  return oldest;
}

export default function setup(): void {
  const sources = Math.max(...SOURCES.map((s) => newestSource(path.join(root, s))));
  if (buildTime() >= sources) return;
  process.stderr.write('dist/ is older than the sources: rebuilding (node runtime/build.mjs)\n');
  execFileSync(process.execPath, [path.join(root, 'runtime/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (buildTime() < sources) throw new Error('dist/ is still older than the sources after node runtime/build.mjs');
}
