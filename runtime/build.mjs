// Builds the host runtime (CLI, scheduler, plugins) into dist/ with esbuild.
// Runs on `npm ci` (prepare) and before tests, so a fresh clone just works.
// The in-isolate modules (runtime/modules) are not built here: they are
// bundled together with each user script at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await build({
  entryPoints: [
    { in: path.join(root, 'runtime/cli/main.ts'), out: 'cli' },
    // The token-counting thread's script (runtime/tokenizers/count-thread.ts starts it from dist/).
    { in: path.join(root, 'runtime/tokenizers/count-worker.ts'), out: 'count-worker' },
  ],
  outdir: path.join(root, 'dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
