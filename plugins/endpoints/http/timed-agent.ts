import type { Socket } from 'node:net';
import { Agent, Client, Pool, type buildConnector, type Dispatcher } from 'undici';

/**
 * Connection facts of one undici Client (one socket at a time). The request
 * that gets a fresh connection claims its connect/TLS times (k6 attributes
 * them the same way); later requests on the socket see 0.
 */
export interface ConnRecord {
  socket?: Socket;
  connectStart?: number;
  tcpEnd?: number;
  tlsEnd?: number;
  /** A connection finished and no request has claimed its times yet. */
  fresh: boolean;
}

/** Where dispatch leaves the record for the handler (set before the request is written). */
export const CONN = Symbol('llmload.conn');
export interface ConnAware {
  [CONN]?: ConnRecord;
}

const now = () => performance.now();

function timedClient(origin: URL, opts: Record<string, unknown>): Dispatcher {
  const rec: ConnRecord = { fresh: false };
  const base = opts.connect as buildConnector.connector;
  const tls = origin.protocol === 'https:';
  const connect = (connOpts: buildConnector.Options, cb: buildConnector.Callback): Socket | undefined => {
    rec.connectStart = now();
    rec.tcpEnd = rec.tlsEnd = undefined;
    rec.fresh = false;
    const socket = (base as unknown as (o: buildConnector.Options, c: buildConnector.Callback) => Socket | undefined)(connOpts, (err, sock) => {
      if (!err) {
        const t = now();
        rec.tcpEnd ??= t;
        if (tls) rec.tlsEnd = t;
        rec.socket = sock as Socket;
        rec.fresh = true;
      }
      (cb as (e: Error | null, s: Socket | null) => void)(err, sock);
    });
    // Separates TCP connect from the TLS handshake on https.
    socket?.once('connect', () => {
      rec.tcpEnd = now();
    });
    return socket;
  };
  const client = new Client(origin, { ...opts, connect: connect as unknown as buildConnector.connector });
  const dispatch = client.dispatch.bind(client);
  client.dispatch = (o: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) => {
    (handler as ConnAware)[CONN] = rec;
    return dispatch(o, handler);
  };
  return client;
}

/**
 * One VU's connection pool (k6 keeps connections per VU): keep-alive,
 * unlimited connections per origin, undici's own timeouts off (the request's
 * `timeout` covers the whole exchange).
 */
export function createTimedAgent(): Agent {
  return new Agent({
    headersTimeout: 0,
    bodyTimeout: 0,
    factory: (origin, opts) => new Pool(origin, { ...(opts as Pool.Options), factory: timedClient as unknown as Pool.Options['factory'] }),
  });
}
