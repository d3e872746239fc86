import { ConnectionHabits, createWarnOnce, DEFAULT_NETWORK, defineEndpoint, habitNote, ReadClock, type NetworkSettings } from 'llmload/plugin';
import { httpDebugDump } from './debug-dump.js';
import { HTTP_OPTION_KEYS, parseHttpOptions, type HttpOptions } from './options.js';
import { perform, type PerformSettings } from './perform.js';
import { createHttpVuState, type HttpVuState } from './state.js';
import type { HttpRequestWire, HttpSyncCall } from './types.js';

export type { HttpRequestWire, HttpResponseWire, HttpTimings, HttpVuConfig } from './types.js';
export type { HttpVuState } from './state.js';
export { HTTP_OPTION_KEYS } from './options.js';

/**
 * Host side of `llmload/http`: each VU has its own connections and cookie
 * jar; each request follows its redirects, and each hop goes through the
 * plugin API's request state machine (the one llmload/openai's requests
 * use), is timed phase by phase and recorded as k6's http_req_* samples.
 * Owns k6's HTTP options (HTTP_OPTION_KEYS).
 */
export const httpEndpoint = defineEndpoint<HttpVuState>({
  apiVersion: 1,
  name: 'http',
  optionKeys: HTTP_OPTION_KEYS,
  create(ctx) {
    const network: NetworkSettings = ctx.network ?? DEFAULT_NETWORK;
    const warnOnce = createWarnOnce(ctx.warn);
    const opts: HttpOptions = parseHttpOptions(ctx.extra);
    // Hops sent again on a new connection because the server had closed the kept one.
    ctx.defineMetric('http_req_retries', 'counter', 'default');
    const habits = new ConnectionHabits((origin, kind) => ctx.warn(habitNote('llmload/http', origin, kind)));
    const settings: PerformSettings = {
      maxRedirects: opts.maxRedirects,
      onRedirectLimit(url, followed) {
        if (opts.maxRedirectsSet) return;
        warnOnce(
          `redirects ${url}`,
          `llmload/http: ${url}: stopped after ${followed} redirects and returned the redirection; pass { redirects: n } in the request params or set the maxRedirects option to silence this`,
        );
      },
      limiter: network.limiter,
      debug: httpDebugDump(network.httpDebug, ctx.info),
      systemTags: ctx.systemTags,
      clock: new ReadClock(),
    };
    return {
      createState: () => createHttpVuState(opts.connect, ctx.connectionReuse, network.guard, habits),
      vuConfig: () => opts.vu,
      beginIteration(state) {
        if (!opts.noCookiesReset) state.cookies.reset();
        // k6's noVUConnectionReuse: keep-alive within an iteration, never across (nothing is in flight now).
        if (network.noVUConnectionReuse) void state.connections.destroy();
      },
      callSync: (payload, op) => op.state.cookies.call(payload as HttpSyncCall),
      async call(payload, op) {
        const req = payload as HttpRequestWire;
        const { response: r, interrupted } = await perform(req, op, settings);
        if (r.status === 0 && !interrupted && !op.warmup) {
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
  },
});
