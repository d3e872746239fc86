/**
 * `/v1/embeddings`: answers after one TTFT draw (plus prefill per token) with
 * a deterministic unit vector per input (same text → same vector), as floats
 * or base64 (`encoding_format`). Embeddings bypass the generation queue.
 */
import type { ServerResponse } from 'node:http';
import { Random } from '../random.js';
import type { Timed, Timers } from './deadline-timers.js';
import { HttpError } from './openai-request.js';
import type { MockOptions } from './options.js';
import type { MockRequestRecord } from './records.js';
import { onClientGone, sendError, sendJson } from './respond.js';

export interface EmbeddingRequest {
  inputs: (string | number)[];
  model: string | undefined;
  base64: boolean;
  dimensions: number | undefined;
}

export function parseEmbeddingRequest(raw: unknown): EmbeddingRequest {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new HttpError(400, 'the request body must be a JSON object');
  const body = raw as Record<string, unknown>;
  const input = body.input;
  let inputs: (string | number)[];
  if (typeof input === 'string') inputs = [input];
  else if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'number')) inputs = [input.length];
  else if (
    Array.isArray(input) &&
    input.length > 0 &&
    input.every((x) => typeof x === 'string' || (Array.isArray(x) && x.every((y) => typeof y === 'number')))
  ) {
    inputs = input.map((x) => (typeof x === 'string' ? x : (x as number[]).length));
  } else throw new HttpError(400, 'input must be a string, an array of strings or token ids', 'invalid_request_error', 'input');
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64')
    throw new HttpError(400, 'encoding_format must be "float" or "base64"', 'invalid_request_error', 'encoding_format');
  const dims = body.dimensions;
  if (dims !== undefined && dims !== null && (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1)) {
    throw new HttpError(400, 'dimensions must be a positive integer', 'invalid_request_error', 'dimensions');
  }
  return {
    inputs,
    model: typeof body.model === 'string' ? body.model : undefined,
    base64: format === 'base64',
    dimensions: (dims as number | undefined) ?? undefined,
  };
}

function vector(key: string, dim: number): Float32Array {
  const rng = new Random(`embedding:${key}`);
  const v = new Float32Array(dim);
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    v[i] = rng.normal();
    norm += v[i]! * v[i]!;
  }
  const scale = 1 / Math.sqrt(norm || 1);
  for (let i = 0; i < dim; i++) v[i]! *= scale;
  return v;
}

export interface EmbeddingContext {
  opts: MockOptions;
  timers: Timers;
  countPrompt(p: string | number): number;
  onDone(record: MockRequestRecord): void;
}

export function serveEmbeddings(ctx: EmbeddingContext, req: EmbeddingRequest, rng: Random, rec: MockRequestRecord, res: ServerResponse): void {
  const tokens = req.inputs.map((x) => ctx.countPrompt(x));
  rec.promptTokens = tokens.reduce((a, b) => a + b, 0);
  const dim = req.dimensions ?? ctx.opts.embeddingDim;
  const error = ctx.opts.errors.pick(rng);
  const delay = ctx.opts.ttft.sample(rng) + ctx.opts.prefillPerToken * rec.promptTokens;
  const finish = () => {
    rec.end = performance.now();
    ctx.onDone(rec);
  };
  const task: Timed = {
    at: 0,
    heapIndex: -1,
    fire() {
      if (res.destroyed) return;
      if (error?.kind === 'disconnect') {
        rec.error = 'disconnect';
        res.socket?.destroy();
        return finish();
      }
      if (error) {
        const status = error.kind === 'status' ? error.status : 500;
        rec.status = status;
        rec.error = `http_${status}`;
        sendError(res, status, 'Injected error (llmload mock)');
        return finish();
      }
      const data = req.inputs.map((x, index) => {
        const v = vector(typeof x === 'string' ? x : `#${x}:${index}`, dim);
        return { object: 'embedding', index, embedding: req.base64 ? Buffer.from(v.buffer).toString('base64') : Array.from(v) };
      });
      rec.status = 200;
      sendJson(res, 200, {
        id: rec.id,
        object: 'list',
        created: Math.floor(Date.now() / 1000),
        model: rec.model,
        data,
        usage: { prompt_tokens: rec.promptTokens, total_tokens: rec.promptTokens },
      });
      rec.firstWrite = rec.lastWrite = performance.now();
      rec.chunks = 1;
      finish();
    },
  };
  // An immediate HTTP error does not wait.
  if (error?.kind === 'status') ctx.timers.schedule(task, ctx.timers.now());
  else ctx.timers.schedule(task, ctx.timers.now() + delay);
  onClientGone(res, () => {
    if (task.heapIndex >= 0) {
      ctx.timers.cancel(task);
      rec.clientClosed = performance.now();
      rec.error ??= 'client_closed';
      finish();
    }
  });
}
