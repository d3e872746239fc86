import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** `close-connections`: never, after every response (true), or after streamed responses only (llama.cpp). */
export type CloseConnections = boolean | 'streams';

/**
 * How long after a streamed response llama.cpp-style closing takes effect
 * (ms). llama.cpp's HTTP thread closes the socket a moment after the last
 * chunk, not with it; a client that writes its next request in that moment
 * loses it. With no delay at all a client would nearly always see the close
 * before reusing the connection.
 */
export const STREAM_CLOSE_DELAY_MS = 1;

/** Requests per connection llama.cpp (cpp-httplib) serves and advertises in `Keep-Alive: timeout=5, max=100`. */
export const LLAMA_CPP_MAX_REQUESTS = 100;

/**
 * The mock's `close-connections` setting: closes connections after their
 * responses without announcing it (the responses still say keep-alive).
 * `streams` reproduces llama.cpp's server: it advertises `Keep-Alive:
 * timeout=<keep-alive>, max=100` and keeps connections after plain responses
 * (closing, announced, after 100 requests), but closes the socket just after
 * every streamed response; a request that arrives on the socket meanwhile is
 * never served (the connection is reset, as a server that had already let it
 * go does).
 */
export class ConnectionCloser {
  private readonly closing = new WeakSet<Socket>();

  constructor(private readonly mode: CloseConnections) {}

  /** Sets up the server (llama.cpp's advertised and enforced request limit per connection). */
  configure(server: Server): void {
    if (this.mode === 'streams') server.maxRequestsPerSocket = LLAMA_CPP_MAX_REQUESTS;
  }

  /** A request arrived: false when its connection is being closed (it was reset; do not serve it). */
  admit(req: IncomingMessage): boolean {
    if (this.mode === false || !this.closing.has(req.socket)) return true;
    req.socket.resetAndDestroy();
    return false;
  }

  /** Watches a response; `streamed()` says, once it is sent, whether it was a stream. */
  watch(req: IncomingMessage, res: ServerResponse, streamed: () => boolean): void {
    if (this.mode === false) return;
    // The server detaches the socket from the response before 'finish' listeners run: keep it now.
    const socket = req.socket;
    res.on('finish', () => {
      if (this.mode === 'streams' && !streamed()) return;
      this.closing.add(socket);
      if (this.mode === true) socket.end();
      else setTimeout(() => socket.end(), STREAM_CLOSE_DELAY_MS);
    });
  }
}
