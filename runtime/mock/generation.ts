/**
 * One chat/completions request from arrival to the last byte: plans it,
 * hands it to the engine, and writes each chunk the moment the engine says
 * it is due (streams, framed by a StreamWriter), or the JSON body at the end
 * (non-streaming).
 */
import type { ServerResponse } from 'node:http';
import type { Random } from '../random.js';
import type { Tokenizer } from '../tokenizers/index.js';
import type { Engine } from './serving-model.js';
import type { GenerationRequest } from './openai-request.js';
import type { MockOptions } from './options.js';
import type { RequestPlan } from './plan.js';
import type { MockRequestRecord } from './records.js';
import { sendError } from './respond.js';
import { GenerationWriter } from './generation-writer.js';
import type { Vocabulary } from './vocabulary.js';

export interface GenerationContext {
  opts: MockOptions;
  engine: Engine;
  vocab: Vocabulary;
  tokenizer: Tokenizer;
  /** A response finished (or failed): feeds the fake server metrics. */
  onDone(record: MockRequestRecord): void;
}

/** Serves one planned request: an injected status error at once, anything else through the engine (GenerationWriter). */
export function serveGeneration(
  ctx: GenerationContext,
  req: GenerationRequest,
  plan: RequestPlan,
  rng: Random,
  rec: MockRequestRecord,
  res: ServerResponse,
): void {
  if (plan.error?.kind === 'status') {
    rec.error = `http_${plan.error.status}`;
    rec.status = plan.error.status;
    sendError(
      res,
      plan.error.status,
      plan.error.status === 429 ? 'Too many requests (injected by llmload mock)' : 'Internal server error (injected by llmload mock)',
    );
    rec.end = performance.now();
    ctx.onDone(rec);
    return;
  }
  new GenerationWriter(ctx, req, plan, rng, rec, res).start();
}
