// `llmload sweep` overhead (issue 15): a 10-step guidellm sweep of 10 s steps (`--seconds` changes the step
// length) against the mock in its own process (TTFT 20 ms, ITL 5 ms, 16 tokens, max-concurrency 16), 500 ms
// cooldown. Measured from sweep.json and the process's wall time:
//   gap:   per step boundary, the next step's first iteration − the previous step's last response − cooldown
//          (the time the sweep itself spends between steps: judging, writing sweep.json, new VUs); target < 500 ms;
//   total: the process's wall time over the sum of the step durations and cooldowns; target ≤ 1.10.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { median, num, runLlmload } from './lib.mjs';
import { startMock } from './mock-helpers.mjs';

const MOCK = ['--ttft', '20', '--itl', '5', '--output-tokens', '16', '--max-concurrency', '16'];
const COOLDOWN_MS = 500;

/** The sweep's script: one chat request per iteration, the sweep in options.sweep. */
function writeScript(tmp, seconds) {
  const file = path.join(tmp, 'sweep-bench.ts');
  writeFileSync(
    file,
    `import openai from 'llmload/openai';
const client = openai.client({ model: 'llmload-mock' });
export const options = {
  vus: 1,
  duration: '1s',
  sweep: { mode: 'guidellm', steps: 10, maxConcurrency: 16, stepDuration: '${seconds}s', cooldown: '${COOLDOWN_MS}ms' },
};
export default async function () {
  await client.chat({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 16, ignore_eos: true });
}
`,
  );
  return file;
}

export async function sweepBench({ rounds = 1, seconds = 10, tmp }) {
  const script = writeScript(tmp, seconds);
  const runs = [];
  for (let i = 0; i < rounds; i++) {
    const mock = await startMock(MOCK);
    try {
      const out = path.join(tmp, `sweep-${i}.json`);
      const spawnedAt = Date.now();
      const r = await runLlmload(['sweep', '-q', '--sweep-export', out, script], { env: { LLMLOAD_BASE_URL: mock.url } });
      if (r.code !== 0) throw new Error(`llmload sweep: exit ${r.code}\n${r.stderr.slice(-3000)}`);
      const doc = JSON.parse(readFileSync(out, 'utf8'));
      const steps = doc.steps;
      if (steps.length !== 10) throw new Error(`expected 10 steps, got ${steps.length}`);
      const gaps = steps.slice(1).map((s, k) => s.firstIteration - steps[k].lastResponse - COOLDOWN_MS);
      const planned = steps.length * seconds * 1000 + (steps.length - 1) * COOLDOWN_MS;
      const wallMs = r.wallSeconds * 1000;
      // Where the time beyond the steps goes: process start to the first step, the steps' drains, after the last.
      const startup = steps[0].startedAt - spawnedAt;
      const tail = spawnedAt + wallMs - steps.at(-1).lastResponse;
      const drains = steps.reduce((a, s) => a + Math.max(0, s.lastResponse - s.measureEnd), 0);
      runs.push({ gapMax: Math.max(...gaps), gapMedian: median(gaps), wallMs, ratio: wallMs / planned, planned, startup, tail, drains });
    } finally {
      mock.stop();
    }
  }
  const gapMax = median(runs.map((r) => r.gapMax));
  const ratio = median(runs.map((r) => r.ratio));
  return {
    rows: [
      {
        benchmark: `sweep guidellm 10 steps × ${seconds}s, cooldown ${COOLDOWN_MS} ms, vs mock (× ${rounds})`,
        result: `inter-step gap max ${num(gapMax, 1)} ms (median ${num(median(runs.map((r) => r.gapMedian)), 1)} ms); total ${num(ratio, 3)}× planned`,
        detail:
          `wall ${num(median(runs.map((r) => r.wallMs)) / 1000, 1)} s for ${num(runs[0].planned / 1000, 1)} s of steps and cooldowns ` +
          `(start ${num(median(runs.map((r) => r.startup)) / 1000, 1)} s, step drains ${num(median(runs.map((r) => r.drains)) / 1000, 1)} s, ` +
          `end ${num(median(runs.map((r) => r.tail)) / 1000, 1)} s); targets: gap < 500 ms, total ≤ 1.10×`,
      },
    ],
    measures: { 'sweep.gap_max': gapMax, 'sweep.total_ratio': ratio },
  };
}
