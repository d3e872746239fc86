/**
 * `llmload sweep` through the real CLI against the built-in mock: the
 * slo-search acceptance case, stopOn, the CI gate, resume after kill -9,
 * step isolation (compared with the mock's own records) and the schema.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, sweep, type MockServerHandle } from 'llmload/api';
import { binPath, repoRoot, runCli } from '../support/cli.js';

const schema = JSON.parse(await readFile(path.join(repoRoot, 'types/sweep.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

interface Doc {
  status: string;
  steps: Array<{ step: number; value: number; requests: number; pass: boolean; startedAt: number; kind: string }>;
  result: { maxPassing: number | null; firstFailing: number | null; end: { reason: string } } | null;
  tags: Record<string, string>;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'llmload-sweep-'));
});

/** A chat script; every request names its step, phase, VU and iteration in x-request-id. */
async function script(name: string, sweep: Record<string, unknown>): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(
    file,
    `import openai from 'llmload/openai';
const client = openai.client({ model: 'llmload-mock' });
export const options = { vus: 1, duration: '1s', sweep: ${JSON.stringify(sweep)} };
export default async function () {
  const id = __ENV.LLMLOAD_SWEEP_STEP + ':' + __ENV.LLMLOAD_SWEEP_PHASE + ':' + __VU + ':' + __ITER;
  await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 64, ignore_eos: true }, { headers: { 'x-request-id': id } });
}
`,
  );
  return file;
}

const MOCK = ['--mock', '--mock-option', 'max-concurrency=16', '--mock-option', 'ttft=50', '--mock-option', 'itl=10', '--mock-option', 'output-tokens=64'];

/**
 * Runs the CLI's own process (not the bin's wrapper, whose death the CLI
 * would notice and stop gracefully) and SIGKILLs it when `text` appears.
 */
function killNineWhen(args: string[], env: Record<string, string>, text: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', binPath, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env } });
    let seen = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const watch = (d: Buffer) => {
      seen += d.toString();
      if (seen.includes(text)) child.kill('SIGKILL');
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal);
    });
  });
}

async function readDoc(file: string): Promise<Doc> {
  const doc = JSON.parse(await readFile(file, 'utf8')) as Doc;
  expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  return doc;
}

