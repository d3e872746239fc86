import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const binPath = path.join(repoRoot, 'runtime/bin/llmload.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Spawns the real `llmload` bin (as users run it) and collects its output.
 * `signalAfter` sends SIGINT once the given text appears on stderr/stdout.
 */
export function runCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; stdin?: string; signalWhen?: { text: string; signal?: NodeJS.Signals }; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: opts.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    const maybeSignal = () => {
      if (opts.signalWhen && !signalled && (stdout + stderr).includes(opts.signalWhen.text)) {
        signalled = true;
        child.kill(opts.signalWhen.signal ?? 'SIGINT');
      }
    };
    child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), maybeSignal()));
    child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), maybeSignal()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.stdin ?? '');
  });
}

/**
 * stderr without llmload's load-generator saturation warnings: on a busy
 * 2-core test machine a run may rightly report that it was starved of CPU;
 * tests that assert a clean stderr are about everything else.
 */
export function stderrBesidesHealth(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => !l.includes('load generator saturated'))
    .join('\n');
}
