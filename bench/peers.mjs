// The plain-HTTP peers measured beside llmload, each through runMeasured (the same CPU and RSS sampling):
// k6 (a binary: K6_BIN, default `k6` on PATH), wrk (Debian's `wrk`) and autocannon (a devDependency).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';
import { envFlags, runMeasured } from './measured-process.mjs';

/** The k6 binary the benchmarks run: $K6_BIN, else `k6` on PATH. */
export function k6Bin() {
  return process.env.K6_BIN || 'k6';
}

/** `k6 version`'s first line (e.g. "k6 v0.49.0 (go1.19.8, linux/amd64)"), or undefined when it does not run. */
export function k6Version() {
  const r = spawnSync(k6Bin(), ['version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? undefined : r.stdout.trim().split('\n')[0];
}

/** Whether Debian's `wrk` is on PATH (`wrk --version` prints its banner and exits 1). */
export function wrkAvailable() {
  return !spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error;
}

/**
 * Runs a k6 script with `k6 run` (no usage report, no progress) and `--summary-export summaryFile`; `env`
 * becomes `-e` flags as for llmload. Resolves with the MeasuredRun and the parsed summary export.
 */
export async function runK6(script, { env = {}, summaryFile, extra = [] }) {
  const r = await runMeasured(k6Bin(), ['run', '--no-usage-report', '-q', ...envFlags(env), '--summary-export', summaryFile, ...extra, script], {
    cwd: root,
    env: { ...process.env, K6_NO_USAGE_REPORT: 'true', NO_COLOR: '1' },
  });
  if (r.code !== 0) throw new Error(`k6 ${script}: exit ${r.code}\n${r.stderr.slice(-2000)}`);
  return { ...r, summary: JSON.parse(readFileSync(summaryFile, 'utf8')) };
}

/** Requests and their duration from wrk's report ("123456 requests in 10.00s, …"); undefined if absent. */
export function parseWrk(text) {
  const m = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(text);
  if (!m) return undefined;
  const scale = { us: 1e-6, ms: 1e-3, s: 1, m: 60 }[m[3]];
  return { requests: Number(m[1]), seconds: Number(m[2]) * scale };
}

/** wrk with `threads` threads and `connections` connections for `seconds` against `url`. */
export async function runWrk(url, { connections, seconds, threads = 2 }) {
  const r = await runMeasured('wrk', [`-t${Math.min(threads, connections)}`, `-c${connections}`, `-d${seconds}s`, url]);
  const parsed = parseWrk(r.stdout);
  if (r.code !== 0 || !parsed) throw new Error(`wrk: exit ${r.code}\n${r.stdout}${r.stderr}`);
  return { ...r, ...parsed };
}

/** autocannon (node_modules) with `connections` connections for `seconds` against `url`. */
export async function runAutocannon(url, { connections, seconds }) {
  const cli = path.join(root, 'node_modules/autocannon/autocannon.js');
  const r = await runMeasured(process.execPath, [cli, '-j', '-c', String(connections), '-d', String(seconds), url]);
  if (r.code !== 0) throw new Error(`autocannon: exit ${r.code}\n${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout);
  return { ...r, requests: report.requests.total, seconds: report.duration };
}
