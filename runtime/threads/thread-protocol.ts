import type { RunProgress } from '../api/types.js';
import type { RunFlags } from '../cli/flags.js';
import type { Sample } from '../metrics/types.js';
import type { ConsoleMessage } from './thread-console.js';

/** What a thread of `llmload run --threads` is started with. */
export interface ThreadData {
  /** The in-process coordinator's URL (loopback). */
  coordinator: string;
  index: number;
  /** The run's working directory and environment (run() may give its own). */
  cwd: string;
  processEnv: Record<string, string | undefined>;
  /** Which samples go to the run: every one (it has per-sample outputs), those of its progress line's LLM numbers, or none. */
  forward: 'all' | 'live' | 'none';
  /** Run flags the coordinator does not hand its agents but a thread on this machine can use (the run's bundle among them). */
  flags: Pick<RunFlags, 'script' | 'config' | 'bundled'>;
}

/** A thread's messages to the run, in order on its port. */
export type ThreadMessage =
  | ConsoleMessage
  | { kind: 'samples'; batch: readonly Sample[] }
  | { kind: 'progress'; snapshot: RunProgress }
  | { kind: 'done'; exitCode: number };
