/**
 * `llmload run --mock` runs the mock server in a worker thread of the llmload
 * process: in-process (it starts and dies with the run), yet on its own event
 * loop, so the server's timers and the load generator's socket reads do not
 * queue behind each other. The worker runs dist/mock-worker.js
 * (runtime/mock/worker-main.ts), built next to dist/cli.js.
 */
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { isLlmloadError, LlmloadError, type ErrorCode } from '../errors.js';
import type { MockOptionsInput } from './options.js';
import type { MockRequestRecord } from './records.js';
import { startMockServer } from './mock-server.js';

const KEY = 'llmloadMockWorker';

type FromWorker =
  | { type: 'ready'; url: string; seed: string | number }
  | { type: 'error'; code?: ErrorCode; message: string }
  | { type: 'closed' }
  | { type: 'records'; id: number; records: MockRequestRecord[] };

type ToWorker = { type: 'close' } | { type: 'records'; id: number; clear: boolean };

/** The worker's body: start the server, report its URL, close on request. */
export function runMockWorker(): void {
  const port = parentPort!;
  const input = (workerData as Record<string, MockOptionsInput>)[KEY]!;
  startMockServer(input).then(
    (server) => {
      port.postMessage({ type: 'ready', url: server.url, seed: server.seed } satisfies FromWorker);
      port.on('message', (m: ToWorker) => {
        if (m.type === 'records') {
          const records = m.clear ? [] : server.records();
          if (m.clear) server.clearRecords();
          port.postMessage({ type: 'records', id: m.id, records } satisfies FromWorker);
          return;
        }
        void server.close().then(() => {
          port.postMessage({ type: 'closed' } satisfies FromWorker);
          port.close();
        });
      });
    },
    (err: unknown) => {
      const e = err as { message?: string };
      const code = isLlmloadError(err) ? err.code : undefined;
      port.postMessage({ type: 'error', code, message: String(e.message ?? err) } satisfies FromWorker);
      port.close();
    },
  );
}

export interface MockWorkerHandle {
  url: string;
  seed: string | number;
  /** The server's per-request records (copies), fetched from its thread. */
  records(): Promise<MockRequestRecord[]>;
  clearRecords(): Promise<void>;
  close(): Promise<void>;
}

/** dist/mock-worker.js, next to the bundled chunk this module is part of. */
export const MOCK_WORKER_ENTRY = new URL('./mock-worker.js', import.meta.url);

/** Starts the mock in a worker thread running `entry` (the built worker script). */
export function startMockInWorker(input: MockOptionsInput, entry: string | URL = MOCK_WORKER_ENTRY): Promise<MockWorkerHandle> {
  const worker = new Worker(entry, { workerData: { [KEY]: input } });
  return new Promise((resolve, reject) => {
    let closing: Promise<void> | undefined;
    worker.once('error', reject);
    worker.on('message', (m: FromWorker) => {
      if (m.type === 'error') {
        reject(new LlmloadError(m.code ?? 'ERR_INTERNAL', m.message));
        void worker.terminate();
      } else if (m.type === 'ready') {
        worker.off('error', reject);
        worker.on('error', (err) => process.stderr.write(`WARN mock server thread failed: ${err.message}\n`));
        // Record requests in flight, by id; a thread that exits answers none of them.
        const asked = new Map<number, { done(records: MockRequestRecord[]): void; fail(err: Error): void }>();
        let nextId = 0;
        worker.on('message', (r: FromWorker) => {
          if (r.type !== 'records') return;
          asked.get(r.id)?.done(r.records);
          asked.delete(r.id);
        });
        worker.once('exit', () => {
          for (const a of asked.values()) a.fail(new Error('the mock server is closed'));
          asked.clear();
        });
        const ask = (clear: boolean) =>
          new Promise<MockRequestRecord[]>((done, fail) => {
            if (closing) return fail(new Error('the mock server is closed'));
            const id = nextId++;
            asked.set(id, { done, fail });
            worker.postMessage({ type: 'records', id, clear } satisfies ToWorker);
          });
        resolve({
          url: m.url,
          seed: m.seed,
          records: () => ask(false),
          clearRecords: async () => void (await ask(true)),
          close: () =>
            (closing ??= new Promise<void>((done) => {
              // A stuck close must not hold the run's exit.
              const stuck = setTimeout(() => void worker.terminate(), 2000).unref();
              worker.once('exit', () => {
                clearTimeout(stuck);
                done();
              });
              worker.postMessage({ type: 'close' } satisfies ToWorker);
            })),
        });
      }
    });
  });
}
