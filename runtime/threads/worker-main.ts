/**
 * A thread of `llmload run --threads` (dist/run-worker.js): one agent of the
 * run's in-process coordinator, over loopback, that forwards its samples and
 * console to the run (runtime/threads/run-threads.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runAgent } from '../distributed/agent.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { createProgressCallback } from '../progress.js';
import { threadConsole } from './thread-console.js';
import type { ThreadData, ThreadMessage } from './thread-protocol.js';

const data = workerData as ThreadData;
const post = (m: ThreadMessage) => parentPort!.postMessage(m);
const exitCode = await runAgent({
  coordinator: data.coordinator,
  index: data.index,
  plugins: new PluginRegistry(BUILTIN_PLUGINS),
  con: threadConsole(post, data),
  quiet: true,
  waitMs: 10_000,
  thread: {
    forward: data.forward ? (batch) => batch.length > 0 && post({ kind: 'samples', batch }) : undefined,
    progress: createProgressCallback((snapshot) => post({ kind: 'progress', snapshot })),
    flags: data.flags,
  },
});
post({ kind: 'done', exitCode });
