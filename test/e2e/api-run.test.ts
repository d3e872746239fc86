// Run-level behaviour through run() in this process (dist/api.js): exit codes and their errors,
// inline scripts, options precedence, the AbortSignal, onProgress, handleSummary's data, outputs,
// plugin objects, the process environment, and the matchers' messages.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run, startMock, type RunProgress } from 'llmload/api';
import 'llmload/vitest';
import { defineOutput, type Sample } from 'llmload/plugin';
import { repoRoot } from '../support/cli.js';

const inline = (source: string) => ({ cwd: repoRoot, script: { source } });
const fixture = (name: string) => ({ cwd: repoRoot, script: `test/fixtures/e2e/${name}` });

describe('run(): how a run ends', () => {
  it('a run that cannot start resolves with its exit code and error, never rejects', async () => {
    const bad = await run(fixture('bad-options.ts'));
    expect(bad).toMatchObject({ exitCode: 104, ok: false, summary: undefined, thresholds: [], checks: [], llm: undefined });
    expect(bad.error).toEqual({ code: 'ERR_INVALID_OPTION', message: expect.stringContaining('"rat"') });
    expect(bad.metric('iterations')).toBeUndefined();

    const init = await run(fixture('init-error.ts'));
    expect(init.exitCode).toBe(107);
    expect(init.error).toMatchObject({ code: 'ERR_SCRIPT_EXCEPTION', message: expect.stringContaining('init exploded') });

    const bundle = await run(inline("import fs from 'node:fs';\nexport default function () { fs; }"));
    expect(bundle.exitCode).toBe(104);
    expect(bundle.error).toMatchObject({ code: 'ERR_BUNDLE', message: expect.stringMatching(/^inline\.ts:1:/) });

    const missing = await run({ script: 'no/such/script.ts', cwd: repoRoot });
    expect(missing.error).toMatchObject({ code: 'ERR_BUNDLE', message: 'no/such/script.ts: cannot read the script (ENOENT)' });
  });

  it('exec.test.abort() is exit 108 with its reason; the summary is still there', async () => {
    const r = await run(fixture('abort.ts'));
    expect(r.exitCode).toBe(108);
    expect(r.error).toEqual({ code: 'ERR_SCRIPT_ABORTED', message: 'test aborted by the script: enough' });
    expect(r.messages).toContainEqual({ level: 'error', message: 'test aborted by the script: enough' });
    expect(r.summary?.metrics.iterations).toBeDefined();
  });

  it('exec.test.abort() in an arrival that ends inside its call stops the run at once', async () => {
    const source = `import exec from 'llmload/execution';
export const options = { scenarios: { a: { executor: 'constant-arrival-rate', rate: 50, timeUnit: '1s', duration: '30s', preAllocatedVUs: 2 } } };
export default function () { if (exec.scenario.iterationInTest === 20) exec.test.abort('enough'); }`;
    const t0 = performance.now();
    const r = await run(inline(source));
    expect(r.exitCode).toBe(108);
    expect(r.metric('iterations')!.values(['count'])).toMatchObject({ count: 20 });
    expect(performance.now() - t0).toBeLessThan(15_000);
  });

  it('an iteration error is logged once, counted, and the run goes on (exit 0)', async () => {
    const r = await run(inline("export const options = { iterations: 5 };\nexport default function () { throw new Error('boom'); }"));
    expect(r.exitCode).toBe(0);
    expect(r.messages.filter((m) => m.message.includes('boom'))).toHaveLength(2); // the first one, and the end-of-test count
    expect(r.messages.at(-1)).toEqual({ level: 'warn', message: expect.stringMatching(/5× boom at inline\.ts:2:/) });
  });

  it('aborting the signal stops gracefully: 105, teardown and the summary still run', async () => {
    const ac = new AbortController();
    const seen: RunProgress[] = [];
    const r = await run({
      ...inline(`
        import { sleep } from 'llmload';
        import { Counter } from 'llmload/metrics';
        const torn = new Counter('torn_down');
        export const options = { vus: 2, duration: '1m' };
        export default async function () { await sleep(0.05); }
        export function teardown() { torn.add(1); }`),
      signal: ac.signal,
      onProgress: (p) => {
        seen.push(p);
        if (p.scenarios[0]!.completed >= 4) ac.abort();
      },
    });
    expect(r.exitCode).toBe(105);
    expect(r.error).toEqual({ code: 'ERR_SIGNAL', message: 'the test was stopped early by the AbortSignal' });
    expect(r).toMeetSlo({ torn_down: 'count==1', iterations: 'count>=4' });
    expect(r.summary!.state.testRunDurationMs).toBeLessThan(30_000);
    // Two snapshots a second at most, and a last one with the scenario done.
    expect(seen.at(-1)!.scenarios[0]).toMatchObject({ name: 'default', status: 'done', vus: 0 });
    expect(seen.length).toBeLessThanOrEqual(r.summary!.state.testRunDurationMs / 500 + 2);
  });

  it('a signal aborted before the run starts: nothing iterates, exit 105', async () => {
    const r = await run({ ...inline("export const options = { vus: 1, duration: '1m' };\nexport default function () {}"), signal: AbortSignal.abort() });
    expect(r.exitCode).toBe(105);
    expect(r.metric('iterations')?.measured).toBe(false);
  });

  it('a throwing onProgress is reported once and does not stop the run', async () => {
    const r = await run({
      ...inline("import { sleep } from 'llmload';\nexport const options = { iterations: 1 };\nexport default async function () { await sleep(1.2); }"),
      onProgress: () => {
        throw new Error('oops');
      },
    });
    expect(r.exitCode).toBe(0);
    expect(r.messages).toEqual([{ level: 'warn', message: 'onProgress threw (oops); it is not called again' }]);
  });
});

