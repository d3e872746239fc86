import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { buildConnector, Client, type Dispatcher } from 'undici';
import type { ConnectGuard } from '../net/connect-guard.js';
import { CLOSE_WINDOW_MS, ConnectionHabits, type ResponseKind } from './connection-habits.js';
import type { ClientCert, ConnectConfig } from './connect-config.js';
import { isStaleClose } from './stale-close.js';

/**
 * Connection facts of one undici Client (one socket at a time). The request
 * that gets a fresh connection claims its connect/TLS times (k6 attributes
 * them the same way); later requests on the socket see 0.
 */
export interface ConnRecord {
  /** `http://host:port` of the client. */
  origin: string;
  socket?: Socket;
  connectStart?: number;
  tcpEnd?: number;
  tlsEnd?: number;
  /** A connection finished and no request has claimed its times yet. */
  fresh: boolean;
  /** Of the current socket (k6's remote_ip, remote_port, tls_version, tls_cipher_suite). */
  remoteIp: string;
  remotePort: number;
  tlsVersion: string;
  cipher: string;
  /** The kind of the last response completed on the current socket (undefined: none yet). */
  lastKind?: ResponseKind;
  /** When it completed (performance.now()). */
  lastEnd: number;
  /** A response is arriving on the socket now (headers came, the body has not ended). */
  responding: boolean;
}

/** Where dispatch leaves the record for the handler (set before the request is written). */
export const CONN = Symbol('llmload.conn');
export interface ConnAware {
  [CONN]?: ConnRecord;
}

const now = () => performance.now();
const TLS_NAMES: Record<string, string> = { TLSv1: 'tls1.0', 'TLSv1.1': 'tls1.1', 'TLSv1.2': 'tls1.2', 'TLSv1.3': 'tls1.3' };

type ConnectFn = (o: buildConnector.Options, cb: (err: Error | null, s: Socket | null) => void) => Socket | undefined;

interface TimedClient {
  client: Client;
  rec: ConnRecord;
  /** A socket opened by preconnect() that undici has not asked for yet. */
  ready?: Socket;
  /** The client's connect function (preconnect opens its socket through it). */
  opener: ConnectFn;
}

const idle = (c: TimedClient) => c.client.stats.size === 0 && !c.client.closed && !c.client.destroyed;
/** The client holds an open socket (a client without one connects on its next request). */
const live = (c: TimedClient) => c.rec.socket !== undefined && !c.rec.socket.destroyed;

/**
 * One VU's connections (k6 keeps connections per VU): per origin, a list of
 * keep-alive HTTP/1.1 clients (one socket each). A request goes to an idle
 * client, or a new one when all are busy, so sequential requests reuse one
 * connection and concurrent ones (Promise.all) get their own. (undici's Pool
 * opens a second connection when a request follows the previous response at
 * once, before the client reports "drain".) undici's own timeouts are off:
 * the request's `timeout` covers the whole exchange (exchange.ts). `config`
 * carries TLS options and `hosts` overrides (llmload/http's; none for other
 * users); `guard` refuses connections k6's blockHostnames and blacklistIPs
 * forbid. `habits` (shared by the run's VUs) learns which servers close
 * kept-alive connections after a response without saying so: each client
 * reports such closes to it.
 */
export class VuConnections {
  private readonly origins = new Map<string, TimedClient[]>();
  private readonly connectors = new Map<ClientCert | undefined, ConnectFn>();

  constructor(
    private readonly config?: ConnectConfig,
    private readonly guard?: ConnectGuard,
    readonly habits: ConnectionHabits = new ConnectionHabits(),
  ) {}

