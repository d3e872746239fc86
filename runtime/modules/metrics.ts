/**
 * `llmload/metrics`: custom metrics (k6's `k6/metrics`). Create them in init
 * code (outside exported functions); add samples anywhere. Tag values are
 * converted to strings.
 */
import { stringTags } from './internal/string-tags.js';
import { host, vu } from './internal/state.js';

type Kind = 'counter' | 'gauge' | 'rate' | 'trend';
type Tags = Record<string, string | number | boolean>;

abstract class Metric {
  readonly name: string;
  /** Values are times in ms (summaries print them as durations). */
  readonly isTime: boolean;
  /** @internal */
  constructor(kind: Kind, name: string, isTime?: boolean) {
    if (vu.phase !== 'init') throw new Error(`metric "${String(name)}": custom metrics must be created in init code (outside exported functions)`);
    if (typeof name !== 'string' || name === '') throw new TypeError('a metric needs a non-empty name');
    this.name = name;
    this.isTime = !!isTime;
    host.defineMetric(name, kind, this.isTime);
  }
  /** @internal */
  protected push(value: number, tags?: Tags): boolean {
    host.sample(this.name, value, vu.group, tags ? stringTags(tags) : undefined);
    return true;
  }
}

function num(metric: string, value: unknown): number {
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`metric "${metric}": value ${String(value)} is not a finite number`);
  return n;
}

/** Sums values; summary: `count`, `rate` (per second). */
export class Counter extends Metric {
  constructor(name: string, isTime?: boolean) {
    super('counter', name, isTime);
  }
  add(value: number, tags?: Tags): boolean {
    return this.push(num(this.name, value), tags);
  }
}

/** Keeps the latest value; summary: `value`, `min`, `max`. */
export class Gauge extends Metric {
  constructor(name: string, isTime?: boolean) {
    super('gauge', name, isTime);
  }
  add(value: number, tags?: Tags): boolean {
    return this.push(num(this.name, value), tags);
  }
}

/** Share of truthy values; summary: `rate`. */
export class Rate extends Metric {
  constructor(name: string) {
    super('rate', name, false);
  }
  add(value: unknown, tags?: Tags): boolean {
    return this.push(value ? 1 : 0, tags);
  }
}

/** Distribution; summary: `avg`, `min`, `med`, `max`, `p(N)`. `isTime`: values are ms. */
export class Trend extends Metric {
  constructor(name: string, isTime?: boolean) {
    super('trend', name, isTime);
  }
  add(value: number, tags?: Tags): boolean {
    return this.push(num(this.name, value), tags);
  }
}

export default { Counter, Gauge, Rate, Trend };
