/**
 * Why the request state machine (exchange.ts) stopped a request itself:
 * undici's own timeouts are off, the exchange's timers and the VU's abort
 * signal decide. Endpoints map them to their own error codes or types.
 */

/** The whole request took longer than its `timeout`. */
export class RequestTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`request timeout after ${ms} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/** No byte of the body arrived for `idleTimeout` ms once it had started. */
export class IdleTimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`no data for ${ms} ms (idleTimeout)`);
    this.name = 'IdleTimeoutError';
  }
}

/** The request was cut off by the end of the test (the VU's signal aborted). */
export class InterruptedError extends Error {
  constructor() {
    super('the request was cut off by the end of the test (gracefulStop ran out, Ctrl-C, or an abort)');
    this.name = 'InterruptedError';
  }
}

/** The client closed the request on purpose, `ms` after it was sent (`cancelAfter`, a scenario's `cancel`). */
export class CancelledError extends Error {
  constructor(readonly ms: number) {
    super(`cancelled by the client ${ms} ms after the request was sent`);
    this.name = 'CancelledError';
  }
}
