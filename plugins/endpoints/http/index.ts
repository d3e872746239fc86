import type { EndpointPlugin } from '../../../runtime/vu/endpoint.js';
import { wallNow } from '../../../runtime/vu/sample-tags.js';
import { exchange, type HttpVuState } from './exchange.js';
import { emitHttpSamples } from './samples.js';
import { VuConnections } from './vu-connections.js';
import { createWarnOnce, type WarnOnce } from './warn-once.js';
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
  let warnOnce: WarnOnce = () => {};
  return {
    name: 'http',
    configure(ctx) {
      reuse = ctx.connectionReuse;
      warnOnce = createWarnOnce(ctx.warn);
    },
    createState: () => ({ connections: new VuConnections(), urls: new Map(), reuse }),
    async call(payload, ctx) {
      const req = payload as HttpRequestWire;
      const ex = await exchange(ctx.state, req, ctx.signal);
      if (ex.silent) return ex.response;
      emitHttpSamples(ctx.sink, ctx.tags, req, ex, wallNow());
      const r = ex.response;
      if (r.status === 0 && !ex.interrupted && !ctx.warmup) {
        warnOnce(
          `code ${r.error_code}`,
          `llmload/http: ${req.method} ${req.url}: ${r.error} (error_code ${r.error_code}); ` +
            `further errors with this code are counted in http_req_failed, not logged`,
        );
      }
      return ex.response;
    },
    disposeState: (state) => state.connections.destroy(),
  };
}
