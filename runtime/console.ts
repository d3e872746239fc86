import { createWriteStream } from 'node:fs';
import path from 'node:path';
import type { RunFlags } from './cli/flags.js';
import { formatDuration } from './options/duration.js';
import type { Prepared } from './prepare.js';
import { plannedInitialVus } from './scheduler/scheduler.js';

/** Where the CLI writes: the run header and logs go to stderr, the summary to stdout (as k6). */
export interface RunConsole {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  log(level: 'log' | 'info' | 'warn' | 'error' | 'debug', vu: number, message: string): void;
  header(prepared: Prepared, outputs: string[]): void;
  /** Flushes and closes the --console-output file, if any. */
  close(): Promise<void>;
  stdin(): Promise<string>;
  cwd: string;
  processEnv: Record<string, string | undefined>;
  color: boolean;
}

export function createConsole(flags: Pick<RunFlags, 'quiet' | 'color' | 'verbose' | 'consoleOutput'>): RunConsole {
  const color = flags.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const warned = new Set<string>();
  const write = (s: string) => process.stderr.write(s + '\n');
  // k6's --console-output: the script's console.* goes to a file, llmload's own messages stay on stderr.
  const scriptLog = flags.consoleOutput ? createWriteStream(path.resolve(flags.consoleOutput), { flags: 'a' }) : undefined;
  const writeScript = scriptLog ? (s: string) => scriptLog.write(s + '\n') : write;
  return {
    color,
    cwd: process.cwd(),
    processEnv: process.env,
    info: (m) => write(paint('36', 'INFO ') + m),
    warn: (m) => {
      if (warned.has(m)) return;
      warned.add(m);
      write(paint('33', 'WARN ') + m);
    },
    error: (m) => write(paint('31', 'ERROR ') + m),
    log: (level, vu, m) => {
      if (level === 'debug' && !flags.verbose) return;
      const tag = level === 'error' ? paint('31', 'ERROR') : level === 'warn' ? paint('33', 'WARN ') : paint('36', 'INFO ');
      writeScript(`${tag} [vu ${vu}] ${m}`);
    },
    close: () => new Promise<void>((resolve) => (scriptLog ? scriptLog.end(resolve) : resolve())),
    header(p, outputs) {
      if (flags.quiet) return;
      const maxVUs = Math.max(
        plannedInitialVus(p.planned),
        ...p.planned.map(({ schedule: s }) => (s.kind === 'arrivals' ? s.maxVUs : s.kind === 'vus' ? s.maxVUs : s.vus)),
      );
      const maxDuration = Math.max(
        ...p.planned.map(({ scenario, executor }) => scenario.startTime + executor.maxDuration(scenario.config) + scenario.gracefulStop),
      );
      const lines = [
        `  execution: local`,
        `     script: ${p.bundle.filename}`,
        `     output: ${outputs.length ? outputs.join(', ') : '-'}`,
        ...(p.telemetry.length ? [`  telemetry: ${p.telemetry.map((t) => t.description()).join(', ')}`] : []),
        ``,
        `  scenarios: ${p.planned.length} scenario${p.planned.length === 1 ? '' : 's'}, ${maxVUs} max VUs, ${formatDuration(maxDuration)} max duration (incl. graceful stop):`,
        ...p.planned.map(
          ({ scenario, executor }) =>
            `           * ${scenario.name}: ${executor.describe(scenario.config)} (${scenario.startTime ? `startTime: ${formatDuration(scenario.startTime)}, ` : ''}gracefulStop: ${formatDuration(scenario.gracefulStop)})`,
        ),
        ``,
      ];
      write(lines.join('\n'));
    },
    async stdin() {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}
