// The stale-build guard of the test setup (test/support/fresh-build.ts): a dist/ older than any source,
// or missing an entry, is stale.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTime, newestSource, OUTPUTS } from '../support/fresh-build.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(sourceAt: number, builtAt: number): { src: string; dist: string } {
  dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-fresh-'));
  const src = path.join(dir, 'runtime');
  mkdirSync(path.join(src, 'deep'), { recursive: true });
  for (const [f, at] of [
    ['a.ts', sourceAt - 50],
    ['deep/b.ts', sourceAt],
    ['notes.txt', sourceAt + 1000],
  ] as const) {
    writeFileSync(path.join(src, f), '');
    utimesSync(path.join(src, f), at, at);
  }
  const dist = path.join(dir, 'dist');
  mkdirSync(dist);
  for (const f of OUTPUTS) {
    writeFileSync(path.join(dist, f), '');
    utimesSync(path.join(dist, f), builtAt, builtAt);
  }
  return { src, dist };
}

describe('stale dist/ detection', () => {
  it('the newest source file counts (non-sources ignored); the oldest output dates the build', () => {
    const { src, dist } = tree(2_000_000, 1_000_000);
    expect(newestSource(src)).toBe(2_000_000_000);
    expect(buildTime(dist)).toBe(1_000_000_000);
    expect(buildTime(dist) < newestSource(src)).toBe(true);
  });

  it('a build newer than every source is fresh; one missing an entry is not', () => {
    const { src, dist } = tree(1_000_000, 2_000_000);
    expect(buildTime(dist) >= newestSource(src)).toBe(true);
    rmSync(path.join(dist, 'api.js'));
    expect(buildTime(dist)).toBe(0);
  });
});
