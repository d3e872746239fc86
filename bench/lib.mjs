// Helpers for the benchmarks: start processes, sample RSS, print tables.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Starts bench/server.mjs and resolves with its URL and a stop(). */
export function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'bench/server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (d) => resolve({ url: d.toString().trim(), stop: () => child.kill() }));
    child.on('error', reject);
  });
}

/** Runs the llmload CLI; samples its RSS (kB) with `onRss` every `rssEveryMs`; resolves with its CPU seconds too (last /proc sample). */
export function runLlmload(args, { env = {}, rssEveryMs, onRss } = {}) {
  return new Promise((resolve, reject) => {
    // Scripts read their settings from __ENV, which only -e fills (as in the CLI's default).
    const [command, ...rest] = args;
    const eFlags = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const child = spawn(process.execPath, ['--no-node-snapshot', path.join(root, 'dist/cli.js'), command, ...eFlags, ...rest], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const t0 = Date.now();
    let cpuSeconds = 0;
    const timer = setInterval(() => {
      cpuSeconds = cpuOf(child.pid) ?? cpuSeconds;
      if (rssEveryMs) onRss?.(rssKb(child.pid), Date.now() - t0);
    }, rssEveryMs ?? 100);
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, stdout, stderr, cpuSeconds });
    });
  });
}

/** utime + stime of a process, in seconds (Linux /proc; clock ticks of 1/100 s). */
export function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

export function table(rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (vals) => '| ' + vals.map((v, i) => String(v).padEnd(width[i])).join(' | ') + ' |';
  return [line(cols), '|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map((r) => line(cols.map((c) => r[c])))].join('\n');
}
