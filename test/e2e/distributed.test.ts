import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../runtime/mock/index.js';
import { agentHosts, type AgentHosts } from '../support/agent-hosts.js';
import { binPath, repoRoot, runCli } from '../support/cli.js';

const FIXTURE = 'test/fixtures/e2e/distributed.ts';
const AGENTS = 3;

interface Proc {
  child: ChildProcess;
  out: string;
  done: Promise<number | null>;
}

/** Spawns the real bin, optionally inside an agent's network namespace. */
function start(args: string[], prefix: string[] = []): Proc {
  const [cmd, ...rest] = prefix.length > 0 ? [...prefix, process.execPath, binPath, ...args] : [process.execPath, binPath, ...args];
  const child = spawn(cmd!, rest, { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const p: Proc = { child, out: '', done: undefined as never };
  child.stdout!.on('data', (d: Buffer) => (p.out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (p.out += d.toString()));
  p.done = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  return p;
}

async function waitFor(p: Proc, text: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const m = p.out.match(text);
    if (m) return m;
    if (Date.now() > until || p.child.exitCode !== null) throw new Error(`no ${text} in:\n${p.out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const metric = (s: Record<string, any>, name: string) => s.metrics[name] as Record<string, number>;

describe('distributed run: one coordinator and 3 agent processes against the mock', () => {
  let hosts: AgentHosts;
  let mock: MockServer;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    hosts = agentHosts(AGENTS);
    mock = await startMockServer({ host: hosts.listenAddress, seed: 7 });
    base = `http://${hosts.serverAddress}:${mock.port}`;
    dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-dist-'));
  }, 30_000);
  afterAll(async () => {
    await mock?.close();
    hosts?.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the coordinator and its agents; resolves with them once the coordinator listens. */
  async function distributed(env: string[], more: { agentArgs?: (i: number) => string[]; coordinatorArgs?: string[] } = {}) {
    const coord = start([
      'coordinator',
      FIXTURE,
      '--agents',
      String(AGENTS),
      '--listen',
      `${hosts.listenAddress}:0`,
      '--no-color',
      '-q',
      ...env.flatMap((e) => ['-e', e]),
      '-e',
      `LLMLOAD_BASE_URL=${base}`,
      ...(more.coordinatorArgs ?? []),
    ]);
    const [, port] = await waitFor(coord, /coordinator listening on http:\/\/[^:]+:(\d+)/);
    const url = `http://${hosts.serverAddress}:${port}`;
    const agents = Array.from({ length: AGENTS }, (_, i) =>
      start(['agent', '--coordinator', url, '--index', String(i), '-q', ...(more.agentArgs?.(i) ?? [])], hosts.prefix(i)),
    );
    return { coord, agents };
  }

  it('counts every request once, ran setup() once, and judges a threshold on the merged data (exit 99)', async () => {
    // The same script in one process: the requests the test makes.
    const single = path.join(dir, 'single.json');
    const one = await runCli(['run', FIXTURE, '-q', '-e', `LLMLOAD_BASE_URL=${base}`, '--summary-export', single], { timeoutMs: 60_000 });
    expect(one.code, one.stderr).toBe(0);
    const singleReqs = metric(json(single), 'llm_reqs').count!;
    expect(singleReqs).toBeGreaterThanOrEqual(88); // 30/s for 3 s, plus setup()'s

    mock.clearRecords();
    const exp = path.join(dir, 'coordinator.json');
    const raws = Array.from({ length: AGENTS }, (_, i) => path.join(dir, `agent-${i}.raw.json`));
    // 90 requests in all, ~30 per agent: under 80 in any one agent, over it together.
    const { coord, agents } = await distributed(['MAX_REQS=80'], {
      coordinatorArgs: ['--summary-export', exp],
      agentArgs: (i) => ['--summary-export-raw', raws[i]!],
    });
    const codes = await Promise.all(agents.map((a) => a.done));
    const code = await coord.done;
    expect(codes, agents.map((a) => a.out).join('\n')).toEqual([0, 0, 0]);
    expect(code, coord.out.slice(-3000)).toBe(99);
    expect(coord.out).toMatch(/thresholds on metrics 'llm_reqs' have been crossed/);

    const s = json(exp);
    expect(metric(s, 'dropped_iterations')?.count ?? 0, 'no arrival dropped').toBe(0);
    // The LOAD GENERATOR block is every agent's own health, one entry each.
    expect(s.load_generator.agents.map((a: { index: number }) => a.index)).toEqual([0, 1, 2]);
    expect(typeof s.load_generator.saturated).toBe('boolean');
    const reqs = metric(s, 'llm_reqs').count!;
    expect(Math.abs(reqs - singleReqs), `distributed ${reqs}, single ${singleReqs}`).toBeLessThanOrEqual(1);
    // setup() ran once, on the coordinator: one request with its model in the mock's records.
    const records = mock.records();
    expect(records.filter((r) => r.model === 'setup-once')).toHaveLength(1);
    expect(records).toHaveLength(reqs);
    // Its data reached every agent's VUs; every check passed.
    expect(metric(s, 'checks').passes).toBe(2 * (reqs - 1));
    expect(metric(s, 'checks').fails).toBe(0);
    // Each agent did about a third.
    for (const a of agents) expect(a.out).not.toMatch(/ERROR/);

    // `llmload merge` of the agents' raw exports = the coordinator's numbers (less setup()'s request, which ran there).
    const merged = path.join(dir, 'merged.json');
    const m = await runCli(['merge', ...raws, '-o', merged]);
    expect(m.code, m.stderr).toBe(99); // the script's thresholds, judged on the merged data again
    const ms = json(merged);
    expect(metric(ms, 'llm_reqs').count).toBe(reqs - 1);
    expect(metric(ms, 'iterations').count).toBe(metric(s, 'iterations').count);
    for (const stat of ['p(90)', 'p(95)', 'min', 'max', 'med']) {
      expect(metric(ms, 'iteration_duration')[stat], stat).toBe(metric(s, 'iteration_duration')[stat]);
    }
    expect(metric(ms, 'checks').passes).toBe(metric(s, 'checks').passes);
  }, 120_000);

  it('an agent killed with kill -9 stops the test: exit 110 within 3 push intervals, and the summary is still written', async () => {
    const exp = path.join(dir, 'lost.json');
    const { coord, agents } = await distributed(['DURATION=30s', 'RATE=20'], { coordinatorArgs: ['--summary-export', exp] });
    // Once the test runs (the coordinator merged pushes with requests), kill agent 1.
    await waitFor(coord, /the test starts at/, 60_000);
    await new Promise((r) => setTimeout(r, 2500));
    const killedAt = Date.now();
    agents[1]!.child.kill('SIGKILL');
    await waitFor(coord, /missed 3 pushes: stopping every agent/, 10_000);
    const detected = Date.now() - killedAt;
    const code = await coord.done;
    const took = Date.now() - killedAt;
    expect(code, coord.out).toBe(110);
    expect(coord.out).toMatch(/agent 1 .* missed 3 pushes/);
    // Detection within 3 push intervals of its last push (which was ≤ 1 interval before the kill; checked every ¼ interval),
    // then the others' last pushes (they hear of the stop at their next push) and the summary.
    expect(detected, coord.out).toBeLessThan(3000 + 1000 + 250 + 500);
    expect(took, coord.out).toBeLessThan(detected + 4000);
    const s = json(exp);
    expect(metric(s, 'llm_reqs').count).toBeGreaterThan(20);
    const others = await Promise.all([agents[0]!.done, agents[2]!.done]);
    expect(others).toEqual([0, 0]);
    console.log(`agent loss: detected ${detected} ms after the kill, coordinator exit 110 after ${took} ms`);
  }, 120_000);

  it('refuses an agent with another script (104); a coordinator without its agents gives up after --agents-timeout (110)', async () => {
    const coord = start(['coordinator', FIXTURE, '--agents', '2', '--agents-timeout', '4s', '--listen', '127.0.0.1:0', '-q', '-e', `LLMLOAD_BASE_URL=${base}`]);
    const [, port] = await waitFor(coord, /coordinator listening on http:\/\/[^:]+:(\d+)/);
    const other = await runCli(['agent', '--coordinator', `http://127.0.0.1:${port}`, 'test/fixtures/e2e/openai-load.ts'], { timeoutMs: 30_000 });
    expect(other.code, other.stderr).toBe(104);
    expect(other.stderr).toMatch(/openai-load\.ts: differs from the coordinator's script/);
    expect(await coord.done, coord.out).toBe(110);
    expect(coord.out).toMatch(/only 0 of 2 agents were ready after 4 s \(--agents-timeout\)/);
  }, 40_000);

  it('exec.test.abort() in one agent stops every agent: exit 108 on the coordinator', async () => {
    // Arrival 31 (global index) belongs to agent 1 of 3: it aborts ~1 s into a 20 s test.
    const { coord, agents } = await distributed(['DURATION=20s', 'RATE=30', 'ABORT_AT=31'], { coordinatorArgs: ['--no-warmup'] });
    const started = Date.now();
    const code = await coord.done;
    expect(code, coord.out).toBe(108);
    expect(coord.out).toMatch(/test aborted by the script: enough \(agent 1\)/);
    expect(await Promise.all(agents.map((a) => a.done))).toEqual([0, 0, 0]);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 60_000);

  it('Ctrl-C on the coordinator stops every agent: exit 105, with the summary of what ran', async () => {
    const exp = path.join(dir, 'sigint.json');
    const { coord, agents } = await distributed(['DURATION=30s', 'RATE=20'], { coordinatorArgs: ['--no-warmup', '--summary-export', exp] });
    await waitFor(coord, /the test starts at/, 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    coord.child.kill('SIGINT');
    expect(await coord.done, coord.out).toBe(105);
    expect(await Promise.all(agents.map((a) => a.done))).toEqual([0, 0, 0]);
    expect(metric(json(exp), 'llm_reqs').count).toBeGreaterThan(10);
  }, 60_000);
});
