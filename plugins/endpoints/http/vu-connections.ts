import type { Socket } from 'node:net';
import { buildConnector, Client, type Dispatcher } from 'undici';

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

interface TimedClient {
  client: Client;
  rec: ConnRecord;
}

/**
 * One VU's connections (k6 keeps connections per VU): per origin, a list of
 * keep-alive HTTP/1.1 clients (one socket each). A request goes to an idle
 * client, or a new one when all are busy, so sequential requests reuse one
 * connection and concurrent ones (Promise.all) get their own. (undici's Pool
 * opens a second connection when a request follows the previous response at
 * once, before the client reports "drain".) undici's own timeouts are off:
 * the request's `timeout` covers the whole exchange.
 */
export class VuConnections {
  private readonly origins = new Map<string, TimedClient[]>();
  private readonly connector = buildConnector({});

  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler & ConnAware): boolean {
    const origin = String(opts.origin);
    let list = this.origins.get(origin);
    if (!list) this.origins.set(origin, (list = []));
    let c = list.find((x) => x.client.stats.size === 0 && !x.client.closed && !x.client.destroyed);
    if (!c) {
      c = this.open(origin, list);
      list.push(c);
    }
    handler[CONN] = c.rec;
    return c.client.dispatch(opts, handler);
  }

  async destroy(): Promise<void> {
    const all = [...this.origins.values()].flat();
    this.origins.clear();
    await Promise.all(all.map((c) => c.client.destroy().catch(() => {})));
  }

  private open(origin: string, list: TimedClient[]): TimedClient {
    const rec: ConnRecord = { fresh: false };
    const tls = origin.startsWith('https:');
    const base = this.connector as unknown as (o: buildConnector.Options, cb: (err: Error | null, s: Socket | null) => void) => Socket | undefined;
    const connect = (connOpts: buildConnector.Options, cb: (err: Error | null, s: Socket | null) => void): Socket | undefined => {
      rec.connectStart = now();
      rec.tcpEnd = rec.tlsEnd = undefined;
      rec.fresh = false;
      const socket = base(connOpts, (err, sock) => {
        if (!err && sock) {
          const t = now();
          rec.tcpEnd ??= t;
          if (tls) rec.tlsEnd = t;
          rec.socket = sock;
          rec.fresh = true;
        }
        cb(err, sock);
      });
      // Separates the TCP connect from the TLS handshake on https.
      socket?.once('connect', () => {
        rec.tcpEnd = now();
      });
      return socket;
    };
    const client = new Client(origin, { headersTimeout: 0, bodyTimeout: 0, connect: connect as unknown as buildConnector.connector });
    const entry = { client, rec };
    // A client whose connect failed is dropped (as undici's Pool does), not retried.
    client.on('connectionError', () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      client.destroy().catch(() => {});
    });
    return entry;
  }
}
