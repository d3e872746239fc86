import { configDefaults, defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * Timing-accuracy tests (`*-accuracy.test.ts`) compare client and server
 * clocks to the millisecond, so they run after the rest, one file at a time,
 * with the two cores to themselves.
 */
export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/**/*-accuracy.test.ts'], exclude: configDefaults.exclude, fileParallelism: false },
});
