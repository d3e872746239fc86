import type { ServerResponse } from 'node:http';
import type { Random } from '../random.js';
import { hexId, type StreamWriter, type TokenCounts } from './framing.js';
import type { GenerationContext } from './generation.js';
import { fullResponse, usage } from './openai-format.js';
import type { GenerationRequest } from './openai-request.js';
import type { RequestPlan } from './plan.js';
import type { MockRequestRecord } from './records.js';
import { onClientGone, sendError, writeChunk } from './respond.js';
import type { Sequence } from './serving-model.js';
import { streamWriter } from './stream-writers.js';

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' };
/** Tool-call arguments are a JSON object whose one string field holds the generated words. */
const ARGS_OPEN = '{"text":"';
const ARGS_CLOSE = '"}';

/** A tool call's id and function name (chat requests with tools, when the mock answers with tool calls). */
type ToolCall = { callId: string; name: string };

/** One admitted generation (serveGeneration): the engine's hooks write its chunks (streams) or its body (JSON) as they come due. */
export class GenerationWriter {
  private readonly tool: ToolCall | undefined;
  private readonly created: number;
  private readonly out: StreamWriter;
  /** Text is kept only where it is needed: the JSON body, or a recount of tool arguments. */
  private readonly keepText: boolean;
  private reasoningText = '';
  private contentText = '';
  private finished = false;
  /** Chunks that come due in the same timer wake-up (zero or tiny ITLs, or a late wake-up) go out in one write at its end: one syscall instead of hundreds. */
  private pending = '';
  private pendingChunks = 0;
  private seq: Sequence | undefined;

  constructor(
    private readonly ctx: GenerationContext,
    private readonly req: GenerationRequest,
    private readonly plan: RequestPlan,
    private readonly rng: Random,
    private readonly rec: MockRequestRecord,
    private readonly res: ServerResponse,
  ) {
    const { opts } = ctx;
    this.tool = req.toolName !== undefined && opts.toolCalls ? { callId: `chatcmpl-tool-${hexId(rec.seq, 32)}`, name: req.toolName } : undefined;
    this.created = opts.created ?? Math.floor(Date.now() / 1000);
    const spec = {
      seq: rec.seq,
      created: this.created,
      model: rec.model,
      promptTokens: rec.promptTokens,
      continuousUsage: req.continuousUsage,
      reasoningField: opts.reasoningField,
      toolName: this.tool?.name,
    };
    this.out = streamWriter(req.endpoint, opts.framing, spec, rec.id);
    if (req.stream) rec.id = this.out.id;
    this.keepText = !req.stream || this.tool !== undefined || !ctx.vocab.exact;
  }

  /** Writes a stream's opening, hands the sequence to the engine, and cancels it if the client goes away. */
  start(): void {
    const { ctx, req, plan, rec, res, rng } = this;
    const opts = ctx.opts;
    if (req.stream) {
      rec.status = 200;
      res.writeHead(200, SSE_HEADERS);
      const opening = this.out.opening();
      if (opening) res.write(opening);
      else res.flushHeaders();
    }
    this.seq = ctx.engine.submit(
      {
        promptTokens: rec.promptTokens,
        target: plan.error ? plan.errorAfter : plan.outputTokens,
        firstDelay: (resumed) => plan.ttft + opts.prefillPerToken * (rec.promptTokens + resumed),
        nextGap: (running) => opts.itl.sample(rng) * (1 + (opts.itlLoad * running) / opts.maxConcurrency),
        hooks: {
          onAdmit: (at) => {
            rec.admitted = at;
          },
          onTokens: (first, count) => this.tokens(first, count),
          onFinish: () => this.finish(),
        },
      },
      rec.received,
    );
    onClientGone(res, () => {
      if (this.finished) return;
      this.finished = true;
      rec.clientClosed = performance.now();
      rec.preemptions = this.seq!.preemptions;
      rec.error ??= 'client_closed';
      ctx.engine.cancel(this.seq!);
      this.done();
    });
  }

