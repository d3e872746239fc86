// Builds the host runtime (CLI, scheduler, plugins) into dist/ with esbuild.
// Runs on `npm ci` (prepare) and before tests, so a fresh clone just works.
// The in-isolate modules (runtime/modules) are not built here: they are
// bundled together with each user script at run time. The entry points share
// chunks (splitting), so the CLI, the public entries (`llmload/plugin` that
// third-party plugins import, `llmload/api`, `llmload/vitest`) and the worker
// threads use one instance of each module.
import { renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');
// Built next to dist/ and swapped in: chunk names change with their content, so
// old ones must not linger, and a test run reading dist/ meanwhile never finds it half-written.
const fresh = path.join(root, `.dist-${process.pid}`);
rmSync(fresh, { recursive: true, force: true });
process.on('exit', () => rmSync(fresh, { recursive: true, force: true })); // a failed build leaves nothing
await build({
  entryPoints: [
    { in: path.join(root, 'runtime/cli/main.ts'), out: 'cli' },
    // `llmload/plugin`: the plugin API (package.json exports it).
    { in: path.join(root, 'runtime/plugin-api/index.ts'), out: 'plugin' },
    // `llmload/api` (run(), startMock()) and `llmload/vitest` (matchers; imports vitest itself).
    { in: path.join(root, 'runtime/api/index.ts'), out: 'api' },
    { in: path.join(root, 'runtime/api/vitest.ts'), out: 'vitest' },
    // Worker threads' scripts, started from dist/ (runtime/mock/worker.ts, runtime/tokenizers/count-thread.ts, runtime/threads/run-threads.ts).
    { in: path.join(root, 'runtime/mock/worker-main.ts'), out: 'mock-worker' },
    { in: path.join(root, 'runtime/tokenizers/count-worker.ts'), out: 'count-worker' },
    { in: path.join(root, 'runtime/threads/worker-main.ts'), out: 'run-worker' },
  ],
  outdir: fresh,
  splitting: true,
  // The built-in plugins import the plugin API by its public name.
  alias: { 'llmload/plugin': path.join(root, 'runtime/plugin-api/index.ts') },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
const stale = path.join(root, `.dist-old-${process.pid}`);
try {
  renameSync(dist, stale);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
renameSync(fresh, dist);
rmSync(stale, { recursive: true, force: true });
