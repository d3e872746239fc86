import type { Agent } from 'undici';
import type { EndpointPlugin } from '../../../runtime/vu/endpoint.js';
import { wallNow } from '../../../runtime/vu/sample-tags.js';
import { exchange } from './exchange.js';
import { emitHttpSamples } from './samples.js';
import { createTimedAgent } from './timed-agent.js';
import type { HttpRequestWire } from './types.js';

export type { HttpRequestWire, HttpResponseWire, HttpTimings } from './types.js';
export { ErrorCodes, classifyError } from './error-codes.js';

/**
 * Host side of `llmload/http`: one undici Agent per VU; each request is
 * timed phase by phase and recorded as k6's http_req_* samples. Interrupted
 * requests are aborted and record nothing.
 */
export function httpEndpoint(): EndpointPlugin<Agent> {
  return {
    name: 'http',
    createState: () => createTimedAgent(),
    async call(payload, ctx) {
      const req = payload as HttpRequestWire;
      const ex = await exchange(ctx.state, req, ctx.signal);
      if (ex.silent) return ex.response;
      emitHttpSamples(ctx.sink, ctx.tags, req, ex, wallNow());
      return ex.response;
    },
    disposeState: (agent) => agent.destroy().catch(() => {}),
  };
}