describe('run(): what a run gets and gives', () => {
  it('summary is exactly what handleSummary() receives; --summary-export and outputs are written', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'llmload-api-'));
    const r = await run({
      cwd: dir,
      script: {
        source: `
          import { check } from 'llmload';
          export const options = { iterations: 3, thresholds: { iteration_duration: ['p(99)<10000'] } };
          export default function () { check(1, { one: (v) => v === 1 }); }
          export function handleSummary(data) { return { 'seen.json': JSON.stringify(data) }; }`,
      },
      summaryExport: 'export.json',
      summaryTrendStats: ['avg', 'p(99.9)'],
      outputs: ['json=samples.json'],
      options: { tags: { testid: 'api-run' } },
    });
    expect(r.exitCode, JSON.stringify(r.error)).toBe(0);
    expect(JSON.parse(await readFile(path.join(dir, 'seen.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(r.summary)));
    expect(Object.keys(r.summary!.metrics.iteration_duration!.values)).toEqual(['avg', 'p(99.9)', 'p(99)']);
    expect(JSON.parse(await readFile(path.join(dir, 'export.json'), 'utf8')).metrics.iterations.count).toBe(3);
    expect(await readFile(path.join(dir, 'samples.json'), 'utf8')).toContain('"metric":"iterations"');
    expect(r.checks).toEqual([{ name: 'one', path: '::one', passes: 3, fails: 0 }]);
    // Not in summaryTrendStats, still there: the result keeps the run's aggregates.
    expect(r.metric('iteration_duration')!.values(['p(50)', 'max'])).toEqual({ 'p(50)': expect.any(Number), max: expect.any(Number) });
    expect(Object.keys(r)).not.toContain('metric');
    expect(r.testid).toBe('api-run');
  });

  it('mock: true starts the mock for the run, its URL in __ENV.LLMLOAD_BASE_URL; llm numbers come typed', async () => {
    const r = await run({ cwd: repoRoot, script: 'test/fixtures/e2e/openai-closed.ts', mock: { ttft: 'fixed:30', itl: 'fixed:3' } });
    expect(r.exitCode, JSON.stringify(r.error)).toBe(0);
    expect(r.llm).toMatchObject({ requests: 6, ok: 6, failed: 0, outputTokens: 18, errors: {} });
    expect(r.llm!.ttft!.p50).toBeGreaterThanOrEqual(30);
    expect(r.llm!.ttft!.count).toBe(6);
    expect(r.llm!.requestThroughput).toBeGreaterThan(0);

    const invalid = await run({ cwd: repoRoot, script: 'test/fixtures/e2e/openai-closed.ts', mock: { ttfy: 5 } });
    expect(invalid.exitCode).toBe(104);
    expect(invalid.error!.message).toContain('run() mock: unknown option "ttfy" (did you mean "ttft"?)');
  });

  it("plugin objects join the run: an output gets the samples and the run's testid; a broken one is exit 104", async () => {
    const got: { testid?: string; samples: Sample[] } = { samples: [] };
    const collect = defineOutput({
      apiVersion: 1,
      name: 'collect',
      create: (ctx) => ({
        name: 'collect',
        description: () => 'collect',
        start: async () => void (got.testid = ctx.testid),
        addSamples: (batch) => void got.samples.push(...batch),
        stop: async () => {},
      }),
    });
    const r = await run({ ...inline('export const options = { iterations: 2 };\nexport default function () {}'), plugins: [collect], outputs: ['collect'] });
    expect(r.exitCode, JSON.stringify(r.error)).toBe(0);
    expect(got.testid).toBe(r.testid);
    expect(got.samples.filter((s) => s.metric === 'iterations')).toHaveLength(2);

    const broken = await run({ ...inline('export default function () {}'), plugins: [{ kind: 'output', name: 'nope' }] });
    expect(broken.exitCode).toBe(104);
    expect(broken.error!.message).toContain('run() plugins[0]');
  });

  it('the process environment reaches __ENV and the options only with systemEnv: true', async () => {
    process.env.LLMLOAD_API_TEST = 'from-process';
    process.env.LLMLOAD_ITERATIONS = '3';
    try {
      const script = inline(
        "import { check } from 'llmload';\nexport default function () { check(__ENV.LLMLOAD_API_TEST, { seen: (v) => v === 'from-process' }); }",
      );
      const isolated = await run(script);
      expect(isolated.checks).toEqual([{ name: 'seen', path: '::seen', passes: 0, fails: 1 }]);
      const inherited = await run({ ...script, systemEnv: true });
      expect(inherited.checks).toEqual([{ name: 'seen', path: '::seen', passes: 3, fails: 0 }]);
      const given = await run({ ...script, env: { LLMLOAD_API_TEST: 'from-process' }, options: { iterations: 2 } });
      expect(given.checks[0]).toMatchObject({ passes: 2 });
    } finally {
      delete process.env.LLMLOAD_API_TEST;
      delete process.env.LLMLOAD_ITERATIONS;
    }
  });

  it('quiet: false writes what the CLI writes: the header and messages on stderr, the summary on stdout', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation((t) => (out.push(String(t)), true)),
      vi.spyOn(process.stderr, 'write').mockImplementation((t) => (err.push(String(t)), true)),
    ];
    try {
      const r = await run({ ...inline("export const options = { iterations: 2 };\nexport default function () { console.log('hi'); }"), quiet: false });
      expect(r.exitCode).toBe(0);
    } finally {
      for (const s of spies) s.mockRestore();
    }
    expect(err.join('')).toContain('script: inline.ts');
    expect(err.join('')).toContain('[vu 1] hi');
    expect(out.join('')).toMatch(/iterations\.+: 2/);
  });

  it('rejects only for arguments of the wrong type', async () => {
    await expect(run(undefined as never)).rejects.toThrow(TypeError);
    await expect(run({ script: 42 } as never)).rejects.toThrow('"script" must be a path or { source: string }');
    await expect(run({ script: 'x.ts', env: { N: 1 } } as never)).rejects.toThrow('"env" must be an object of strings');
    await expect(run({ script: 'x.ts', signal: {} } as never)).rejects.toThrow('"signal" must be an AbortSignal');
    await expect(startMock('fast' as never)).rejects.toThrow(TypeError);
    await expect(startMock({ ttft: 'soon' })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });
});

