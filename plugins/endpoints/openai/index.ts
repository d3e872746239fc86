import { getTokenizer, loadedTokenizer, tokenizerSource } from '../../../runtime/tokenizers/index.js';
import { DEFAULT_NETWORK, type NetworkSettings } from '../../../runtime/options/network.js';
import { DEFAULT_SYSTEM_TAGS, type SystemTags } from '../../../runtime/options/system-tags.js';
import type { RecordChannel } from '../../../runtime/record-channel.js';
import { wallTime } from '../../../runtime/scheduler/clock.js';
import type { EndpointPlugin, OpContext } from '../../../runtime/vu/endpoint.js';
import { VuConnections } from '../http/vu-connections.js';
import { createWarnOnce, type WarnOnce } from '../http/warn-once.js';
import { parseGoodput, type Slos } from './goodput.js';
import { measure } from './measure.js';
import { closeTokenCounting } from './tokens.js';
import { ReadClock } from './read-clock.js';
import { requestRecord, type LlmRequestRecord } from './request-record.js';
import { LlmRunStats } from './run-stats.js';
import { emitRequestSamples, LLM_METRICS, requestTags } from './samples.js';
import { send } from './send.js';
import type { TokenizerLookup } from './tokens.js';
import { llmSection } from './summary.js';
import type { LlmRequestWire, LlmResultWire } from './types.js';

export type { LlmRequestWire, LlmResultWire } from './types.js';
export type { LlmRequestRecord } from './request-record.js';

/** Top-level script options this plugin owns. */
export const OPENAI_OPTION_KEYS = ['goodput'] as const;

export interface OpenaiEndpointOptions {
  /** Where per-request records go (`--out requests=…`). */
  records?: RecordChannel<LlmRequestRecord>;
}

interface VuState {
  connections: VuConnections;
}

/**
 * Host side of `llmload/openai`: each VU keeps its own keep-alive connections
 * (k6's model); a request is streamed and timed in the host, and only its
 * result crosses into the isolate. Option: `goodput` (SLOs → llm_goodput);
 * k6's `noConnectionReuse` arrives resolved as `connectionReuse`, its network
 * options (rps, blockHostnames, blacklistIPs, noVUConnectionReuse) as
 * `network`, and `systemTags`.
 */
export function openaiEndpoint(opts: OpenaiEndpointOptions = {}): EndpointPlugin<VuState> {
  const stats = new LlmRunStats();
  const clock = new ReadClock();
  let slos: Slos | undefined;
  let reuseByDefault = true;
  let network: NetworkSettings = DEFAULT_NETWORK;
  let systemTags: SystemTags = DEFAULT_SYSTEM_TAGS;
  let cwd = process.cwd();
  let warnOnce: WarnOnce = () => {};
  const tokenizer: TokenizerLookup = {
    get: (spec) => getTokenizer(spec, cwd),
    loaded: (spec) => loadedTokenizer(spec, cwd),
    source: (spec) => tokenizerSource(spec, cwd),
  };
  // Open requests of the whole run (the llm_in_flight gauge).
  let open = 0;
  const inFlight = (ctx: OpContext<VuState>, delta: number) => {
    open += delta;
    ctx.sink.push({ metric: 'llm_in_flight', time: wallTime(), value: open, tags: ctx.tags });
  };

  return {
    name: 'openai',
    configure(c) {
      for (const [name, type, contains] of LLM_METRICS) c.defineMetric(name, type, contains);
      slos = parseGoodput(c.extra.goodput);
      reuseByDefault = c.connectionReuse;
      network = c.network ?? DEFAULT_NETWORK;
      systemTags = c.systemTags ?? DEFAULT_SYSTEM_TAGS;
      cwd = c.cwd;
      warnOnce = createWarnOnce(c.warn);
    },
    createState: () => ({ connections: new VuConnections(undefined, network.guard) }),
    beginIteration(state) {
      // k6's noVUConnectionReuse: keep-alive within an iteration, never across (nothing is in flight now).
      if (network.noVUConnectionReuse) void state.connections.destroy();
    },
    async call(payload, ctx): Promise<LlmResultWire | null> {
      const req = payload as LlmRequestWire;
      // k6's rps: wait for a slot before the request exists (no timing, not in flight); cut off there, it was never sent.
      const wait = ctx.warmup ? undefined : network.limiter?.acquire(ctx.signal);
      if (wait && !(await wait)) return null;
      inFlight(ctx, 1);
      const ex = await send(ctx.state.connections, req, req.connectionReuse ?? reuseByDefault, ctx.signal, clock).finally(() => inFlight(ctx, -1));
      const m = await measure(req, ex, ctx.intendedStart, tokenizer, (text) => redactKey(text, req.headers.authorization));
      if (req.endpoint === 'models') return m.result;
      const tags = requestTags(ctx.tags, m, req.tags, systemTags);
      const emitted = emitRequestSamples(ctx.sink, tags, m, wallTime(ex.end), slos);
      // The runtime warm-up's samples are diverted; it must not reach the summary or --out requests either.
      if (ctx.warmup) return m.result;
      stats.add(m, emitted);
      const err = m.result.error;
      if (err && err.type !== 'interrupted') {
        warnOnce(err.type, `llmload/openai: ${req.url}: ${err.type}: ${err.message}; further ${err.type} errors are counted in llm_req_failed{error_type:${err.type}}, not logged`);
      }
      if (opts.records?.active) opts.records.publish(requestRecord(m, ctx.vuId, tags));
      return m.result;
    },
    disposeState: (state) => state.connections.destroy(),
    summary: (ctx) => llmSection(stats, slos, ctx),
    close: () => closeTokenCounting(),
  };
}

/** Removes the API key from text that may reach the script, logs or outputs (a server may echo it). */
function redactKey(text: string, authorization: string | undefined): string {
  const key = authorization?.replace(/^Bearer\s+/i, '').trim();
  return key && key.length >= 4 ? text.split(key).join('***') : text;
}
