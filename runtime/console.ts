import { createWriteStream } from 'node:fs';
import type { RunMessage } from './api/types.js';
import path from 'node:path';
import type { RunFlags } from './cli/flags.js';
import type { CancelOptions } from './options/cancel.js';
import { formatDuration } from './options/duration.js';
import type { Prepared } from './prepare.js';
import { plannedInitialVus } from './scheduler/scheduler.js';
import { describeShare } from './segments/segment-schedule.js';

/** Somewhere text goes: process.stdout/stderr for the CLI, nowhere for a quiet `run()`. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The most messages a run keeps for its result (each distinct script error is one). */
const MAX_MESSAGES = 1000;

/** Where a run writes: the run header and logs go to stderr, the summary to stdout (as k6). */
export interface RunConsole {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A plain line on stderr, without a level (the `--mock` server line). */
  note(message: string): void;
  log(level: 'log' | 'info' | 'warn' | 'error' | 'debug', vu: number, message: string): void;
  /** k6's run header; `notes` are extra lines from before the test (e.g. `model: auto → …`). */
  header(prepared: Prepared, outputs: string[], notes?: readonly string[]): void;
  /** Flushes and closes the --console-output file, if any. */
  close(): Promise<void>;
  stdin(): Promise<string>;
  cwd: string;
  processEnv: Record<string, string | undefined>;
  color: boolean;
  /** The end-of-test summary and handleSummary's `stdout` go here. */
  stdout: TextSink;
  /** Everything else (header, progress, messages, the script's console) goes here. */
  stderr: TextSink;
  /** This run's WARN and ERROR lines so far, in order (at most 1000). */
  readonly messages: readonly RunMessage[];
}

/** What a console writes to and reads from; the CLI's defaults are the process's own. */
export interface ConsoleEnv {
  stdout?: TextSink;
  stderr?: TextSink;
  cwd?: string;
  processEnv?: Record<string, string | undefined>;
}

/** A sink that drops everything: a quiet `run()` writes nothing. */
export const DISCARD: TextSink = { write: () => true, isTTY: false };

export function createConsole(flags: Pick<RunFlags, 'quiet' | 'color' | 'verbose' | 'consoleOutput'>, env: ConsoleEnv = {}): RunConsole {
  const stdout = env.stdout ?? process.stdout;
  const stderr = env.stderr ?? process.stderr;
  const color = flags.color && stdout.isTTY === true && !process.env.NO_COLOR;
  const paint = (code: string, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const warned = new Set<string>();
  const messages: RunMessage[] = [];
  const keep = (level: RunMessage['level'], message: string) => messages.length < MAX_MESSAGES && messages.push({ level, message });
  const write = (s: string) => stderr.write(s + '\n');
  // k6's --console-output: the script's console.* goes to a file, llmload's own messages stay on stderr.
  const scriptLog = flags.consoleOutput ? createWriteStream(path.resolve(flags.consoleOutput), { flags: 'a' }) : undefined;
  const writeScript = scriptLog ? (s: string) => scriptLog.write(s + '\n') : write;
  return {
    color,
    cwd: env.cwd ?? process.cwd(),
    processEnv: env.processEnv ?? process.env,
    stdout,
    stderr,
    messages,
    info: (m) => write(paint('36', 'INFO ') + m),
    warn: (m) => {
      if (warned.has(m)) return;
      warned.add(m);
      keep('warn', m);
      write(paint('33', 'WARN ') + m);
    },
    error: (m) => {
      keep('error', m);
      write(paint('31', 'ERROR ') + m);
    },
    note: (m) => write(m),
    log: (level, vu, m) => {
      if (level === 'debug' && !flags.verbose) return;
      const tag = level === 'error' ? paint('31', 'ERROR') : level === 'warn' ? paint('33', 'WARN ') : paint('36', 'INFO ');
      writeScript(`${tag} [vu ${vu}] ${m}`);
    },
    close: () => new Promise<void>((resolve) => (scriptLog ? scriptLog.end(resolve) : resolve())),
    header(p, outputs, notes = []) {
      if (flags.quiet) return;
      write(headerLines(p, outputs, notes).join('\n'));
    },
    async stdin() {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** k6's run header: script, outputs, telemetry, before-test notes, then one line per scenario. */
function headerLines(p: Prepared, outputs: string[], notes: readonly string[]): string[] {
  const maxVUs = Math.max(
    plannedInitialVus(p.planned),
    ...p.planned.map(({ schedule: s }) => (s.kind === 'arrivals' ? s.maxVUs : s.kind === 'vus' ? s.maxVUs : s.vus)),
  );
  const maxDuration = Math.max(
    ...p.planned.map(({ scenario, executor }) => scenario.startTime + executor.maxDuration(scenario.config) + scenario.gracefulStop),
  );
  return [
    `  execution: local`,
    ...(p.options.executionSegment || p.options.executionSegmentSequence ? [`    segment: ${segmentNote(p)}`] : []),
    `     script: ${p.bundle.filename}`,
    `     output: ${outputs.length ? outputs.join(', ') : '-'}`,
    ...(p.telemetry.length ? [`  telemetry: ${p.telemetry.map((t) => t.description()).join(', ')}`] : []),
    // `label: text`, the label aligned with the ones above.
    ...notes.map((n) => (n.indexOf(': ') > 0 ? n.slice(0, n.indexOf(': ')).padStart(11) + n.slice(n.indexOf(': ')) : `  ${n}`)),
    ``,
    `  scenarios: ${p.planned.length} scenario${p.planned.length === 1 ? '' : 's'}, ${maxVUs} max VUs, ${formatDuration(maxDuration)} max duration (incl. graceful stop):`,
    ...p.planned.map(
      ({ scenario, executor, schedule, iterationInTest }) =>
        `           * ${scenario.name}: ${executor.describe(scenario.config)} (${scenario.startTime ? `startTime: ${formatDuration(scenario.startTime)}, ` : ''}gracefulStop: ${formatDuration(scenario.gracefulStop)}${cancelNote(scenario.cancel)})` +
        // Only a segmented plan numbers its iterations test-wide: say what this instance's share is.
        (iterationInTest ? `; this segment: ${describeShare(schedule)}` : ''),
    ),
    ``,
  ];
}

/** `1/4:1/2 of 0,1/4,1/2,1 (this instance runs that part of the scenarios below)`. */
function segmentNote(p: Prepared): string {
  const seg = p.options.executionSegment ?? '0:1';
  const seq = p.options.executionSegmentSequence;
  return `${seg}${seq ? ` of ${seq}` : ''} (this instance runs that part of the scenarios below)`;
}

/** `, cancel: 10% after 500ms` for a scenario's header line. */
function cancelNote(c: CancelOptions | undefined): string {
  return c ? `, cancel: ${Math.round(c.rate * 1000) / 10}% after ${formatDuration(c.after)}` : '';
}
