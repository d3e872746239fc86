import { DEFAULT_NETWORK, type NetworkSettings } from '../../../runtime/options/network.js';
import type { EndpointPlugin } from '../../../runtime/vu/endpoint.js';
import { httpDebugDump } from './debug-dump.js';
import { defaultHttpOptions, parseHttpOptions, type HttpOptions } from './options.js';
import { perform, type PerformSettings } from './perform.js';
import { createHttpVuState, type HttpVuState } from './state.js';
import type { HttpRequestWire, HttpSyncCall } from './types.js';
import { createWarnOnce, type WarnOnce } from './warn-once.js';

export type { HttpRequestWire, HttpResponseWire, HttpTimings, HttpVuConfig } from './types.js';
export type { HttpVuState } from './state.js';
export { ErrorCodes, classifyError } from './error-codes.js';
export { HTTP_OPTION_KEYS } from './options.js';

/**
 * Host side of `llmload/http`: each VU has its own connections and cookie
 * jar; each request follows its redirects, and each hop is timed phase by
 * phase and recorded as k6's http_req_* samples. Owns k6's HTTP options
 * (HTTP_OPTION_KEYS); without configure() (tests) k6's defaults apply.
 */
export function httpEndpoint(): EndpointPlugin<HttpVuState> {
  let reuse = true;
  let network: NetworkSettings = DEFAULT_NETWORK;
  let opts: HttpOptions = defaultHttpOptions();
  let warnOnce: WarnOnce = () => {};
  const settings: PerformSettings = {
    maxRedirects: opts.maxRedirects,
    onRedirectLimit(url, followed) {
      if (opts.maxRedirectsSet) return;
      warnOnce(
        `redirects ${url}`,
        `llmload/http: ${url}: stopped after ${followed} redirects and returned the redirection; pass { redirects: n } in the request params or set the maxRedirects option to silence this`,
      );
    },
  };
  return {
    name: 'http',
    configure(ctx) {
      reuse = ctx.connectionReuse;
      network = ctx.network ?? DEFAULT_NETWORK;
      warnOnce = createWarnOnce(ctx.warn);
      opts = parseHttpOptions(ctx.extra);
      settings.maxRedirects = opts.maxRedirects;
      settings.limiter = network.limiter;
      settings.debug = httpDebugDump(network.httpDebug, ctx.info);
      settings.systemTags = ctx.systemTags;
    },
    createState: () => createHttpVuState(opts.connect, reuse, network.guard),
    vuConfig: () => opts.vu,
    beginIteration(state) {
      if (!opts.noCookiesReset) state.cookies.reset();
      // k6's noVUConnectionReuse: keep-alive within an iteration, never across (nothing is in flight now).
      if (network.noVUConnectionReuse) void state.connections.destroy();
    },
    callSync: (payload, ctx) => ctx.state.cookies.call(payload as HttpSyncCall),
    async call(payload, ctx) {
      const req = payload as HttpRequestWire;
      const { response: r, interrupted } = await perform(req, ctx, settings);
      if (r.status === 0 && !interrupted && !ctx.warmup) {
        warnOnce(
          `code ${r.error_code}`,
          `llmload/http: ${req.method} ${req.url}: ${r.error} (error_code ${r.error_code}); ` +
            `further errors with this code are counted in http_req_failed, not logged`,
        );
      }
      return r;
    },
    disposeState: (state) => state.connections.destroy(),
  };
}