  /**
   * Sends on an idle client of the origin, one with an open socket first.
   * `fresh`: on a new connection (a client without a socket, or a new one),
   * never on a kept one.
   */
  dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler & ConnAware, fresh = false): boolean {
    const origin = String(opts.origin);
    let list = this.origins.get(origin);
    if (!list) this.origins.set(origin, (list = []));
    let c: TimedClient | undefined;
    let socketless: TimedClient | undefined;
    for (const x of list) {
      if (!idle(x)) continue;
      if (!live(x)) socketless ??= x;
      else if (!fresh) {
        c = x;
        break;
      }
    }
    c ??= socketless;
    if (!c) {
      c = this.open(origin, list);
      list.push(c);
    }
    handler[CONN] = c.rec;
    return c.client.dispatch(opts, handler);
  }

  /**
   * Opens a connection to `origin` before any request needs it (the warm
   * start): a client whose socket is ready, handed to undici on its first
   * request. Its connect time was spent before the test, so no request
   * claims it: the first request is on a kept connection, timed from its
   * write (and sent once more if the server closed the idle socket). Resolves when the socket is open;
   * rejects when it cannot be (that request then connects as usual).
   */
  preconnect(origin: string): Promise<void> {
    let list = this.origins.get(origin);
    if (!list) this.origins.set(origin, (list = []));
    if (list.some((x) => live(x) || x.ready)) return Promise.resolve();
    const c = this.open(origin, list);
    list.push(c);
    const u = new URL(origin);
    const tls = u.protocol === 'https:';
    const opts = { hostname: u.hostname, host: u.host, protocol: u.protocol, port: u.port || (tls ? '443' : '80'), servername: tls ? u.hostname : undefined };
    return new Promise<void>((resolve, reject) => {
      c.opener(opts as buildConnector.Options, (err, sock) => {
        if (err || !sock) return reject(err ?? new Error('no socket'));
        // An idle socket's error (the server closed it) must not crash the run; undici adds its own handlers later.
        sock.on('error', () => {});
        c.rec.fresh = false;
        c.ready = sock;
        resolve();
      });
    });
  }

  async destroy(): Promise<void> {
    const all = [...this.origins.values()].flat();
    for (const c of all) c.ready?.destroy();
    this.origins.clear();
    await Promise.all(all.map((c) => c.client.destroy().catch(() => {})));
  }

  private open(origin: string, list: TimedClient[]): TimedClient {
    const rec: ConnRecord = { origin, fresh: false, remoteIp: '', remotePort: 0, tlsVersion: '', cipher: '', lastEnd: 0, responding: false };
    const tls = origin.startsWith('https:');
    const base = this.connectorFor(tls ? new URL(origin).hostname : undefined);
    const hosts = this.config?.hosts;
    const connect: ConnectFn = (connOpts, cb) => {
      const ready = entry.ready;
      if (ready) {
        entry.ready = undefined;
        // A kept connection (its connect was before the test): the first request's times start when it is written.
        if (!ready.destroyed && !ready.readableEnded) {
          queueMicrotask(() => cb(null, ready));
          return ready;
        }
      }
      rec.connectStart = now();
      rec.tcpEnd = rec.tlsEnd = undefined;
      rec.fresh = false;
      // k6's `hosts`: dial the configured address; SNI and Host stay the URL's name.
      const to = hosts?.lookup(connOpts.hostname, Number(connOpts.port) || (tls ? 443 : 80));
      const opts = to ? { ...connOpts, hostname: to.ip, port: String(to.port ?? connOpts.port) } : connOpts;
      // k6's dialer checks, in its order: the URL's name, then the address dialled (a name's: in `lookup`).
      const refused = this.guard && (this.guard.checkHostname(connOpts.hostname) ?? this.guard.checkAddress(opts.hostname));
      if (refused) {
        queueMicrotask(() => cb(refused, null));
        return undefined;
      }
      const socket = base(opts, (err, sock) => {
        if (!err && sock) {
          const t = now();
          rec.tcpEnd ??= t;
          if (tls) rec.tlsEnd = t;
          rec.socket = sock;
          rec.fresh = true;
          rec.lastKind = undefined;
          rec.responding = false;
          describe(rec, sock, tls);
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
    const entry: TimedClient = { client, rec, opener: connect };
    // A client whose connect failed is dropped (as undici's Pool does), not retried.
    client.on('connectionError', () => {
      const i = list.indexOf(entry);
      if (i >= 0) list.splice(i, 1);
      client.destroy().catch(() => {});
    });
    client.on('disconnect', (_o, _t, err: Error) => this.onDisconnect(rec, err));
    return entry;
  }

  /**
   * A socket closed. The server's close (not undici's own, which is
   * UND_ERR_INFO, nor a destroy) soon after a completed response and before
   * the next one started is its habit showing: `habits` counts it. A close
   * mid-response is a failure, not a habit.
   */
  private onDisconnect(rec: ConnRecord, err: Error): void {
    const kind = rec.lastKind;
    rec.lastKind = undefined;
    if (kind === undefined || rec.responding || !isStaleClose(err)) return;
    if (now() - rec.lastEnd <= CLOSE_WINDOW_MS) this.habits.closed(rec.origin, kind);
  }

  /** One connector per client certificate (undici caches TLS sessions per connector). */
  private connectorFor(servername: string | undefined): ConnectFn {
    const cert = servername === undefined ? undefined : certFor(this.config?.certs ?? [], servername);
    let c = this.connectors.get(cert);
    if (!c) {
      const cfg = this.config;
      const lookup = this.guard?.lookup;
      const tlsOpts = cfg
        ? {
            rejectUnauthorized: !cfg.insecureSkipTLSVerify,
            minVersion: cfg.minVersion,
            maxVersion: cfg.maxVersion,
            ...(cert && { cert: cert.cert, key: cert.key, passphrase: cert.passphrase }),
          }
        : {};
      // Passed on to net/tls.connect: names resolve through the guard, which drops blacklisted addresses.
      if (lookup) Object.assign(tlsOpts, { lookup });
      c = buildConnector(tlsOpts as buildConnector.BuildOptions) as unknown as ConnectFn;
      this.connectors.set(cert, c);
    }
    return c;
  }
}

/** The tlsAuth entry for a server: one naming it (or a matching "*.domain"), else one naming no domain. */
function certFor(certs: readonly ClientCert[], host: string): ClientCert | undefined {
  if (certs.length === 0) return undefined;
  const name = host.toLowerCase();
  const named = certs.find((c) =>
    c.domains.some((d) => {
      const p = d.toLowerCase();
      return p === name || (p.startsWith('*.') && name.endsWith(p.slice(1)));
    }),
  );
  return named ?? certs.find((c) => c.domains.length === 0);
}

function describe(rec: ConnRecord, sock: Socket, tls: boolean): void {
  rec.remoteIp = sock.remoteAddress ?? '';
  rec.remotePort = sock.remotePort ?? 0;
  if (tls) {
    const t = sock as TLSSocket;
    rec.tlsVersion = TLS_NAMES[t.getProtocol() ?? ''] ?? '';
    rec.cipher = t.getCipher()?.standardName ?? '';
  } else {
    rec.tlsVersion = rec.cipher = '';
  }
}
