// k6-style (synchronous) scripts bundled and run in real VUs against a local HTTP server.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleScript, type ScriptBundle } from '../../runtime/bundle/bundle.js';
import { createStackMapper } from '../../runtime/bundle/source-map.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { createVuFactory, type VuFactory } from '../../runtime/vu/factory.js';
import { httpEndpoint } from '../../plugins/endpoints/http/index.js';
import { endpointsOf } from '../support/endpoints.js';
import type { IterationInfo } from '../../runtime/vu/types.js';
import { repoRoot } from '../fixtures/scripts/_harness.js';
import { startTestServer, type TestServer } from '../support/http-server.js';

const dir = path.join(repoRoot, 'test/fixtures/sync-style');
let server: TestServer;
let factory: VuFactory | undefined;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(() => {
  factory?.dispose();
  factory = undefined;
});

async function load(file: string) {
  const bundle = await bundleScript({ file: path.join(dir, file), cwd: repoRoot });
  const samples: Sample[] = [];
  const env = { BASE_URL: server.url };
  factory = await createVuFactory(
    bundle,
    {
      sink: { push: (s) => samples.push(s) },
      defineMetric: () => undefined,
      runTags: { run: 'r1' },
      env,
      scriptDir: bundle.scriptDir,
      log: () => undefined,
    },
    { endpoints: endpointsOf([httpEndpoint]) },
  );
  return { bundle, samples, vu: await factory.createVu(1) };
}

let inTest = 0;
function info(iter: number, exec = 'default'): IterationInfo {
  const scenario = { name: 'default', executor: 'per-vu-iterations', startTime: Date.now(), progress: 0, iterationInTest: inTest++ };
  return { exec, scenario, iterationInScenario: iter, tags: { scenario: 'default' }, env: { BASE_URL: server.url } };
}

describe('a k6 script, unchanged', () => {
  it('runs its requests in order, with checks, group tags and sleep', async () => {
    const { samples, vu } = await load('k6-style.ts');
    const before = server.requests;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      expect(await vu.iterate(info(i), undefined)).toEqual({ status: 'ok' });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(95); // sleep(0.1) was awaited
    }
    expect(server.requests - before).toBe(6);
    const of = (metric: string) => samples.filter((s) => s.metric === metric);
    expect(of('http_reqs').map((s) => s.tags.group)).toEqual(['::g', '', '::g', '', '::g', '']);
    expect(of('http_req_duration').every((s) => s.value > 0)).toBe(true);
    expect(of('checks').map((s) => [s.tags.check, s.tags.group, s.value])).toEqual(
      Array.from({ length: 3 }, () => [
        ['ok', '::g', 1],
        ['json ok', '', 1],
      ]).flat(),
    );
    const groups = of('group_duration');
    expect(groups.map((s) => s.tags.group)).toEqual(['::g', '::g', '::g']);
    // The group lasted as long as its request: the callback was awaited, not fired and forgotten.
    const reqs = of('http_req_duration').filter((s) => s.tags.group === '::g');
    groups.forEach((g, i) => expect(g.value).toBeGreaterThanOrEqual(reqs[i]!.value * 0.9));
    const iterations = of('iteration_duration');
    if (iterations.length > 0) for (const s of iterations) expect(s.value).toBeGreaterThanOrEqual(95);
  });

  it('runtime errors after a transformed call point at the original TypeScript line and column', async () => {
    const { vu, bundle } = await load('throws.ts');
    const o = await vu.iterate(info(0), undefined);
    expect(o.status).toBe('error');
    if (o.status !== 'error') return;
    expect(o.error.message).toBe("TypeError: Cannot read properties of undefined (reading 'deep')");
    expect(o.error.location).toBe('test/fixtures/sync-style/throws.ts:12:24');
    const g = await vu.iterate(info(1, 'inGroup'), undefined);
    expect(g).toMatchObject({ status: 'error', error: { message: 'after sleep 200', location: 'test/fixtures/sync-style/throws.ts:18:11' } });
    expectMapsBack(bundle);
  });
});

/** The bundle's source map knows the original sources (with the await'ed lines where the user wrote them). */
function expectMapsBack(bundle: ScriptBundle) {
  const lines = bundle.code.split('\n');
  const line = lines.findIndex((l) => l.includes('const res = await http_default.get(`${__ENV.BASE_URL}/json`)')) + 1;
  expect(line).toBeGreaterThan(0);
  const col = lines[line - 1]!.indexOf('http_default.get') + 1;
  const mapped = createStackMapper(bundle).map(`Error: x\n    at f (llmload:///bundle.js:${line}:${col})`);
  expect(mapped.location).toBe('test/fixtures/sync-style/throws.ts:10:15');
}
