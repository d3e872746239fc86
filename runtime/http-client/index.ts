/**
 * The HTTP client toolkit of endpoint plugins (exported by `llmload/plugin`):
 * a VU's connection pool (k6 keeps connections per VU), the one request
 * state machine that stamps every phase and every read (and sends a request
 * once more when a kept connection turns out closed), what the run learned
 * about servers that close connections, k6's phase timings and error codes,
 * and a warn-once log helper.
 */
export type { ClientCert, ConnectConfig, HostsLookup } from './connect-config.js';
export { ConnectionHabits, habitNote, type ResponseKind } from './connection-habits.js';
export { classifyError, DecompressionError, ErrorCodes } from './error-codes.js';
export { exchange, rawHeader, type ConnectStamps, type ExchangeOptions, type Exchanged, type ResponseSink, type WireRequest } from './exchange.js';
export { phaseTimings, ZERO_TIMINGS, type PhaseTimings } from './phase-timings.js';
export { ReadClock } from './read-clock.js';
export { CancelledError, IdleTimeoutError, InterruptedError, RequestTimeoutError } from './stop-errors.js';
export { VuConnections, type ConnRecord } from './vu-connections.js';
export { createWarnOnce, type WarnOnce } from './warn-once.js';