describe('llmload sweep', () => {
  it('slo-search on vus finds the mock max-concurrency (16) within one VU, in at most 12 steps', async () => {
    const s = await script('search.ts', {
      mode: 'slo-search',
      variable: 'vus',
      slo: { llm_ttft: 'p(95)<300' },
      range: [2, 64],
      stepDuration: '2s',
      warmup: '1s',
    });
    const out = path.join(dir, 'search.json');
    const r = await runCli(['sweep', '-q', ...MOCK, '--sweep-export', out, s], { timeoutMs: 170_000 });
    expect(r.code, r.stderr).toBe(0);
    const doc = await readDoc(out);
    expect(doc.status).toBe('complete');
    const { maxPassing, firstFailing } = doc.result!;
    expect(maxPassing).toBeGreaterThanOrEqual(14);
    expect(maxPassing).toBeLessThanOrEqual(18);
    expect(firstFailing! - maxPassing!).toBeLessThanOrEqual(1);
    expect(doc.steps.length).toBeLessThanOrEqual(12);
    expect(r.stdout).toMatch(new RegExp(`max passing:\\s+${maxPassing} VUs`));
    expect(r.stdout).toMatch(/^step\s+value\s+req\/s\s+out tok\/s\s+TTFT p50/m);
  }, 180_000);

  it("stopOn: ['slo'] stops right after the first failing step; sweep.require exits 99 when capacity falls short", async () => {
    const s = await script('stop.ts', {
      mode: 'list',
      values: [4, 32, 40],
      slo: { llm_ttft: 'p(95)<300' },
      stepDuration: '1s',
      require: { max_passing: '>=8' },
    });
    const out = path.join(dir, 'stop.json');
    const r = await runCli(['sweep', '-q', ...MOCK, '--stop-on', 'slo', '--sweep-export', out, s], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(99);
    expect(r.stderr).toContain("sweep.require max_passing: '>=8' not met (observed 4)");
    const doc = await readDoc(out);
    expect(doc.steps.map((x) => [x.value, x.pass])).toEqual([
      [4, true],
      [32, false],
    ]);
    expect(doc.result!.end).toEqual({ reason: 'stop-on-slo', step: 1 });
    expect(r.stdout).toContain('stopped after step 1: its SLOs failed (stopOn: slo)');
  }, 90_000);

  it('invalid sweep options exit 104 naming the option', async () => {
    const s = await script('bad.ts', { mode: 'slo-search', slo: { llm_ttft: 'p(95)<300' }, range: [8, 2] });
    const r = await runCli(['sweep', '-q', '--mock', s]);
    expect(r.code).toBe(104);
    expect(r.stderr).toContain('options.sweep.range');
    const t = await script('bad-slo.ts', { mode: 'slo-search', slo: { llm_tft: 'p(95)<300' } });
    const r2 = await runCli(['sweep', '-q', '--mock', t]);
    expect(r2.code).toBe(104);
    expect(r2.stderr).toContain('did you mean "llm_ttft"');
  }, 60_000);
});

describe('sweep steps against a mock in this process', () => {
  let mock: MockServerHandle;
  beforeAll(async () => {
    mock = await startMock({ maxConcurrency: 16, ttft: 'fixed:20', itl: 'fixed:5', outputTokens: 16 });
  });
  afterAll(() => mock.close());
  const env = () => ({ LLMLOAD_BASE_URL: mock.url });
  const ids = async () => (await mock.records()).map((r) => r.requestId ?? '');

  it("a step's statistics hold exactly the requests that started in it after its warm-up", async () => {
    await mock.clearRecords();
    const s = await script('isolation.ts', { mode: 'list', values: [2, 4], stepDuration: '1500ms', warmup: '700ms', cooldown: '200ms' });
    const out = path.join(dir, 'isolation.json');
    const samples = path.join(dir, 'isolation.jsonl');
    const summary = path.join(dir, 'isolation-summary.json');
    const args = ['sweep', '-q', '--tag', 'team=capacity', '--out', `json=${samples}`, '--summary-export', summary, '--sweep-export', out, s];
    const r = await runCli(args, { env: env(), timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const doc = await readDoc(out);
    // The run's tags travel in sweep.json as in --summary-export (a matrix cell knows its result file).
    expect(doc.tags).toMatchObject({ team: 'capacity' });
    const seen = await ids();
    for (const st of doc.steps) {
      const measured = seen.filter((id) => id.startsWith(`${st.step}:measure:`)).length;
      const warm = seen.filter((id) => id.startsWith(`${st.step}:warmup:`)).length;
      expect(st.requests).toBe(measured);
      expect(measured).toBeGreaterThan(0);
      expect(warm).toBeGreaterThan(0);
    }
    // Every request reached the mock once and belongs to one step and phase.
    expect(seen.every((id) => /^[01]:(warmup|measure):\d+:\d+$/.test(id))).toBe(true);
    // --out has every sample tagged with its step, value and phase, warm-up included.
    const lines = (await readFile(samples, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metric: string; data: { tags: Record<string, string> } });
    const reqs = lines.filter((l) => l.type === 'Point' && l.metric === 'llm_reqs');
    expect(reqs).toHaveLength(seen.length);
    // --summary-export has the whole sweep, warm-ups included.
    const whole = JSON.parse(await readFile(summary, 'utf8')) as { metrics: Record<string, { count?: number }> };
    expect(whole.metrics.llm_reqs?.count).toBe(seen.length);
    for (const l of reqs)
      expect(l.data.tags).toMatchObject({
        team: 'capacity',
        sweep_step: expect.stringMatching(/^[01]$/),
        sweep_value: expect.stringMatching(/^[24]$/),
        sweep_phase: expect.stringMatching(/^(warmup|measure)$/),
      });
    expect(reqs.filter((l) => l.data.tags.sweep_phase === 'warmup').length).toBe(seen.filter((id) => id.includes(':warmup:')).length);
  }, 90_000);

  it('SIGINT ends the current step, writes a valid partial sweep.json and exits 105', async () => {
    const s = await script('sigint.ts', { mode: 'list', values: [1, 2, 3], stepDuration: '2s' });
    const out = path.join(dir, 'sigint.json');
    const r = await runCli(['sweep', '-q', '--sweep-export', out, s], { env: env(), signalWhen: { text: 'sweep step 0 done' }, timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(105);
    const doc = await readDoc(out);
    expect(doc.status).toBe('interrupted');
    // The step cut short is not recorded: --resume measures it again.
    expect(doc.steps.map((x) => x.value)).toEqual([1]);
    expect(doc.result).not.toBeNull();
  }, 90_000);

  it('--resume after kill -9 re-runs only the missing steps', async () => {
    await mock.clearRecords();
    const s = await script('resume.ts', { mode: 'list', values: [1, 2, 3, 4], stepDuration: '1s' });
    const resumeDir = await mkdtemp(path.join(dir, 'resume-'));
    const out = path.join(resumeDir, 'sweep.json');
    const killed = await killNineWhen(['sweep', '-q', '--sweep-export', out, s], env(), 'sweep step 1 done');
    expect(killed).toBe('SIGKILL');
    const partial = await readDoc(out);
    expect(partial.status).toBe('running');
    const before = partial.steps.length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(4);

    await mock.clearRecords();
    const r = await runCli(['sweep', '-q', '--resume', resumeDir, s], { env: env(), timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const doc = await readDoc(out);
    expect(doc.status).toBe('complete');
    expect(doc.steps.map((x) => x.value)).toEqual([1, 2, 3, 4]);
    // The finished steps are the first run's, untouched; only the missing ones reached the server again.
    expect(doc.steps.slice(0, before)).toEqual(partial.steps);
    const steps = new Set((await ids()).map((id) => Number(id.split(':')[0])));
    expect([...steps].sort()).toEqual([0, 1, 2, 3].slice(before));
    expect(r.stderr).toContain('sweep step 0: 1 VUs (vus) (resumed)');
  }, 120_000);
});

describe('--repeat and sweep()', () => {
  it('run --repeat 3 reports the spread of the headline metrics over the runs', async () => {
    const s = await script('repeat.ts', {});
    const r = await runCli(['run', '-q', '--mock', '--mock-option', 'ttft=20', '--mock-option', 'itl=2', '--repeat', '3', '-u', '2', '-d', '1s', s], {
      timeoutMs: 60_000,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('repeats: 3 runs; mean ± stddev [95 % t-interval of the mean]');
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith('req/s'))!;
    const m = /req\/s\s+([\d.]+) ± ([\d.]+) \[([\d.]+), ([\d.]+)\] \(n=3\)/.exec(line);
    expect(m, line).not.toBeNull();
    const [mean, sd, lo, hi] = m!.slice(1).map(Number);
    expect(mean).toBeGreaterThan(0);
    expect(lo).toBeLessThanOrEqual(mean!);
    expect(hi).toBeGreaterThanOrEqual(mean!);
    // The interval's half-width is t(0.975, 2) · sd / √3.
    expect((hi! - lo!) / 2).toBeCloseTo((4.303 * sd!) / Math.sqrt(3), 2);
    const bad = await runCli(['run', '-q', '--mock', '--repeat', '0', s]);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain('--repeat');
  }, 90_000);

  it('sweep() from llmload/api runs the same loop and resolves with the sweep', async () => {
    const s = await script('api.ts', {});
    const r = await sweep({
      script: s,
      mock: { maxConcurrency: 4, ttft: 'fixed:20', itl: 'fixed:2', outputTokens: 16 },
      sweep: { mode: 'list', values: [1, 2], stepDuration: '1s', slo: { llm_ttft: 'p(95)<500' }, require: { max_passing: '>=2' } },
    });
    expect(r.exitCode, JSON.stringify(r.error)).toBe(0);
    expect(validate(r.sweep)).toBe(true);
    expect(r.sweep!.steps.map((x) => [x.value, x.pass])).toEqual([
      [1, true],
      [2, true],
    ]);
    expect(r.sweep!.result!.maxPassing).toBe(2);
  }, 60_000);
});
