import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // The top level of the repository is fixed, so the config lives here.
  root: fileURLToPath(new URL('..', import.meta.url)),
  // The built-in plugins import the plugin API by its public name (package.json exports it).
  // llmload/api and llmload/vitest are tested as users get them: the built dist/ (fresh-build.ts keeps it current).
  resolve: {
    alias: {
      'llmload/plugin': fileURLToPath(new URL('../runtime/plugin-api/index.ts', import.meta.url)),
      'llmload/api': fileURLToPath(new URL('../dist/api.js', import.meta.url)),
      'llmload/vitest': fileURLToPath(new URL('../dist/vitest.js', import.meta.url)),
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The e2e tests run dist/: it is rebuilt first when a source is newer.
    globalSetup: ['test/support/fresh-build.ts'],
    // Millisecond timing checks run alone afterwards (vitest.accuracy.config.ts).
    exclude: [...configDefaults.exclude, 'test/**/*-accuracy.test.ts'],
    // isolated-vm needs --no-node-snapshot on Node >= 20; forks can pass it.
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
