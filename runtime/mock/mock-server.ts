/**
 * The built-in mock LLM server: real HTTP (node:http) with OpenAI-compatible
 * routes, a vLLM-like engine for timing, fake vLLM and DCGM telemetry, and a
 * record of every request as the server saw it.
 *
 *   POST /v1/chat/completions, /v1/completions, /v1/embeddings; GET /v1/models, /health
 *   GET  /metrics (vLLM names), /dcgm/metrics (dcgm-exporter format)
 *   GET  /mock/requests ({ timeOrigin, records }), DELETE /mock/requests (clear)
 *   GET  /, ANY /status/{code}, ANY /echo (plain HTTP for k6-style scripts: plain-http.ts)
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invalidOption } from '../errors.js';
import { randomSeed } from '../random.js';
import { epochOrigin } from '../scheduler/clock.js';
import { getTokenizer } from '../tokenizers/index.js';
import { ConnectionCloser } from './connection-close.js';
import { DeadlineTimers } from './deadline-timers.js';
import { Engine, type EngineStats } from './serving-model.js';
import { FakeGpus } from './fake-gpus.js';
import type { GenerationEndpoint } from './openai-request.js';
import { resolveMockOptions, type MockOptions, type MockOptionsInput } from './options.js';
import { servePlainHttp } from './plain-http.js';
import { PromptCounter } from './prompt-counter.js';
import { RecordLog, type MockRequestRecord } from './records.js';
import { sendError } from './respond.js';
import { buildVocabulary } from './vocabulary.js';
import { VllmMetrics } from './vllm-metrics.js';
import { type ApiContext, serveApi } from './api-request.js';
import { type InfoSources, serveInfo } from './info-routes.js';

/** A running mock server. */
export interface MockServer {
  /** Base URL without `/v1`, e.g. `http://127.0.0.1:39213`. */
  url: string;
  port: number;
  /** The seed every random draw derives from (given or picked). */
  seed: string | number;
  options: MockOptions;
  /** Per-request records in arrival order (copies). */
  records(): MockRequestRecord[];
  /** Epoch ms of the records' time 0 (their times are this thread's performance.now()), calibrated as `wallTime`. */
  timeOrigin: number;
  clearRecords(): void;
  /** Engine counters: running, waiting, KV use, token totals. */
  stats(): EngineStats;
  /** Stops listening and drops every connection. */
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;
const ROUTES: Record<string, GenerationEndpoint | 'embeddings'> = {
  '/v1/chat/completions': 'chat',
  '/v1/completions': 'completions',
  '/v1/embeddings': 'embeddings',
};

/**
 * Starts a mock server. Options as in `llmload mock` (camelCase or
 * kebab-case keys); unlike the CLI it listens on a free port unless `port` is
 * given. Invalid options throw LlmloadError('ERR_INVALID_OPTION').
 */
export async function startMockServer(input: MockOptionsInput = {}): Promise<MockServer> {
  const opts = resolveMockOptions({ port: 0, ...input });
  epochOrigin(); // calibrated before the first request, not during it
  const seed = opts.seed ?? randomSeed();
  const tokenizer = getTokenizer(opts.tokenizer, process.cwd());
  const vocab = buildVocabulary(tokenizer);
  const prompts = new PromptCounter(tokenizer);
  const log = new RecordLog(opts.records);
  const timers = new DeadlineTimers();
  // First tokens are timed precisely once the waker's thread runs (tens of ms).
  await timers.ready;
  const metrics = new VllmMetrics(opts.model);
  const engine = new Engine(timers, {
    maxConcurrency: opts.maxConcurrency,
    kvCacheTokens: opts.kvCacheTokens,
    tokensPerChunk: opts.tokensPerChunk,
    onQueueTime: (ms) => metrics.onQueueTime(ms),
  });
  const gpus = new FakeGpus({ gpus: opts.gpus, model: opts.gpuModel, maxConcurrency: opts.maxConcurrency, seed }, () => engine.stats());
  const closer = new ConnectionCloser(opts.closeConnections);
  const api: ApiContext = {
    opts,
    seed,
    log,
    engine,
    vocab,
    tokenizer,
    timers,
    streamed: new WeakSet<ServerResponse>(),
    countPrompt: (p) => prompts.count(p),
    onDone: (r) => metrics.onDone(r),
  };
  const info: InfoSources = { opts, log, metrics, engine, gpus };

  function route(req: IncomingMessage, res: ServerResponse): void {
    // A request on a connection that close-connections is closing is never served.
    if (!closer.admit(req)) return;
    const received = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    if (typeof req.headers['x-request-id'] === 'string') res.setHeader('x-request-id', req.headers['x-request-id']);
    closer.watch(req, res, () => api.streamed.has(res));
    const endpoint = ROUTES[path];
    if (endpoint) {
      if (req.method !== 'POST') return sendError(res, 405, `use POST for ${path}`);
      // Its TTFT counts from `received` either way; only its parsing yields to a first token due now.
      return collectBody(req, res, (body) => timers.defer(() => serveApi(api, req, res, endpoint, received, body)));
    }
    // Before req.resume(): /echo reads the body.
    if (servePlainHttp(req, res, path)) return;
    req.resume();
    serveInfo(req, res, path, info);
  }

  const server = http.createServer({ noDelay: true }, route);
  server.keepAliveTimeout = opts.keepAlive;
  server.headersTimeout = Math.max(60_000, opts.keepAlive + 1000);
  server.requestTimeout = 0;
  closer.configure(server);
  await listen(server, opts).catch((err: unknown) => {
    timers.stop();
    gpus.stop();
    throw err;
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    seed,
    options: opts,
    records: () => log.list(),
    timeOrigin: epochOrigin(),
    clearRecords: () => log.clear(),
    stats: () => engine.stats(),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        timers.stop();
        gpus.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** The request's body, once it has all arrived; a body over MAX_BODY gets a 413 and the connection is dropped. */
function collectBody(req: IncomingMessage, res: ServerResponse, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      sendError(res, 413, 'request body too large');
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (size > MAX_BODY) return;
    done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  });
}

/** Listens on the mock's host and port; a port in use or not allowed is a setting to change, not a crash. */
function listen(server: http.Server, opts: MockOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
        reject(invalidOption('mock option "port"', `cannot listen on ${opts.host}:${opts.port} (${err.code})`));
      } else reject(err);
    });
    server.listen({ port: opts.port, host: opts.host, backlog: 65535 }, () => resolve());
  });
}
