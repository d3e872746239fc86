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
import { hexId, type TokenCounts } from './framing.js';
import { fullResponse, usage } from './openai-format.js';
import type { GenerationRequest } from './openai-request.js';
import type { MockOptions } from './options.js';
import type { RequestPlan } from './plan.js';
import type { MockRequestRecord } from './records.js';
import { onClientGone, sendError, writeChunk } from './respond.js';
import { streamWriter } from './stream-writers.js';
import type { Vocabulary } from './vocabulary.js';

export interface GenerationContext {
  opts: MockOptions;
  engine: Engine;
  vocab: Vocabulary;
  tokenizer: Tokenizer;
  /** A response finished (or failed): feeds the fake server metrics. */
  onDone(record: MockRequestRecord): void;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
/** Tool-call arguments are a JSON object whose one string field holds the generated words. */
const ARGS_OPEN = '{"text":"';
const ARGS_CLOSE = '"}';

export function serveGeneration(
  ctx: GenerationContext,
  req: GenerationRequest,
  plan: RequestPlan,
  rng: Random,
  rec: MockRequestRecord,
  res: ServerResponse,
): void {
  const { opts, vocab } = ctx;
  const done = () => {
    rec.end = performance.now();
    ctx.onDone(rec);
  };
  if (plan.error?.kind === 'status') {
    rec.error = `http_${plan.error.status}`;
    rec.status = plan.error.status;
    sendError(
      res,
      plan.error.status,
      plan.error.status === 429 ? 'Too many requests (injected by llmload mock)' : 'Internal server error (injected by llmload mock)',
    );
    done();
    return;
  }
  const tool = req.toolName !== undefined && opts.toolCalls ? { callId: `chatcmpl-tool-${hexId(rec.seq, 32)}`, name: req.toolName } : undefined;
  const created = opts.created ?? Math.floor(Date.now() / 1000);
  const out = streamWriter(
    req.endpoint,
    opts.framing,
    {
      seq: rec.seq,
      created,
      model: rec.model,
      promptTokens: rec.promptTokens,
      continuousUsage: req.continuousUsage,
      reasoningField: opts.reasoningField,
      toolName: tool?.name,
    },
    rec.id,
  );
  if (req.stream) rec.id = out.id;
  const target = plan.error ? plan.errorAfter : plan.outputTokens;
  // Text is kept only where it is needed: the JSON body, or a recount of tool arguments.
  const keepText = !req.stream || tool !== undefined || !vocab.exact;
  let reasoningText = '';
  let contentText = '';
  let finished = false;
  const words = vocab.tokens;

  if (req.stream) {
    rec.status = 200;
    res.writeHead(200, SSE_HEADERS);
    const opening = out.opening();
    if (opening) res.write(opening);
    else res.flushHeaders();
  }

  // Chunks that come due in the same timer wake-up (zero or tiny ITLs, or a late
  // wake-up) go out in one write at its end: one syscall instead of hundreds.
  let pending = '';
  let pendingChunks = 0;
  const flush = (): string => {
    const data = pending;
    if (pendingChunks > 0) {
      const now = performance.now();
      rec.firstWrite ??= now;
      rec.lastWrite = now;
      rec.chunks += pendingChunks;
      if (rec.chunkTimes) for (let i = 0; i < pendingChunks; i++) rec.chunkTimes.push(now);
    }
    pending = '';
    pendingChunks = 0;
    return data;
  };
  const flushSoon = () => {
    if (!finished && pending) writeChunk(res, flush());
  };
  const soFar = (): TokenCounts => ({
    prompt: rec.promptTokens,
    completion: rec.outputTokens,
    reasoning: Math.min(rec.outputTokens, plan.reasoningTokens),
  });

  // One token per generated word, except the JSON around tool arguments (or a tokenizer that merges words).
  const completionTokens = () => (tool || !vocab.exact ? ctx.tokenizer.count(reasoningText) + ctx.tokenizer.count(contentText) : rec.outputTokens);

  const seq = ctx.engine.submit(
    {
      promptTokens: rec.promptTokens,
      target,
      firstDelay: (resumed) => plan.ttft + opts.prefillPerToken * (rec.promptTokens + resumed),
      nextGap: (running) => opts.itl.sample(rng) * (1 + (opts.itlLoad * running) / opts.maxConcurrency),
      hooks: {
        onAdmit(at) {
          rec.admitted = at;
        },
        onTokens(start, count) {
          let r = '';
          let c = '';
          for (let i = start; i < start + count; i++) {
            const w = words[rng.int(words.length)]!;
            if (i < plan.reasoningTokens) r += w;
            else c += w;
          }
          if (tool && c) {
            if (contentText === '') c = ARGS_OPEN + c;
            if (start + count === plan.outputTokens) c += ARGS_CLOSE;
          }
          if (keepText) {
            reasoningText += r;
            contentText += c;
          }
          rec.outputTokens += count;
          if (!req.stream) return;
          // The first chunk (what TTFT measures) goes out at once, not after the rest of this wake-up's work.
          const first = rec.firstWrite === undefined && pending === '';
          if (pending === '' && !first) queueMicrotask(flushSoon);
          const last = !plan.error && start + count === plan.outputTokens ? plan.finishReason : undefined;
          pending += out.delta({ reasoning: r, content: c }, last, soFar());
          pendingChunks += (r ? 1 : 0) + (c ? 1 : 0);
          if (first) flushSoon();
        },
        onFinish() {
          finished = true;
          rec.preemptions = seq.preemptions;
          const err = plan.error;
          if (err?.kind === 'disconnect') {
            rec.error = 'disconnect';
            const sock = res.socket;
            // What was written reaches the client first; then a reset (RST), not a clean close.
            const reset = () => (sock && typeof sock.resetAndDestroy === 'function' ? sock.resetAndDestroy() : sock?.destroy());
            if (pending) writeChunk(res, flush(), reset);
            else reset();
            done();
            return;
          }
          if (err?.kind === 'stream') {
            rec.error = 'stream_error';
            if (req.stream) res.end(flush() + out.fail('Internal server error mid-stream (injected by llmload mock)'));
            else {
              rec.status = 500;
              sendError(res, 500, 'Internal server error (injected by llmload mock)');
            }
            done();
            return;
          }
          const final = { prompt: rec.promptTokens, completion: completionTokens(), reasoning: plan.reasoningTokens };
          rec.finishReason = out.wireReason(plan.finishReason);
          if (req.stream) {
            res.end(flush() + out.close(plan.finishReason, final, req.includeUsage));
          } else {
            rec.status = 200;
            const body = fullResponse(req.endpoint, {
              id: rec.id,
              created,
              model: rec.model,
              content: contentText,
              reasoning: reasoningText,
              reasoningField: opts.reasoningField,
              tool,
              finishReason: plan.finishReason,
              usage: usage(final.prompt, final.completion, final.reasoning),
            });
            res.writeHead(200, { 'content-type': 'application/json' });
            res.end(body);
            rec.chunks = 1;
            rec.firstWrite = rec.lastWrite = performance.now();
          }
          done();
        },
      },
    },
    rec.received,
  );

  onClientGone(res, () => {
    if (finished) return;
    finished = true;
    rec.clientClosed = performance.now();
    rec.preemptions = seq.preemptions;
    rec.error ??= 'client_closed';
    ctx.engine.cancel(seq);
    done();
  });
}
