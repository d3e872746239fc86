/**
 * A thread of `llmload run --threads` (dist/run-worker.js): one agent of the
 * run's in-process coordinator, over loopback, that forwards its samples and
 * console to the run (runtime/threads/run-threads.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runAgent } from '../distributed/agent.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import type { Sample } from '../metrics/types.js';
import { createProgressCallback } from '../progress.js';
import { LIVE_LLM_METRICS } from '../progress-llm.js';
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
    forward: forwarder(data.forward),
    progress: createProgressCallback((snapshot) => post({ kind: 'progress', snapshot })),
    flags: data.flags,
  },
});
post({ kind: 'done', exitCode });

function forwarder(which: ThreadData['forward']): ((batch: readonly Sample[]) => void) | undefined {
  if (which === 'none') return undefined;
  return (all) => {
    const batch = which === 'all' ? all : all.filter((s) => LIVE_LLM_METRICS.has(s.metric));
    if (batch.length > 0) post({ kind: 'samples', batch });
  };
}
