// The cost of the Node API (issue 13): the same closed-loop script run through the CLI
// (`dist/cli.js run`) and through `run()` of llmload/api (bench/api-runner.mjs), each in its own
// process against bench/server.mjs, interleaved rounds: req/s and client CPU per request
// (/proc/<pid>/stat, the whole process, start-up included, as for the CLI).
// `node bench/api.mjs [--rounds=N] [--seconds=S]` prints its rows; bench/run.mjs includes them (--only=api).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpuOf, root, runLlmload, startServer, table } from './lib.mjs';

const SCRIPT = 'bench/scripts/closed-loop.ts';

/** Runs bench/api-runner.mjs; resolves with its exit code and CPU seconds (last /proc sample). */
function runApi(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--no-node-snapshot', path.join(root, 'bench/api-runner.mjs'), ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let cpuSeconds = 0;
    const timer = setInterval(() => (cpuSeconds = cpuOf(child.pid) ?? cpuSeconds), 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stderr, cpuSeconds });
    });
  });
}

export async function apiBench({ rounds = 3, seconds = 10, vus = 50 } = {}) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'llmload-bench-api-'));
  const per = { cli: [], api: [] };
  for (let i = 0; i < rounds; i++) {
    // Alternate which goes first, so neither always gets the cooler machine.
    const order = i % 2 === 0 ? ['cli', 'api'] : ['api', 'cli'];
    for (const how of order) {
      const srv = await startServer();
      const file = path.join(tmp, `${how}-${i}.json`);
      const env = { BASE_URL: srv.url, VUS: String(vus), DURATION: `${seconds}s` };
      const r =
        how === 'cli'
          ? await runLlmload(['run', '-q', '--no-include-system-env-vars', '--summary-export', file, SCRIPT], { env })
          : await runApi([SCRIPT, file, ...Object.entries(env).map(([k, v]) => `${k}=${v}`)]);
      srv.stop();
      if (r.code !== 0) throw new Error(`${how}: exit ${r.code}\n${r.stderr}`);
      const n = JSON.parse(readFileSync(file, 'utf8')).metrics.http_reqs.count;
      per[how].push({ rps: n / seconds, cpuPer10k: (r.cpuSeconds / n) * 10_000 });
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = ['cli', 'api'].map((how) => ({
    benchmark: `closed loop, ${vus} VUs, http.get, ${seconds}s × ${rounds}, ${how === 'cli' ? 'CLI (dist/cli.js run)' : 'run() of llmload/api'}`,
    result: `${med(per[how].map((x) => x.rps)).toFixed(0)} req/s, ${med(per[how].map((x) => x.cpuPer10k)).toFixed(2)} CPU-s per 10k requests`,
    detail: `rounds: ${per[how].map((x) => `${x.rps.toFixed(0)} req/s ${x.cpuPer10k.toFixed(2)}`).join('; ')}`,
  }));
  const ratio = (k) => med(per.api.map((x) => x[k])) / med(per.cli.map((x) => x[k]));
  rows.push({
    benchmark: 'API vs CLI',
    result: `${ratio('rps').toFixed(3)}× req/s, ${ratio('cpuPer10k').toFixed(3)}× CPU per request`,
    detail: 'medians of interleaved rounds',
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, d) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d);
  console.log(table(await apiBench({ rounds: arg('rounds', 3), seconds: arg('seconds', 10) })));
}