describe('llmload/vitest matchers', () => {
  it('say what failed and why', async () => {
    const r = await run(
      inline(
        "export const options = { iterations: 2, thresholds: { iterations: ['count>5'], 'iteration_duration{scenario:default}': ['max<60000'] } };\nexport default function () {}",
      ),
    );
    expect(r.exitCode).toBe(99);
    expect(() => expect(r).toPassThresholds()).toThrow(
      /thresholds \(exit code 99\):\n {2}✗ iterations count>5 \(observed 2\)\n {2}✓ iteration_duration\{scenario:default\} max<60000/,
    );
    expect(() => expect(r).toMeetSlo({ iterations: 'count>=3' })).toThrow('✗ iterations count>=3 (observed 2)');
    expect(() => expect(r).toMeetSlo({ 'iteration_duration{scenario: default}': 'p(99.99)<60000' })).not.toThrow();
    expect(() => expect(r).toMeetSlo({ 'iteration_duration{scenario:other}': 'p(99)<1' })).toThrow("was not tracked: name it in the run's options.thresholds");
    expect(() => expect(r).toMeetSlo({ http_req_duration: 'p(95)<1' })).toThrow('no samples: nothing was measured');
    expect(() => expect(r).toMeetSlo({ no_such_metric: 'avg<1' })).toThrow('not a metric of this run');
    expect(() => expect(r).toMeetSlo({ iterations: 'p(95)<1' })).toThrow('"p(95)" does not apply to a counter');
    expect(() => expect(r).toMeetSlo({ iterations: 'count<<1' })).toThrow(/right-hand side/);
    expect(() => expect({ exitCode: 0 }).toPassThresholds()).toThrow('expected the result of run() from llmload/api');

    const none = await run(inline('export const options = { iterations: 1 };\nexport default function () {}'));
    expect(() => expect(none).toPassThresholds()).toThrow('the run defines no thresholds');
    expect(none).not.toPassThresholds();
  });
});
