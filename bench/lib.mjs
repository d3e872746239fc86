// Helpers for the benchmarks: start processes, sample CPU and RSS, print tables.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { envFlags, runMeasured } from './measured-process.mjs';
import { statusKb, treeCpuSeconds } from './proc-stats.mjs';
import { NODE_FLAGS } from '../runtime/bin/node-flags.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The argv (after node itself) that starts the llmload CLI as the bin does: llmload's Node flags, `nodeFlags`, dist/cli.js, `args`. */
export function cliArgv(args, nodeFlags = []) {
  return [...NODE_FLAGS, ...nodeFlags, path.join(root, 'dist/cli.js'), ...args];
}

/** Starts bench/server.mjs and resolves with its URL, its pid (to measure its CPU) and a stop(). */
export function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bench/server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (d) => resolve({ url: d.toString().trim(), pid: child.pid, stop: () => child.kill() }));
    child.on('error', reject);
  });
}

/**
 * Runs the llmload CLI (dist/cli.js); `env` becomes `-e` flags. Samples its RSS (kB) with `onRss` every
 * `rssEveryMs`; `onOutput(text)` sees its stdout and stderr as they arrive; resolves with a MeasuredRun (bench/measured-process.mjs): CPU seconds, peak RSS, samples.
 */
export function runLlmload(args, { env = {}, rssEveryMs, onRss, onOutput } = {}) {
  const [command, ...rest] = args;
  return runMeasured(process.execPath, cliArgv([command, ...envFlags(env), ...rest]), {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    sampleMs: rssEveryMs ?? 50,
    onSample: onRss && ((s) => onRss(s.rssKb, s.t)),
    onOutput,
  });
}

/**
 * bench/node-floor.mjs in `mode` for `seconds` against `url`: a MeasuredRun with its requests, its wall seconds
 * and the line it printed (`out`: its own CPU, turns, requests per turn).
 */
export async function runFloor(mode, { url, vus = 50, seconds }) {
  const args = ['--no-node-snapshot', path.join(root, 'bench/node-floor.mjs'), `--mode=${mode}`, `--url=${url}`, `--vus=${vus}`, `--seconds=${seconds}`];
  const r = await runMeasured(process.execPath, args, { cwd: root });
  if (r.code !== 0) throw new Error(`node-floor --mode=${mode}: exit ${r.code}\n${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  return { ...r, requests: out.requests, seconds: out.seconds, out };
}

/**
 * `llmload run -q --summary-export file … script`: resolves with the MeasuredRun and the parsed summary. Exit 99
 * (thresholds) is a result; any other failure throws with llmload's stderr.
 */
export async function runLlmloadSummary(script, { env = {}, extra = [], file }) {
  const r = await runLlmload(['run', '-q', '--summary-export', file, ...extra, script], { env });
  if (r.code !== 0 && r.code !== 99) throw new Error(`llmload ${script}: exit ${r.code}\n${r.stderr.slice(-3000)}`);
  return { ...r, summary: JSON.parse(readFileSync(file, 'utf8')) };
}

/**
 * Runs `run(name, round)` for every name in every round, the order reversed every other round so that no peer
 * always gets the cooler (or the warmer) machine. `run` may resolve with undefined to sit a round out. Resolves
 * with each name's results in round order.
 */
export async function interleaved(rounds, names, run) {
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < rounds; i++) {
    for (const name of i % 2 === 0 ? names : [...names].reverse()) {
      const r = await run(name, i);
      if (r !== undefined) out[name].push(r);
    }
  }
  return out;
}

/** 12,345 (no decimals) or 1.23 (`digits`), for table cells. */
export function num(x, digits = 0) {
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** utime + stime of a process and its descendants, in seconds (Linux /proc). */
export function cpuOf(pid) {
  return treeCpuSeconds(pid);
}

export function rssKb(pid) {
  return statusKb(pid, 'VmRSS');
}

/** The median (the upper one of an even count, as the earlier benchmarks took it). */
export function median(xs) {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

export function table(rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => '| ' + vals.map((v, i) => String(v).padEnd(width[i])).join(' | ') + ' |';
  return [line(cols), '|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map((r) => line(cols.map((c) => r[c])))].join('\n');
}
