import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  // The top level of the repository is fixed, so the config lives here.
  root: fileURLToPath(new URL('..', import.meta.url)),
  // The built-in plugins import the plugin API by its public name (package.json exports it).
  resolve: { alias: { 'llmload/plugin': fileURLToPath(new URL('../runtime/plugin-api/index.ts', import.meta.url)) } },
  test: {
    include: ['test/**/*.test.ts'],
    // Millisecond timing checks run alone afterwards (vitest.accuracy.config.ts).
    exclude: [...configDefaults.exclude, 'test/**/*-accuracy.test.ts'],
    // isolated-vm needs --no-node-snapshot on Node >= 20; forks can pass it.
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
