/**
 * The counting thread's body (see count-thread.ts). runtime/build.mjs bundles
 * this file on its own into dist/count-worker.js; nothing else imports it.
 * Requests are answered in order, one at a time: a long count delays only the
 * counts queued behind it, never the main thread.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { isLlmloadError } from '../errors.js';
import { COUNT_WORKER_KEY, type CountReply, type CountRequest } from './count-thread.js';
import { getTokenizer } from './index.js';

function answer(m: CountRequest): CountReply {
  try {
    // `source` is an encoding name or an absolute path: any working directory resolves it.
    const tok = getTokenizer(m.source, '/');
    return { id: m.id, counts: m.texts.map((t) => tok.count(t)) };
  } catch (err) {
    return { id: m.id, error: { code: isLlmloadError(err) ? err.code : undefined, message: err instanceof Error ? err.message : String(err) } };
  }
}

if (!isMainThread && (workerData as Record<string, unknown> | null)?.[COUNT_WORKER_KEY] === true) {
  const port = parentPort!;
  port.on('message', (m: CountRequest) => port.postMessage(answer(m)));
}
