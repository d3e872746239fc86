import type { IncomingMessage, ServerResponse } from 'node:http';
import { Random } from '../random.js';
import { type EmbeddingContext, parseEmbeddingRequest, serveEmbeddings } from './embeddings.js';
import { hexId } from './framing.js';
import { type GenerationContext, serveGeneration } from './generation.js';
import { HttpError, parseGenerationRequest, type GenerationEndpoint } from './openai-request.js';
import { planRequest } from './plan.js';
import type { RecordLog } from './records.js';
import { sendError } from './respond.js';

/** What serving one API request needs: the generation's and the embeddings' context, and the run's own state. */
export interface ApiContext extends GenerationContext, EmbeddingContext {
  /** The seed every request's random draws derive from. */
  seed: string | number;
  log: RecordLog;
  /** Responses to streamed requests (`close-connections=streams` closes after them). */
  streamed: WeakSet<ServerResponse>;
}

const ID_PREFIX = { chat: 'chatcmpl-', completions: 'cmpl-', embeddings: 'embd-' } as const;

/**
 * One POST to /v1/chat/completions, /v1/completions or /v1/embeddings whose
 * body has arrived: recorded, parsed, checked against the KV cache and
 * served; a bad request gets the OpenAI-style error it would get from vLLM.
 */
export function serveApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: GenerationEndpoint | 'embeddings',
  received: number,
  body: Buffer,
): void {
  const { opts } = ctx;
  const requestId = req.headers['x-request-id'];
  const rec = ctx.log.open({
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
  const rng = new Random(`${ctx.seed}:${rec.seq}`);
  try {
    const parsed = parseJson(body);
    if (endpoint === 'embeddings') {
      const er = parseEmbeddingRequest(parsed);
      rec.model = er.model ?? opts.model;
      serveEmbeddings(ctx, er, rng, rec, res);
      return;
    }
    const gr = parseGenerationRequest(endpoint, parsed);
    rec.model = gr.model ?? opts.model;
    rec.stream = gr.stream;
    if (gr.stream) ctx.streamed.add(res);
    rec.promptTokens = ctx.countPrompt(gr.prompt);
    if (!ctx.engine.fits(rec.promptTokens)) {
      throw new HttpError(
        400,
        `the prompt has ${rec.promptTokens} tokens, more than the KV cache holds (kv-cache-tokens ${opts.kvCacheTokens})`,
        'invalid_request_error',
        'messages',
      );
    }
    serveGeneration(ctx, gr, planRequest(gr, opts, rng), rng, rec, res);
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    rec.status = err.status;
    rec.error = 'bad_request';
    rec.end = performance.now();
    sendError(res, err.status, err.message, err.type, err.param);
  }
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new HttpError(400, `the body is not valid JSON (${(err as Error).message})`);
  }
}
