import type { IncomingMessage, ServerResponse } from 'node:http';
import { epochOrigin } from '../scheduler/clock.js';
import type { FakeGpus } from './fake-gpus.js';
import type { MockOptions } from './options.js';
import type { RecordLog } from './records.js';
import { sendError, sendJson } from './respond.js';
import type { Engine } from './serving-model.js';
import type { VllmMetrics } from './vllm-metrics.js';

/** What the mock's informational routes read. */
export interface InfoSources {
  opts: MockOptions;
  log: RecordLog;
  metrics: VllmMetrics;
  engine: Engine;
  gpus: FakeGpus;
}

const PROMETHEUS_TEXT = { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' };

/**
 * The routes besides the API and plain HTTP: /v1/models, /health, /metrics
 * (vLLM), /dcgm/metrics (dcgm-exporter), /mock/requests (GET, DELETE), and
 * the 404 that lists every route. The request's body is already drained.
 */
export function serveInfo(req: IncomingMessage, res: ServerResponse, path: string, s: InfoSources): void {
  if (path === '/mock/requests' && req.method === 'DELETE') {
    s.log.clear();
    return sendJson(res, 200, { cleared: true });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, `method ${req.method} not allowed on ${path}`);
  switch (path) {
    case '/v1/models':
      return sendJson(res, 200, modelList(s.opts));
    case '/health':
      res.writeHead(200);
      return void res.end();
    case '/metrics':
      res.writeHead(200, PROMETHEUS_TEXT);
      return void res.end(s.metrics.render(s.engine.stats()));
    case '/dcgm/metrics':
      res.writeHead(200, PROMETHEUS_TEXT);
      return void res.end(s.gpus.render());
    case '/mock/requests':
      return sendJson(res, 200, { timeOrigin: epochOrigin(), records: s.log.list() });
    default:
      return sendError(
        res,
        404,
        `no route ${path} (the mock serves /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models, /health, /metrics, /dcgm/metrics, /mock/requests, /, /status/{code}, /echo)`,
      );
  }
}

/** GET /v1/models: the one served model, as vLLM lists it. */
function modelList(opts: MockOptions): unknown {
  return {
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
  };
}
