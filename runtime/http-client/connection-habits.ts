/** Which kind of response a connection carried: a stream (SSE, NDJSON) or anything else. */
export type ResponseKind = 'stream' | 'other';

/** Surprise closes after completed responses of one kind that teach llmload a server's habit (at the least). */
export const LEARN_AFTER = 3;

/**
 * A close that follows a response by more than this is a server's idle
 * keep-alive timeout (uvicorn 5 s, Node 5 s, nginx 75 s), not a habit of
 * closing after the response.
 */
export const CLOSE_WINDOW_MS = 1000;

/**
 * What a run has learned about servers that close kept-alive connections
 * without saying so, per origin and response kind. llama.cpp advertises
 * `Keep-Alive: timeout=5, max=100` yet closes the socket after every streamed
 * response: a client that reuses the connection writes its next request onto
 * a socket the server is closing. Once such closes number LEARN_AFTER and
 * outnumber the connections the server did keep after that kind of response
 * (so a server that closes all its idle connections once, as on shutdown, is
 * not taken for one), requests of that kind to that origin stop reusing: each
 * gets a connection of its own, closed after it (as with noConnectionReuse),
 * and the user is told once. Shared by every VU of the run (VuConnections
 * hold connections per VU; habits are the server's).
 */
export class ConnectionHabits {
  private readonly origins = new Map<string, Record<ResponseKind, Tally>>();

  /** `note` is told once per origin and kind when a habit is learned. */
  constructor(private readonly note: (origin: string, kind: ResponseKind) => void = () => {}) {}

  /** The server closes connections after responses of this kind: do not reuse them for it. */
  closesAfter(origin: string, kind: ResponseKind): boolean {
    return this.origins.get(origin)?.[kind].learned === true;
  }

  /** The server closed a kept-alive connection soon after a completed response of this kind, unannounced. */
  closed(origin: string, kind: ResponseKind): void {
    const t = this.tally(origin)[kind];
    if (t.learned) return;
    t.closed++;
    if (t.closed < LEARN_AFTER || t.closed <= t.kept) return;
    t.learned = true;
    this.note(origin, kind);
  }

  /** A connection kept after a response of this kind answered another request: the server does keep it. */
  kept(origin: string, kind: ResponseKind): void {
    this.tally(origin)[kind].kept++;
  }

  private tally(origin: string): Record<ResponseKind, Tally> {
    let t = this.origins.get(origin);
    if (!t) this.origins.set(origin, (t = { stream: newTally(), other: newTally() }));
    return t;
  }
}

interface Tally {
  closed: number;
  kept: number;
  learned: boolean;
}

const newTally = (): Tally => ({ closed: 0, kept: 0, learned: false });

/** The one-time note when a habit is learned (`who`: the module, e.g. `llmload/openai`). */
export function habitNote(who: string, origin: string, kind: ResponseKind): string {
  const what = kind === 'stream' ? 'streamed response' : 'response';
  return (
    `${who}: ${origin} closes its connection after every ${what} although it offers keep-alive (llama.cpp does this after streams); ` +
    `from now on each such request gets a new connection (requests caught by a close were sent again once: see the retries metric)`
  );
}
