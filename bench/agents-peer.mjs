// llmload on more than one core: one `llmload coordinator` and N `llmload agent`s on this machine (loopback),
// each agent a process running its execution segment of the same script (README, "Distributed runs"). Measured
// like a single run: req/s from the coordinator's merged summary, CPU of all N + 1 process trees together.
import { readFileSync } from 'node:fs';
import { runLlmload } from './lib.mjs';
import { cpuAt } from './proc-stats.mjs';

/**
 * Runs `script` over `agents` agents; resolves like runLlmloadSummary (summary, cpuSeconds, samples) with the
 * processes' CPU added up. `samples` are the sums at the coordinator's sample times (each agent's CPU
 * interpolated), so the steady-window helpers work on it unchanged.
 */
export async function runAgents(script, { env, file, agents }) {
  const started = [];
  const spawnedAt = [performance.now()];
  let listening;
  let failed;
  // Its URL (port 0: a free one) is on stderr; an exit before it fails the run.
  const url = new Promise((resolve, reject) => ((listening = resolve), (failed = reject)));
  const coordinator = runLlmload(['coordinator', '-q', '--agents', String(agents), '--listen', '127.0.0.1:0', '--summary-export', file, script], {
    env,
    onOutput: (text) => {
      const m = /coordinator listening on (http:\/\/\S+?):? /.exec(text);
      if (m) listening(m[1]);
    },
  });
  coordinator.then((r) => failed(new Error(`llmload coordinator exited ${r.code} before listening: ${r.stderr.slice(-2000)}`)), failed);
  const to = await url;
  for (let i = 0; i < agents; i++) {
    spawnedAt.push(performance.now());
    started.push(runLlmload(['agent', '-q', '--coordinator', to])); // the script comes from the coordinator
  }
  const [c, ...a] = await Promise.all([coordinator, ...started]);
  if (c.code !== 0 && c.code !== 99) throw new Error(`llmload coordinator: exit ${c.code}\n${c.stderr.slice(-3000)}`);
  const bad = a.find((r) => r.code !== 0 && r.code !== 99);
  if (bad) throw new Error(`llmload agent: exit ${bad.code}\n${bad.stderr.slice(-3000)}`);
  const all = [c, ...a];
  return {
    summary: JSON.parse(readFileSync(file, 'utf8')),
    cpuSeconds: all.reduce((s, r) => s + r.cpuSeconds, 0),
    peakRssKb: all.reduce((s, r) => s + r.peakRssKb, 0),
    // Each run's sample times count from its own spawn: shifted onto the coordinator's clock.
    samples: c.samples.map(({ t }) => ({ t, cpu: all.reduce((s, r, i) => s + (cpuAt(r.samples, t - (spawnedAt[i] - spawnedAt[0])) || 0), 0) })),
  };
}
