/**
 * The HTTP client toolkit of endpoint plugins (exported by `llmload/plugin`):
 * a VU's connection pool (k6 keeps connections per VU), the one request
 * state machine that stamps every phase and every read, k6's phase timings
 * and error codes, and a warn-once log helper.
 */
export type { ClientCert, ConnectConfig, HostsLookup } from './connect-config.js';
export { classifyError, DecompressionError, ErrorCodes } from './error-codes.js';
export { exchange, rawHeader, type ConnectStamps, type ExchangeOptions, type Exchanged, type ResponseSink, type WireRequest } from './exchange.js';
export { phaseTimings, ZERO_TIMINGS, type PhaseTimings } from './phase-timings.js';
export { ReadClock } from './read-clock.js';
export { IdleTimeoutError, InterruptedError, RequestTimeoutError } from './stop-errors.js';
export { VuConnections, type ConnRecord } from './vu-connections.js';
export { createWarnOnce, type WarnOnce } from './warn-once.js';
