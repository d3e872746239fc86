import { createWarnOnce, type WarnOnce } from '../http-client/warn-once.js';
import { VuConnections } from '../http-client/vu-connections.js';
import type { OpContext } from '../plugin-api/endpoint.js';
import { wallTime } from '../scheduler/clock.js';
import { measure } from './measure.js';
import type { LlmProtocol } from './protocol.js';
import { requestRecord } from './request-record.js';
import type { LlmRequest } from './request.js';
import type { Result } from './result.js';
import { emitRequestSamples, requestTags } from './samples.js';
import { sendLlm } from './send.js';
import type { LlmRunShared } from './service.js';

/** What an LLM endpoint plugin says about itself when it asks for a client. */
export interface LlmClientOptions<R extends LlmRequest> {
  /** The module scripts import, for messages: `llmload/openai`, `llmload/x/kserve`. */
  module: string;
  /** Its protocol's reading of responses and prompts. */
  protocol: LlmProtocol<R>;
}

/** The per-VU state of an LLM endpoint: its keep-alive connections (k6's model). A plugin's own state may extend it. */
export interface LlmVuState {
  connections: VuConnections;
}

/**
 * One LLM endpoint plugin's way into the run's LLM kit. Its per-VU hooks
 * (createState, beginIteration, disposeState) are the Endpoint's; `send`
 * does one request: k6's `rps` slot, the request state machine with every
 * read stamped, the protocol's interpreter, TTFT/ITL/TPOT/E2E, token counts,
 * the llm_* samples, goodput, the run's LLM summary and the `llm-requests`
 * record. Only the result crosses into the isolate.
 */
export class LlmClient<R extends LlmRequest> {
  private readonly warnOnce: WarnOnce;

  constructor(
    private readonly run: LlmRunShared,
    private readonly opts: LlmClientOptions<R>,
  ) {
    this.warnOnce = createWarnOnce(run.options.warn);
  }

  createState(): LlmVuState {
    return { connections: new VuConnections(undefined, this.run.network.guard, this.run.habits) };
  }

  /** k6's noVUConnectionReuse: keep-alive within an iteration, never across (nothing is in flight now). */
  beginIteration(state: LlmVuState): void {
    if (this.run.network.noVUConnectionReuse) void state.connections.destroy();
  }

  /** The warm start (Endpoint.preconnect): one open connection per origin, unless connections are not reused. */
  async preconnect(state: LlmVuState, origins: readonly string[]): Promise<void> {
    if (!this.run.options.connectionReuse || this.run.network.noVUConnectionReuse) return;
    await Promise.all(origins.map((o) => state.connections.preconnect(o)));
  }

  disposeState(state: LlmVuState): Promise<void> {
    return state.connections.destroy();
  }

  /**
   * Sends `req` and measures it. Resolves with the script's result, never
   * rejects for HTTP or stream errors; null when the test ended while the
   * request waited for its `rps` slot (it was never sent).
   */
  async send(req: R, op: OpContext<LlmVuState>): Promise<Result<R['endpoint']> | null> {
    const run = this.run;
    // k6's rps: wait for a slot before the request exists (no timing, not in flight); cut off there, it was never sent.
    const wait = op.warmup ? undefined : run.network.limiter?.acquire(op.signal);
    if (wait && !(await wait)) return null;
    // The scenario's `cancel`: one seeded draw per request that can be cancelled (a request's own cancelAfter wins).
    if (req.cancelAfter === undefined && req.kind !== 'lookup' && !op.warmup && op.cancel) req.cancelAfter = op.cancel.pick();
    const interp = this.opts.protocol.interpreter(req);
    this.inFlight(op, 1);
    const reuse = req.connectionReuse ?? run.options.connectionReuse;
    const ex = await sendLlm(op.state.connections, req, interp, reuse, op.signal, run.clock).finally(() => this.inFlight(op, -1));
    const count = { counter: run.counter, promptText: () => this.opts.protocol.promptText(req) };
    const m = await measure(req, ex, op.intendedStart, count, (text) => redactCredential(text, req.headers.authorization));
    const result = m.result as Result<R['endpoint']>;
    if (req.kind === 'lookup') return result;
    const tags = requestTags(op.tags, m, req.tags, run.systemTags);
    const good = emitRequestSamples(op.sink, tags, m, wallTime(ex.end), run.slos);
    // The runtime warm-up's samples are diverted; it must not reach the summary or --out requests either.
    if (op.warmup) return result;
    run.stats.add(m, good);
    const err = result.error;
    if (err && err.type !== 'interrupted' && err.type !== 'cancelled') {
      const module = this.opts.module;
      this.warnOnce(
        err.type,
        `${module}: ${req.url}: ${err.type}: ${err.message}; further ${err.type} errors are counted in llm_req_failed{error_type:${err.type}}, not logged`,
      );
    }
    if (run.records.active) run.records.publish(requestRecord(m, op.vuId, tags));
    return result;
  }

  private inFlight(op: OpContext<LlmVuState>, delta: number): void {
    op.sink.push({ metric: 'llm_in_flight', time: wallTime(), value: this.run.inFlight(delta), tags: op.tags });
  }
}

/** Removes the API key from text that may reach the script, logs or outputs (a server may echo it). */
function redactCredential(text: string, authorization: string | undefined): string {
  const key = authorization?.replace(/^Bearer\s+/i, '').trim();
  return key && key.length >= 4 ? text.split(key).join('***') : text;
}
