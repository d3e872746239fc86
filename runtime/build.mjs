// Builds the host runtime (CLI, scheduler, plugins) into dist/ with esbuild.
// Runs on `npm ci` (prepare) and before tests, so a fresh clone just works.
// The in-isolate modules (runtime/modules) are not built here: they are
// bundled together with each user script at run time. The entry points share
// chunks (splitting), so the CLI, the public `llmload/plugin` entry that
// third-party plugins import, and the worker threads use one instance of each
// module.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Chunk names change with their content: old ones must not linger.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [
    { in: path.join(root, 'runtime/cli/main.ts'), out: 'cli' },
    // `llmload/plugin`: the plugin API (package.json exports it).
    { in: path.join(root, 'runtime/plugin-api/index.ts'), out: 'plugin' },
    // Worker threads' scripts, started from dist/ (runtime/mock/worker.ts, runtime/tokenizers/count-thread.ts).
    { in: path.join(root, 'runtime/mock/worker-main.ts'), out: 'mock-worker' },
    { in: path.join(root, 'runtime/tokenizers/count-worker.ts'), out: 'count-worker' },
  ],
  outdir: path.join(root, 'dist'),
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
