import { randomBytes } from 'node:crypto';

/**
 * A run id, sortable by start time so a dashboard's run selector lists the
 * newest first: `20250102-030405-a1b2` (UTC). Every run has one: the
 * `testid` run tag when the options set it, else this, decided once by the
 * run and given to its outputs (`OutputContext.testid`) and to `run()`'s result.
 */
export function generateTestId(now: Date = new Date()): string {
  const iso = now.toISOString(); // 2025-01-02T03:04:05.678Z
  const stamp = iso.slice(0, 10).replace(/-/g, '') + '-' + iso.slice(11, 19).replace(/:/g, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/** The run's id: the `testid` tag when set (`--tag testid=…`, `options.tags`), else `generated`. */
export function testIdOf(runTags: Readonly<Record<string, string>>, generated: string): string {
  return runTags.testid ? runTags.testid : generated;
}