  /** Tokens `start`..`start + count` were generated: their words, and in a stream their chunk. */
  private tokens(start: number, count: number): void {
    const { plan, rec } = this;
    const words = this.ctx.vocab.tokens;
    let r = '';
    let c = '';
    for (let i = start; i < start + count; i++) {
      const w = words[this.rng.int(words.length)]!;
      if (i < plan.reasoningTokens) r += w;
      else c += w;
    }
    if (this.tool && c) {
      if (this.contentText === '') c = ARGS_OPEN + c;
      if (start + count === plan.outputTokens) c += ARGS_CLOSE;
    }
    if (this.keepText) {
      this.reasoningText += r;
      this.contentText += c;
    }
    rec.outputTokens += count;
    if (!this.req.stream) return;
    // The first chunk (what TTFT measures) goes out at once, not after the rest of this wake-up's work.
    const first = rec.firstWrite === undefined && this.pending === '';
    if (this.pending === '' && !first) queueMicrotask(this.flushSoon);
    const last = !plan.error && start + count === plan.outputTokens ? plan.finishReason : undefined;
    this.pending += this.out.delta({ reasoning: r, content: c }, last, this.soFar());
    this.pendingChunks += (r ? 1 : 0) + (c ? 1 : 0);
    if (first) this.flushSoon();
  }

  /** The engine finished the sequence: an injected failure, or the stream's close or the JSON body. */
  private finish(): void {
    const { plan, rec, req, res } = this;
    this.finished = true;
    rec.preemptions = this.seq!.preemptions;
    const err = plan.error;
    if (err?.kind === 'disconnect') {
      rec.error = 'disconnect';
      const sock = res.socket;
      // What was written reaches the client first; then a reset (RST), not a clean close.
      const reset = () => (sock && typeof sock.resetAndDestroy === 'function' ? sock.resetAndDestroy() : sock?.destroy());
      if (this.pending) writeChunk(res, this.flush(), reset);
      else reset();
    } else if (err?.kind === 'stream') {
      rec.error = 'stream_error';
      if (req.stream) res.end(this.flush() + this.out.fail('Internal server error mid-stream (injected by llmload mock)'));
      else {
        rec.status = 500;
        sendError(res, 500, 'Internal server error (injected by llmload mock)');
      }
    } else {
      const final = { prompt: rec.promptTokens, completion: this.completionTokens(), reasoning: plan.reasoningTokens };
      rec.finishReason = this.out.wireReason(plan.finishReason);
      if (req.stream) res.end(this.flush() + this.out.close(plan.finishReason, final, req.includeUsage));
      else this.sendBody(final);
    }
    this.done();
  }

  /** A non-streamed response: the whole JSON body at once. */
  private sendBody(final: TokenCounts): void {
    const { rec, res, req, plan } = this;
    rec.status = 200;
    const body = fullResponse(req.endpoint, {
      id: rec.id,
      created: this.created,
      model: rec.model,
      content: this.contentText,
      reasoning: this.reasoningText,
      reasoningField: this.ctx.opts.reasoningField,
      tool: this.tool,
      finishReason: plan.finishReason,
      usage: usage(final.prompt, final.completion, final.reasoning),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
    rec.chunks = 1;
    rec.firstWrite = rec.lastWrite = performance.now();
  }

  /** The chunks pending, recorded as written now. */
  private flush(): string {
    const { rec } = this;
    const data = this.pending;
    if (this.pendingChunks > 0) {
      const now = performance.now();
      rec.firstWrite ??= now;
      rec.lastWrite = now;
      rec.chunks += this.pendingChunks;
      if (rec.chunkTimes) for (let i = 0; i < this.pendingChunks; i++) rec.chunkTimes.push(now);
    }
    this.pending = '';
    this.pendingChunks = 0;
    return data;
  }

  private readonly flushSoon = (): void => {
    if (!this.finished && this.pending) writeChunk(this.res, this.flush());
  };

  private soFar(): TokenCounts {
    const { rec } = this;
    return { prompt: rec.promptTokens, completion: rec.outputTokens, reasoning: Math.min(rec.outputTokens, this.plan.reasoningTokens) };
  }

  /** One token per generated word, except the JSON around tool arguments (or a tokenizer that merges words). */
  private completionTokens(): number {
    const t = this.ctx.tokenizer;
    return this.tool || !this.ctx.vocab.exact ? t.count(this.reasoningText) + t.count(this.contentText) : this.rec.outputTokens;
  }

  private done(): void {
    this.rec.end = performance.now();
    this.ctx.onDone(this.rec);
  }
}
