// Distributed runs (issue 17): a coordinator and 1 or 3 agents (separate processes, loopback) against the mock in
// its own process.
//   scale: closed loop, 240 VUs of streamed chats (TTFT 20 ms, 4 tokens, ITL 1 ms), `--seconds` long: the merged
//          request rate of 3 agents over that of 1 agent (target ≥ 2.5×, on a machine with a core per agent);
//   skew:  constant-arrival-rate 300/s for 3 s over 3 agents, each with `--out requests=`: every agent's first
//          request start minus its first arrival's due time (agent i's first arrival is global arrival i, due at
//          i/rate after the start); the spread of those across agents (target < 5 ms).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliArgv, median, num, root } from './lib.mjs';
import { startMock, warmMock } from './mock-helpers.mjs';

const MOCK = ['--ttft', '20', '--itl', '1', '--output-tokens', '4'];

function writeScript(tmp) {
  const file = path.join(tmp, 'distributed-bench.ts');
  writeFileSync(
    file,
    `import openai from 'llmload/openai';
const client = openai.client({ model: 'llmload-mock' });
export const options = {
  scenarios: __ENV.MODE === 'skew'
    ? { s: { executor: 'constant-arrival-rate', rate: 300, duration: '3s', preAllocatedVUs: 60 } }
    : { s: { executor: 'constant-vus', vus: 240, duration: __ENV.SECONDS + 's' } },
};
export default async function () {
  await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 4, ignore_eos: true });
}
`,
  );
  return file;
}

/** One process of the CLI: its child and a promise of its exit code and output. */
function cli(args) {
  const child = spawn(process.execPath, cliArgv(args), { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const done = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
  return { child, done, output: () => out };
}

/** A coordinator and `n` agents; resolves with the coordinator's summary export and the agents' request files. */
async function distributed(n, script, { env, tmp, tag, agentOut }) {
  const exp = path.join(tmp, `dist-${tag}.json`);
  const coord = cli([
    'coordinator',
    script,
    '--agents',
    String(n),
    '--listen',
    '127.0.0.1:0',
    '-q',
    '--no-thresholds',
    '--summary-export',
    exp,
    ...env.flatMap((e) => ['-e', e]),
  ]);
  const until = Date.now() + 60_000;
  let m;
  while (!(m = /coordinator listening on (http:\/\/\S+):/.exec(coord.output()))) {
    if (Date.now() > until || coord.child.exitCode !== null) throw new Error(`coordinator did not listen: ${coord.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const files = Array.from({ length: n }, (_, i) => path.join(tmp, `dist-${tag}-agent${i}.jsonl`));
  const agents = files.map((f, i) => cli(['agent', '--coordinator', m[1], '--index', String(i), '-q', ...(agentOut ? ['--out', `requests=${f}`] : [])]));
  const codes = await Promise.all(agents.map((a) => a.done));
  const c = await coord.done;
  if (c.code !== 0 || codes.some((a) => a.code !== 0)) {
    throw new Error(`distributed run failed: coordinator ${c.code}\n${c.out.slice(-2000)}\n${codes.map((a) => a.out.slice(-500)).join('\n')}`);
  }
  return { summary: JSON.parse(readFileSync(exp, 'utf8')), files };
}

export async function distributedBench({ rounds = 1, seconds = 10, tmp }) {
  const script = writeScript(tmp);
  const mock = await startMock(MOCK);
  const env = [`LLMLOAD_BASE_URL=${mock.url}`, `SECONDS=${seconds}`];
  try {
    await warmMock(mock.url);
    const rates = { local: [], 1: [], 3: [] };
    const skews = [];
    for (let r = 0; r < rounds; r++) {
      // The same script in one plain `llmload run`: what the coordination costs one agent.
      const local = path.join(tmp, `dist-local-${r}.json`);
      const plain = cli(['run', '-q', '--no-thresholds', '--summary-export', local, ...env.flatMap((e) => ['-e', e]), script]);
      if ((await plain.done).code !== 0) throw new Error(`llmload run failed:\n${plain.output().slice(-2000)}`);
      rates.local.push(JSON.parse(readFileSync(local, 'utf8')).metrics.llm_reqs.rate);
      for (const n of [1, 3]) {
        const { summary } = await distributed(n, script, { env, tmp, tag: `${n}-${r}` });
        rates[n].push(summary.metrics.llm_reqs.rate);
      }
      const { files } = await distributed(3, script, { env: [...env, 'MODE=skew'], tmp, tag: `skew-${r}`, agentOut: true });
      const lateness = files.map((f, i) => {
        const starts = readFileSync(f, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).start_unix_ms);
        return Math.min(...starts) - (i * 1000) / 300;
      });
      skews.push(Math.max(...lateness) - Math.min(...lateness));
    }
    const r1 = median(rates[1]);
    const r3 = median(rates[3]);
    const skew = median(skews);
    return {
      rows: [
        {
          benchmark: `distributed closed loop 240 VUs vs mock (TTFT 20 ms), ${seconds} s: 3 agents vs 1 (× ${rounds})`,
          result: `${num(r3 / r1, 2)}× the request rate (${num(r3, 0)}/s vs ${num(r1, 0)}/s)`,
          detail:
            `${os.availableParallelism()} cores shared by the mock, the coordinator and the agents; target ≥ 2.5× with a core per agent; ` +
            `1 agent = ${num(r1 / median(rates.local), 2)}× a plain llmload run (${num(median(rates.local), 0)}/s)`,
        },
        {
          benchmark: `distributed start skew, 3 agents, 300/s (× ${rounds})`,
          result: `${num(skew, 2)} ms`,
          detail: 'first request vs its due time, spread across agents; target < 5 ms',
        },
      ],
      measures: { 'distributed.scale_ratio': r3 / r1, 'distributed.start_skew': skew, 'distributed.agent_vs_run': r1 / median(rates.local) },
    };
  } finally {
    mock.stop();
  }
}
