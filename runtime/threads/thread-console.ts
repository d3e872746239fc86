import type { RunConsole } from '../console.js';

/** What a thread's console sends to the run's: warnings, errors and the script's console.*. */
export type ConsoleMessage =
  | { kind: 'warn' | 'error'; message: string }
  | { kind: 'log'; level: 'log' | 'info' | 'warn' | 'error' | 'debug'; vu: number; message: string };

/**
 * The console of a thread of `llmload run --threads`: its warnings, errors and
 * the script's console.* go to the run's console (one place that dedupes
 * warnings and honours --quiet and --console-output). What a thread would say
 * about itself as an agent (INFO lines, its header) the run says once.
 */
export function threadConsole(post: (m: ConsoleMessage) => void, env: { cwd: string; processEnv: Record<string, string | undefined> }): RunConsole {
  const nowhere = { write: () => true };
  return {
    cwd: env.cwd,
    processEnv: env.processEnv,
    color: false,
    stdout: nowhere,
    stderr: nowhere,
    messages: [],
    info: () => {},
    note: () => {},
    warn: (message) => post({ kind: 'warn', message }),
    error: (message) => post({ kind: 'error', message }),
    log: (level, vu, message) => post({ kind: 'log', level, vu, message }),
    header: () => {},
    close: async () => {},
    stdin: () => Promise.reject(new Error('a thread reads no stdin')),
  };
}

/** Replays a thread's message on the run's console. */
export function replayOnConsole(con: RunConsole, m: ConsoleMessage): void {
  if (m.kind === 'log') con.log(m.level, m.vu, m.message);
  else con[m.kind](m.message);
}
