import type { Exchanged } from './exchange.js';

/** k6's `res.timings` (ms). */
export interface PhaseTimings {
  /** sending + waiting + receiving. */
  duration: number;
  /** Waiting for a connection (queued, or before the connect started). */
  blocked: number;
  /** Always 0, as in k6 (name resolution is part of `connecting`). */
  looking_up: number;
  /** TCP connect of a new connection (0 when one was reused). */
  connecting: number;
  /** TLS handshake of a new connection (0 when reused or plain HTTP). */
  tls_handshaking: number;
  /** Writing the request (headers and body). */
  sending: number;
  /** Written → first response byte (headers). */
  waiting: number;
  /** Headers → last byte. */
  receiving: number;
}

export const ZERO_TIMINGS: Readonly<PhaseTimings> = Object.freeze({
  duration: 0,
  blocked: 0,
  looking_up: 0,
  connecting: 0,
  tls_handshaking: 0,
  sending: 0,
  waiting: 0,
  receiving: 0,
});

/**
 * k6's phase timings of one exchange. A request that never got a connection
 * (a failed connect, or cut off while queued) spent its whole time blocked.
 */
export function phaseTimings(ex: Exchanged): PhaseTimings {
  const t: PhaseTimings = { ...ZERO_TIMINGS };
  const { connected, fresh, end } = ex;
  if (connected === undefined) {
    t.blocked = end - ex.dispatched;
  } else {
    t.connecting = fresh ? fresh.tcp - fresh.start : 0;
    t.tls_handshaking = fresh?.tls !== undefined ? fresh.tls - fresh.tcp : 0;
    t.blocked = Math.max(0, connected - ex.dispatched - t.connecting - t.tls_handshaking);
    const sent = ex.sent ?? end;
    t.sending = sent - connected;
    t.waiting = (ex.headers ?? end) - sent;
    t.receiving = ex.headers !== undefined ? end - ex.headers : 0;
  }
  t.duration = t.sending + t.waiting + t.receiving;
  return t;
}
