import { VuConnections, type ConnectConfig, type ConnectGuard, type ConnectionHabits } from 'llmload/plugin';
import { VuCookies } from './cookies.js';
import { UrlTargets } from './url-target.js';

/** One VU's HTTP state (k6 keeps all of it per VU). */
export interface HttpVuState {
  /** Keep-alive connections, per origin. */
  connections: VuConnections;
  /** Parsed URLs. */
  targets: UrlTargets;
  /** The VU's cookie jar and the script's own jars. */
  cookies: VuCookies;
  /** false with k6's `noConnectionReuse`: every request closes its connection. */
  reuse: boolean;
  /** The VU has recorded an http_req_retries sample (its first hop records a measured 0). */
  retriesSampled: boolean;
}

/** `habits`: the run's, shared by its VUs (which servers close connections after a kind of response). */
export function createHttpVuState(connect: ConnectConfig, reuse: boolean, guard?: ConnectGuard, habits?: ConnectionHabits): HttpVuState {
  return {
    connections: new VuConnections(connect, guard, habits),
    targets: new UrlTargets(),
    cookies: new VuCookies(),
    reuse,
    retriesSampled: false,
  };
}
