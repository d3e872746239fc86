/**
 * The built-in mock LLM server for one run (`llmload run --mock`, `run({ mock })`).
 * The script needs the mock's URL in init code, so a free port is reserved
 * first and the URL given to the script as `__ENV.LLMLOAD_BASE_URL`; the mock
 * itself (a worker thread: its timers and the load generator's socket reads
 * do not queue behind each other) starts on it only once the script and its
 * options validated, and stops with the run.
 */
import net, { type AddressInfo } from 'node:net';
import { resolveMockOptions, type MockOptionsInput } from './mock/options.js';
import { startMockInWorker, type MockWorkerHandle } from './mock/worker.js';

export interface RunMock {
  /** Base URL (no `/v1`), known before the mock starts. */
  url: string;
  /** Starts the mock on the reserved port; resolves with the line the CLI prints about it. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/** Validates the mock settings (`where` names them in errors) and reserves its address. */
export async function reserveMock(input: MockOptionsInput, where: string): Promise<RunMock> {
  const o = resolveMockOptions({ port: 0, ...input }, where); // fail fast, before anything starts
  const host = o.host;
  const port = o.port !== 0 ? o.port : await freePort(host);
  let mock: MockWorkerHandle | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    async start() {
      mock = await startMockInWorker({ ...input, port });
      return `mock LLM server: ${mock.url} (seed ${mock.seed}; ttft ${o.ttft.spec} ms, itl ${o.itl.spec} ms, output ${o.outputTokens.spec} tokens)`;
    },
    close: async () => mock?.close(),
  };
}

/** A port the kernel considers free now (the mock binds it a moment later). */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
