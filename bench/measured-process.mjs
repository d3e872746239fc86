// Runs one benchmark process (llmload, a peer, a target) and measures it as it runs: CPU of its process tree and
// its peak RSS, sampled from /proc every `sampleMs`, identically for every peer (bench/proc-stats.mjs).
import { spawn } from 'node:child_process';
import { statusKb, treeCpuSeconds } from './proc-stats.mjs';

/**
 * @typedef {object} MeasuredRun
 * @property {number | null} code exit code (null when killed by a signal)
 * @property {string} stdout
 * @property {string} stderr
 * @property {number} cpuSeconds CPU of the process tree at the last sample before it exited
 * @property {number} peakRssKb the largest VmHWM seen (the process alone, not its children)
 * @property {number} wallSeconds spawn to exit
 * @property {number} spawnedAt the wall clock (Date.now()) at spawn: where a sample's `t` counts from
 * @property {{ t: number, cpu: number }[]} samples CPU seconds at ms since spawn
 * @property {Record<string, { t: number, cpu: number }>} marks CPU at the moments `mark(name)` was called
 */

/**
 * Spawns `command args` and samples it until it exits. `onOutput(text, mark)` sees stdout and stderr as they
 * arrive; `mark(name)` records the CPU used so far (a peer's "load starts now" line, for example).
 * `onSample({ t, cpu, rssKb })` sees every sample. Resolves with a MeasuredRun; rejects only when it cannot start.
 * @returns {Promise<MeasuredRun>}
 */
export function runMeasured(command, args, { env, cwd, sampleMs = 50, onOutput, onSample, stdin = 'ignore' } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: [stdin, 'pipe', 'pipe'] });
    const t0 = performance.now();
    const spawnedAt = Date.now();
    const samples = [];
    const marks = {};
    let peakRssKb = 0;
    let stdout = '';
    let stderr = '';
    const sample = () => {
      const cpu = treeCpuSeconds(child.pid);
      if (cpu === undefined) return undefined;
      const s = { t: performance.now() - t0, cpu };
      samples.push(s);
      const hwm = statusKb(child.pid, 'VmHWM');
      if (hwm > peakRssKb) peakRssKb = hwm;
      onSample?.({ ...s, rssKb: statusKb(child.pid, 'VmRSS') });
      return s;
    };
    const mark = (name) => {
      const s = sample();
      if (s) marks[name] = s;
    };
    child.stdout.on('data', (d) => {
      stdout += d;
      onOutput?.(String(d), mark);
    });
    child.stderr.on('data', (d) => {
      stderr += d;
      onOutput?.(String(d), mark);
    });
    const timer = setInterval(sample, sampleMs);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        code,
        stdout,
        stderr,
        cpuSeconds: samples.at(-1)?.cpu ?? 0,
        peakRssKb,
        wallSeconds: (performance.now() - t0) / 1000,
        spawnedAt,
        samples,
        marks,
      });
    });
  });
}

/** `-e KEY=VALUE` flags, as k6 and llmload both take them (scripts read `__ENV`). */
export function envFlags(env = {}) {
  return Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
}
