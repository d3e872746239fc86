import { exchange, phaseTimings, type ConnRecord, type ReadClock, type VuConnections } from 'llmload/plugin';
import type { HttpTimings } from './types.js';

/** One request on the wire (a redirect chain sends several). */
export interface Hop {
  method: string;
  origin: string;
  /** Path and query. */
  path: string;
  headers: Record<string, string>;
  body: Buffer | null;
  /** ms left of the request's timeout. */
  timeout: number;
  /** Keep the body bytes (false for responseType 'none'). */
  keepBody: boolean;
}

/** What one hop got: a response, or the error that stopped it. */
export interface HopResult {
  /** 0 when no response arrived. */
  status: number;
  statusText: string;
  /** Canonical names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Each Set-Cookie header (they cannot be split again once joined). */
  setCookie: string[] | undefined;
  body: Buffer | undefined;
  timings: HttpTimings;
  bytesSent: number;
  bytesReceived: number;
  /** Set when the hop failed (network error, timeout, interruption). */
  error: unknown;
  /** Cut off by the end of the test (the VU was interrupted): a failed request without timings. */
  interrupted: boolean;
  conn: ConnRecord | undefined;
  /** 1 when the hop was sent again on a new connection (the server had closed the kept one): Exchanged.retries. */
  retries: number;
}

const MAX_CACHED = 1000;
const canonicalNames = new Map<string, string>();

/** Go's canonical header key ("content-type" → "Content-Type"), as k6 scripts expect. */
function canonical(raw: string): string {
  let name = canonicalNames.get(raw);
  if (name === undefined) {
    name = raw.toLowerCase().replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
    if (canonicalNames.size < MAX_CACHED) canonicalNames.set(raw, name);
  }
  return name;
}

function headersOf(raw: Buffer[]): { headers: Record<string, string>; setCookie: string[] | undefined } {
  const headers: Record<string, string> = {};
  let setCookie: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const k = canonical(raw[i]!.toString('latin1'));
    const v = raw[i + 1]!.toString('latin1');
    headers[k] = headers[k] === undefined ? v : `${headers[k]}, ${v}`;
    if (k === 'Set-Cookie') (setCookie ??= []).push(v);
  }
  return { headers, setCookie };
}

/**
 * Sends one hop through the VU's connections with the plugin API's request
 * state machine (each phase stamped where it happens) and reads it as k6
 * does: the body collected, canonical headers, k6's phase timings.
 */
export async function sendHop(connections: VuConnections, hop: Hop, reuse: boolean, signal: AbortSignal, clock: ReadClock): Promise<HopResult> {
  const chunks: Buffer[] = [];
  const sink = hop.keepBody ? { data: (chunk: Buffer) => void chunks.push(chunk) } : undefined;
  const { method, origin, path, headers, body, timeout } = hop;
  const ex = await exchange(connections, { method, origin, path, headers, body, timeout, reuse }, { signal, clock, sink });
  const ok = ex.error === undefined;
  const parsed = ok ? headersOf(ex.rawHeaders) : { headers: {}, setCookie: undefined };
  return {
    status: ok ? ex.status : 0,
    statusText: ok ? ex.statusText : '',
    headers: parsed.headers,
    setCookie: parsed.setCookie,
    body: ok && hop.keepBody ? Buffer.concat(chunks) : undefined,
    timings: phaseTimings(ex),
    bytesSent: ex.bytesSent,
    bytesReceived: ex.bytesReceived,
    error: ex.error,
    interrupted: ex.interrupted,
    conn: ex.conn,
    retries: ex.retries,
  };
}
