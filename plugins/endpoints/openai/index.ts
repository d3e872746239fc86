import { DEFAULT_NETWORK, DEFAULT_SYSTEM_TAGS, defineEndpoint, getTokenizer, loadedTokenizer, tokenizerSource, wallTime, type NetworkSettings, type OpContext, type SystemTags } from 'llmload/plugin';
import { VuConnections } from '../http/vu-connections.js';
import { createWarnOnce } from '../http/warn-once.js';
import { parseGoodput, type Slos } from './goodput.js';
import { measure } from './measure.js';
import { closeTokenCounting } from './tokens.js';
import { ReadClock } from './read-clock.js';
import { LLM_REQUESTS_CHANNEL, requestRecord, type LlmRequestRecord } from './request-record.js';
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

interface VuState {
  connections: VuConnections;
}

/**
 * Host side of `llmload/openai`: each VU keeps its own keep-alive connections
 * (k6's model); a request is streamed and timed in the host, and only its
 * result crosses into the isolate. Option: `goodput` (SLOs → llm_goodput);
 * k6's `noConnectionReuse` arrives resolved as `connectionReuse`, its network
 * options (rps, blockHostnames, blacklistIPs, noVUConnectionReuse) as
 * `network`, and `systemTags`. Request records go to the `llm-requests`
 * record channel (`--out requests=`).
 */
export const openaiEndpoint = defineEndpoint<VuState>({
  name: 'openai',
  optionKeys: OPENAI_OPTION_KEYS,
  create(c) {
    for (const [name, type, contains] of LLM_METRICS) c.defineMetric(name, type, contains);
    const stats = new LlmRunStats();
    const clock = new ReadClock();
    const slos: Slos | undefined = parseGoodput(c.extra.goodput);
    const network: NetworkSettings = c.network ?? DEFAULT_NETWORK;
    const systemTags: SystemTags = c.systemTags ?? DEFAULT_SYSTEM_TAGS;
    const warnOnce = createWarnOnce(c.warn);
    const records = c.records.channel<LlmRequestRecord>(LLM_REQUESTS_CHANNEL);
    const tokenizer: TokenizerLookup = {
      get: (spec) => getTokenizer(spec, c.cwd),
      loaded: (spec) => loadedTokenizer(spec, c.cwd),
      source: (spec) => tokenizerSource(spec, c.cwd),
    };
    // Open requests of the whole run (the llm_in_flight gauge).
    let open = 0;
    const inFlight = (op: OpContext<VuState>, delta: number) => {
      open += delta;
      op.sink.push({ metric: 'llm_in_flight', time: wallTime(), value: open, tags: op.tags });
    };
    return {
      createState: () => ({ connections: new VuConnections(undefined, network.guard) }),
      beginIteration(state) {
        // k6's noVUConnectionReuse: keep-alive within an iteration, never across (nothing is in flight now).
        if (network.noVUConnectionReuse) void state.connections.destroy();
      },
      async call(payload, op): Promise<LlmResultWire | null> {
        const req = payload as LlmRequestWire;
        // k6's rps: wait for a slot before the request exists (no timing, not in flight); cut off there, it was never sent.
        const wait = op.warmup ? undefined : network.limiter?.acquire(op.signal);
        if (wait && !(await wait)) return null;
        inFlight(op, 1);
        const ex = await send(op.state.connections, req, req.connectionReuse ?? c.connectionReuse, op.signal, clock).finally(() => inFlight(op, -1));
        const m = await measure(req, ex, op.intendedStart, tokenizer, (text) => redactKey(text, req.headers.authorization));
        if (req.endpoint === 'models') return m.result;
        const tags = requestTags(op.tags, m, req.tags, systemTags);
        const emitted = emitRequestSamples(op.sink, tags, m, wallTime(ex.end), slos);
        // The runtime warm-up's samples are diverted; it must not reach the summary or --out requests either.
        if (op.warmup) return m.result;
        stats.add(m, emitted);
        const err = m.result.error;
        if (err && err.type !== 'interrupted') {
          warnOnce(err.type, `llmload/openai: ${req.url}: ${err.type}: ${err.message}; further ${err.type} errors are counted in llm_req_failed{error_type:${err.type}}, not logged`);
        }
        if (records.active) records.publish(requestRecord(m, op.vuId, tags));
        return m.result;
      },
      disposeState: (state) => state.connections.destroy(),
      summary: (ctx) => llmSection(stats, slos, ctx),
      close: () => closeTokenCounting(),
    };
  },
});

/** Removes the API key from text that may reach the script, logs or outputs (a server may echo it). */
function redactKey(text: string, authorization: string | undefined): string {
  const key = authorization?.replace(/^Bearer\s+/i, '').trim();
  return key && key.length >= 4 ? text.split(key).join('***') : text;
}
