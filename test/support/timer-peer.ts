import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'timer-peer-process.mjs');

/**
 * Starts a bare timer process (timer-peer-process.mjs) on `schedule` (a JSON
 * file of ms offsets, relative to `cwd`) and sets its clock going once
 * `started()` turns true (polled every 5 ms). Resolves to how late it woke for
 * each time (ms): the floor a timing test on a shared VM compares against.
 */
export function startTimerPeer(schedule: string, cwd: string, started: () => boolean): Promise<number[]> {
  const child = spawn(process.execPath, [script, schedule], { cwd, stdio: ['pipe', 'pipe', 'inherit'] });
  const poll = setInterval(() => {
    if (!started()) return;
    clearInterval(poll);
    child.stdin.end('go\n');
  }, 5);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      if (code === 0 && out) resolve(JSON.parse(out) as number[]);
      else reject(new Error(`timer peer exited ${code} before its schedule ran (never started?)`));
    });
  });
}
