import { VuConnections, type ConnectConfig, type ConnectGuard } from 'llmload/plugin';
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
}

export function createHttpVuState(connect: ConnectConfig, reuse: boolean, guard?: ConnectGuard): HttpVuState {
  return { connections: new VuConnections(connect, guard), targets: new UrlTargets(), cookies: new VuCookies(), reuse };
}
