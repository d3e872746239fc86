/**
 * The distributed example as deploy/k8s runs it, without a cluster: the script (the ConfigMap's, and
 * compose's) runs as its header says against the mock, and the coordinator and agent arguments of the
 * manifests, taken from the manifests, run as processes on loopback, each "pod" with its volumes laid out
 * as the kubelet does (test/support/k8s-volumes.ts). Only what a cluster provides is swapped: the Service
 * address becomes a loopback port, and JOB_COMPLETION_INDEX is set for each agent as the Indexed Job does.
 * The manifests' validation: test/unit/deploy-manifests.test.ts.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startMockServer } from '../../runtime/mock/index.js';
import { binPath, repoRoot, runCli, stderrBesidesHealth } from '../support/cli.js';
import { buildKustomization, podSpecOf } from '../support/k8s-manifests.js';
import { mountVolumes } from '../support/k8s-volumes.js';

type Metrics = Record<string, Record<string, number> | undefined>;

const dir = mkdtempSync(path.join(tmpdir(), 'llmload-deploy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const metricsOf = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as { metrics: Metrics }).metrics;
/** RATE × DURATION arrivals, on few VUs: short runs on a 2-core machine. */
const SHORT = ['RATE=6', 'DURATION=2s', 'VUS=12'];

describe('deploy/k8s/scenario.ts', () => {
  it('runs against the mock on one machine: every arrival accounted for, every request answered, thresholds passed', async () => {
    const out = path.join(dir, 'single.json');
    const env = SHORT.flatMap((e) => ['-e', e]);
    const res = await runCli(['run', '-q', '--mock', ...env, '--summary-export', out, 'deploy/k8s/scenario.ts'], { timeoutMs: 100_000 });
    expect(res.code, res.stdout + res.stderr).toBe(0);
    expect(stderrBesidesHealth(res.stderr)).not.toMatch(/ERRO|WARN/);
    const m = metricsOf(out);
    expect(m.iterations!.count! + (m.dropped_iterations?.count ?? 0)).toBe(12);
    expect(m.llm_reqs!.count).toBe(m.iterations!.count);
    expect(m.llm_req_failed?.passes ?? 0).toBe(0);
    expect(m.checks!.fails).toBe(0);
  }, 110_000);

  it("runs distributed with the manifests' own coordinator and agent arguments and volumes", async () => {
    const { objects } = buildKustomization(path.join(repoRoot, 'deploy/k8s'));
    const job = (name: string) => objects.find((o) => o.kind === 'Job' && o.metadata.name === name)!;
    /** A pod of `jobName` on the local disk: its arguments with in-pod paths mapped to its volumes there. */
    const pod = (jobName: string, podName: string) => {
      const spec = podSpecOf(job(jobName))!;
      const toLocal = mountVolumes(path.join(dir, podName), spec.containers[0], spec.volumes ?? [], objects);
      return { args: spec.containers[0].args!.map(toLocal), toLocal };
    };
    const mock = await startMockServer({ seed: 7 });
    try {
      // Only the listen address is the test's (a free loopback port); its knobs go in as -e.
      const c = pod('llmload-coordinator', 'coordinator');
      c.args[c.args.indexOf('--listen') + 1] = '127.0.0.1:0';
      const env = [`LLMLOAD_BASE_URL=${mock.url}`, ...SHORT].flatMap((e) => ['-e', e]);
      const coordinator = startCoordinator([...c.args, ...env]);
      const [, url] = await coordinator.waitFor(/coordinator listening on (http:\/\/[^\s]+?):? /);
      // The Indexed Job's pods start in any order: the last index first, so that an agent that ignored
      // JOB_COMPLETION_INDEX would be given 0 in registration order and fail the wait.
      const count = job('llmload-agents').spec.completions as number;
      const agents = [];
      for (const i of [count - 1, ...Array.from({ length: count - 1 }, (_, j) => j)]) {
        const { args } = pod('llmload-agents', `agent-${i}`);
        args[args.indexOf('--coordinator') + 1] = url;
        const agent = runCli([...args, '-q'], { env: { JOB_COMPLETION_INDEX: String(i) }, timeoutMs: 100_000 });
        agents.push(agent);
        const gone = agent.then((r) => Promise.reject(new Error(`agent ${i} exited ${r.code} before registering:\n${r.stderr}`)));
        await Promise.race([coordinator.waitFor(new RegExp(`agent ${i} registered`)), gone]);
      }
      const [done, ...agentResults] = await Promise.all([coordinator.done, ...agents]);
      expect(done.code, done.stderr).toBe(0);
      for (const a of agentResults) expect(a.code, a.stdout + a.stderr).toBe(0);
      const m = metricsOf(c.toLocal(c.args[c.args.indexOf('--summary-export') + 1]));
      expect(m.iterations!.count! + (m.dropped_iterations?.count ?? 0)).toBe(12);
      expect(m.llm_reqs!.count).toBe(m.iterations!.count);
      expect(m.llm_req_failed?.passes ?? 0).toBe(0);
      const records = (await (await fetch(`${mock.url}/mock/requests`)).json()) as { records: unknown[] };
      expect(records.records).toHaveLength(m.llm_reqs!.count!);
    } finally {
      await mock.close();
    }
  }, 110_000);
});

/** `llmload coordinator …`: waits on its stderr, and its end. */
function startCoordinator(args: string[]) {
  const child = spawn(process.execPath, [binPath, ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } });
  const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
  let stderr = '';
  let closed = false;
  const waiters: Array<() => void> = [];
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  child.stdout.resume();
  /** The first match of `re` in its stderr, once it appears (rejects if it exits first, or after 30 s). */
  const waitFor = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const giveUp = setTimeout(() => reject(new Error(`no ${re} from the coordinator in 30 s:\n${stderr}`)), 30_000);
      const check = () => {
        const m = re.exec(stderr);
        if (m) resolve(m);
        else if (closed) reject(new Error(`coordinator exited before ${re}:\n${stderr}`));
        else return void waiters.push(check);
        clearTimeout(giveUp);
      };
      check();
    });
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      closed = true;
      for (const w of waiters.splice(0)) w();
      resolve({ code, stderr });
    }),
  );
  return { waitFor, done };
}
