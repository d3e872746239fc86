// The warning about I/O an iteration started and never awaited names the line
// that started it: on the first occurrence when it comes among a VU's first
// host calls, and on its next occurrence after that (sites are captured
// lazily, as capturing one costs about as much as the rest of a request).
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundleScript } from '../../runtime/bundle/bundle.js';
import { createVuFactory, type VuFactory } from '../../runtime/vu/factory.js';
import type { IterationInfo } from '../../runtime/vu/types.js';
import { repoRoot } from '../fixtures/scripts/_harness.js';

const file = path.join(repoRoot, 'test/fixtures/dangling/unawaited-sleep.ts');
let factory: VuFactory | undefined;
afterEach(() => {
  factory?.dispose();
  factory = undefined;
});

async function load(from: number) {
  const bundle = await bundleScript({ file, cwd: repoRoot });
  const warnings: string[] = [];
  const env = { FROM: String(from) };
  factory = await createVuFactory(bundle, {
    sink: { push: () => undefined },
    defineMetric: () => undefined,
    runTags: {},
    env,
    scriptDir: bundle.scriptDir,
    log: () => undefined,
    warn: (m) => warnings.push(m),
  });
  const vu = await factory.createVu(1);
  const info = (iter: number): IterationInfo => ({
    exec: 'default',
    scenario: { name: 'default', executor: 'per-vu-iterations', startTime: Date.now(), progress: 0, iterationInTest: iter },
    iterationInScenario: iter,
    tags: { scenario: 'default' },
    env,
  });
  return { vu, info, warnings };
}

const SITE = /started at test\/fixtures\/dangling\/unawaited-sleep\.ts:5:\d+ was still running/;

describe('un-awaited I/O', () => {
  it('is reported with its line on its first occurrence, once per site', async () => {
    const { vu, info, warnings } = await load(0);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      expect(await vu.iterate(info(i), undefined)).toEqual({ status: 'ok' });
      // The VU waited for it before its next iteration.
      expect(performance.now() - t0).toBeGreaterThanOrEqual(18);
    }
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(SITE);
  });

  it('first seen after the VU stopped capturing call sites: reported with its line where it recurs', async () => {
    const from = 70; // one host call per iteration before: past the captured first 64
    const { vu, info, warnings } = await load(from);
    for (let i = 0; i <= from; i++) expect(await vu.iterate(info(i), undefined)).toEqual({ status: 'ok' });
    expect(warnings).toEqual([]);
    expect(await vu.iterate(info(from + 1), undefined)).toEqual({ status: 'ok' });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(SITE);
  });
});
