import { startMockInWorker } from '../mock/worker.js';
import type { MockServerHandle, MockSettings } from './types.js';

/**
 * Starts the built-in mock LLM server (OpenAI API, vLLM /metrics, DCGM
 * /dcgm/metrics) on a free port, on its own thread of this process, so its
 * timing does not queue behind the load generator's. Rejects with an
 * LlmloadError (code ERR_INVALID_OPTION) for an invalid setting.
 *
 * @example
 *   const mock = await startMock({ ttft: 50, itl: 5 });
 *   const result = await run({ script: 'test.ts', env: { LLMLOAD_BASE_URL: mock.url } });
 *   const seen = await mock.records();
 *   await mock.close();
 */
export async function startMock(settings: MockSettings = {}): Promise<MockServerHandle> {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new TypeError('startMock(settings): settings must be an object');
  const h = await startMockInWorker({ port: 0, ...settings });
  return { url: h.url, seed: h.seed, records: h.records, clearRecords: h.clearRecords, close: h.close };
}
