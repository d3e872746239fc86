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
import { Random, randomSeed } from '../random.js';
import { epochOrigin } from '../scheduler/clock.js';
import { getTokenizer } from '../tokenizers/index.js';
import { ConnectionCloser } from './connection-close.js';
import { DeadlineTimers } from './deadline-timers.js';
import { hexId } from './framing.js';
import { parseEmbeddingRequest, serveEmbeddings } from './embeddings.js';
import { Engine, type EngineStats } from './serving-model.js';
import { FakeGpus } from './fake-gpus.js';
import { serveGeneration } from './generation.js';
import { HttpError, parseGenerationRequest, type GenerationEndpoint } from './openai-request.js';
import { resolveMockOptions, type MockOptions, type MockOptionsInput } from './options.js';
import { planRequest } from './plan.js';
import { servePlainHttp } from './plain-http.js';
import { PromptCounter } from './prompt-counter.js';
import { RecordLog, type MockRequestRecord } from './records.js';
import { sendError, sendJson } from './respond.js';
import { buildVocabulary } from './vocabulary.js';
import { VllmMetrics } from './vllm-metrics.js';

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
const ID_PREFIX = { chat: 'chatcmpl-', completions: 'cmpl-', embeddings: 'embd-' } as const;

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
  const onDone = (r: MockRequestRecord) => metrics.onDone(r);
  const closer = new ConnectionCloser(opts.closeConnections);
  /** Responses to streamed requests (`close-connections=streams` closes after them). */
  const streamed = new WeakSet<ServerResponse>();

  function serveApi(req: IncomingMessage, res: ServerResponse, endpoint: GenerationEndpoint | 'embeddings', received: number, body: Buffer): void {
    const requestId = req.headers['x-request-id'];
    const rec = log.open({
      id: '',
      requestId: typeof requestId === 'string' ? requestId : undefined,
      endpoint,
      model: opts.model,
      stream: false,
      received,
      chunkTimes: opts.chunkTimes ? [] : undefined,
    });
    // As long as the engines' random ids (32 hex digits), yet reproducible; a chat stream's framing may set its own.
    rec.id = `${ID_PREFIX[endpoint]}${hexId(rec.seq, 32)}`;
    const rng = new Random(`${seed}:${rec.seq}`);
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (err) {
        throw new HttpError(400, `the body is not valid JSON (${(err as Error).message})`);
      }
      if (endpoint === 'embeddings') {
        const er = parseEmbeddingRequest(parsed);
        rec.model = er.model ?? opts.model;
        serveEmbeddings({ opts, timers, countPrompt: (p) => prompts.count(p), onDone }, er, rng, rec, res);
        return;
      }
      const gr = parseGenerationRequest(endpoint, parsed);
      rec.model = gr.model ?? opts.model;
      rec.stream = gr.stream;
      if (gr.stream) streamed.add(res);
      rec.promptTokens = prompts.count(gr.prompt);
      if (!engine.fits(rec.promptTokens)) {
        throw new HttpError(
          400,
          `the prompt has ${rec.promptTokens} tokens, more than the KV cache holds (kv-cache-tokens ${opts.kvCacheTokens})`,
          'invalid_request_error',
          'messages',
        );
      }
      serveGeneration({ opts, engine, vocab, tokenizer, onDone }, gr, planRequest(gr, opts, rng), rng, rec, res);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      rec.status = err.status;
      rec.error = 'bad_request';
      rec.end = performance.now();
      sendError(res, err.status, err.message, err.type, err.param);
    }
  }

  function route(req: IncomingMessage, res: ServerResponse): void {
    // A request on a connection that close-connections is closing is never served.
    if (!closer.admit(req)) return;
    const received = performance.now();
    const path = (req.url ?? '/').split('?')[0]!;
    if (typeof req.headers['x-request-id'] === 'string') res.setHeader('x-request-id', req.headers['x-request-id']);
    closer.watch(req, res, () => streamed.has(res));
    const api = ROUTES[path];
    if (api) {
      if (req.method !== 'POST') return sendError(res, 405, `use POST for ${path}`);
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
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        // Its TTFT counts from `received` either way; only its parsing yields to a first token due now.
        timers.defer(() => serveApi(req, res, api, received, body));
      });
      return;
    }
    // Before req.resume(): /echo reads the body.
    if (servePlainHttp(req, res, path)) return;
    req.resume();
    const get = req.method === 'GET' || req.method === 'HEAD';
    if (path === '/mock/requests' && req.method === 'DELETE') {
      log.clear();
      return sendJson(res, 200, { cleared: true });
    }
    if (!get) return sendError(res, 405, `method ${req.method} not allowed on ${path}`);
    switch (path) {
      case '/v1/models':
        return sendJson(res, 200, {
          object: 'list',
          data: [
            {
              id: opts.model,
              object: 'model',
              created: Math.floor(epochOrigin() / 1000),
              owned_by: 'llmload',
              root: opts.model,
              parent: null,
              max_model_len: opts.kvCacheTokens,
            },
          ],
        });
      case '/health':
        res.writeHead(200);
        return void res.end();
      case '/metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        return void res.end(metrics.render(engine.stats()));
      case '/dcgm/metrics':
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        return void res.end(gpus.render());
      case '/mock/requests':
        return sendJson(res, 200, { timeOrigin: epochOrigin(), records: log.list() });
      default:
        return sendError(
          res,
          404,
          `no route ${path} (the mock serves /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models, /health, /metrics, /dcgm/metrics, /mock/requests, /, /status/{code}, /echo)`,
        );
    }
  }

  const server = http.createServer({ noDelay: true }, route);
  server.keepAliveTimeout = opts.keepAlive;
  server.headersTimeout = Math.max(60_000, opts.keepAlive + 1000);
  server.requestTimeout = 0;
  closer.configure(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      timers.stop();
      gpus.stop();
      // A port in use or not allowed is a setting to change, not a crash.
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL') {
        reject(invalidOption('mock option "port"', `cannot listen on ${opts.host}:${opts.port} (${err.code})`));
      } else reject(err);
    });
    server.listen({ port: opts.port, host: opts.host, backlog: 65535 }, () => resolve());
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
