/** k6's response callbacks: `http.expectedStatuses()` objects decide http_req_failed and `expected_response`. */
import type { ExpectedStatusesWire } from '../../plugins/endpoints/http/types.js';

/** An expectedStatuses() result (opaque: only setResponseCallback() and params.responseCallback use it). */
export class ExpectedStatuses {
  readonly #wire: ExpectedStatusesWire;

  private constructor(wire: ExpectedStatusesWire) {
    this.#wire = wire;
  }

  /** @internal */
  static of(wire: ExpectedStatusesWire): ExpectedStatuses {
    return new ExpectedStatuses(wire);
  }

  /**
   * The statuses, when `x` is an ExpectedStatuses; undefined otherwise.
   * @internal
   */
  static wireOf(x: unknown): ExpectedStatusesWire | undefined {
    return typeof x === 'object' && x !== null && #wire in x ? (x as ExpectedStatuses).#wire : undefined;
  }
}

/** A response callback: statuses and { min, max } ranges (inclusive) that count as expected. */
export function expectedStatuses(...statuses: Array<number | { min: number; max: number }>): ExpectedStatuses {
  if (statuses.length === 0) throw new TypeError('expectedStatuses(): no arguments');
  const wire: ExpectedStatusesWire = { exact: [], ranges: [] };
  statuses.forEach((s, i) => {
    if (Number.isInteger(s)) return void wire.exact.push(s as number);
    const r = s as { min?: unknown; max?: unknown } | null;
    if (typeof r !== 'object' || r === null || r.min === undefined || r.max === undefined) {
      throw new TypeError(`argument number ${i + 1} to expectedStatuses was neither an integer nor an object like {min:100, max:329}`);
    }
    if (!Number.isInteger(r.min) || !Number.isInteger(r.max)) throw new TypeError(`both min and max need to be integers for argument number ${i + 1}`);
    wire.ranges.push([r.min as number, r.max as number]);
  });
  return ExpectedStatuses.of(wire);
}

/** This VU's callback: undefined = k6's default (200–399), null = none. */
let current: ExpectedStatusesWire | null | undefined;

/**
 * Sets this VU's response callback (default expectedStatuses({ min: 200, max: 399 })):
 * null records no `expected_response` tag and no http_req_failed sample, as in k6.
 */
export function setResponseCallback(callback: ExpectedStatuses | null): void {
  if (callback === null) {
    current = null;
    return;
  }
  const wire = ExpectedStatuses.wireOf(callback);
  if (!wire) throw new TypeError('setResponseCallback(): unsupported argument, expected http.expectedStatuses(...) or null');
  current = wire;
}

/** The callback a request uses: params.responseCallback when the key is present, else the VU's. */
export function callbackFor(params: { responseCallback?: unknown } | undefined): ExpectedStatusesWire | null | undefined {
  if (!params || !('responseCallback' in params)) return current;
  const v = params.responseCallback;
  if (v === null || v === undefined) return null;
  const wire = ExpectedStatuses.wireOf(v);
  if (!wire) throw new TypeError('http: params.responseCallback must be http.expectedStatuses(...) or null');
  return wire;
}
