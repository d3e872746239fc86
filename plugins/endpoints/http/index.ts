import type { EndpointPlugin } from '../../../runtime/vu/endpoint.js';
import { wallNow } from '../../../runtime/vu/sample-tags.js';
import { exchange, type HttpVuState } from './exchange.js';
import { emitHttpSamples } from './samples.js';
import { VuConnections } from './vu-connections.js';
import type { HttpRequestWire } from './types.js';

export type { HttpRequestWire, HttpResponseWire, HttpTimings } from './types.js';
export { ErrorCodes, classifyError } from './error-codes.js';

/**
 * Host side of `llmload/http`: each VU has its own connections; each request is
 * timed phase by phase and recorded as k6's http_req_* samples. Interrupted
 * requests are aborted and record nothing.
 */
export function httpEndpoint(): EndpointPlugin<HttpVuState> {
  let reuse = true;
  return {
    name: 'http',
    configure(ctx) {
      reuse = ctx.connectionReuse;
    },
    createState: () => ({ connections: new VuConnections(), urls: new Map(), reuse }),
    async call(payload, ctx) {
      const req = payload as HttpRequestWire;
      const ex = await exchange(ctx.state, req, ctx.signal);
      if (ex.silent) return ex.response;
      emitHttpSamples(ctx.sink, ctx.tags, req, ex, wallNow());
      return ex.response;
    },
    disposeState: (state) => state.connections.destroy(),
  };
}
