/** `llmload/metrics`: custom metrics (k6's `k6/metrics`). Create them in init code. */
import { stringTags } from './index.js';
import { host, vu } from './internal/state.js';

type Kind = 'counter' | 'gauge' | 'rate' | 'trend';

abstract class Metric {
  readonly name: string;
  readonly isTime: boolean;
  constructor(kind: Kind, name: string, isTime?: boolean) {
    if (vu.phase !== 'init') throw new Error(`metric "${String(name)}": custom metrics must be created in init code (outside exported functions)`);
    if (typeof name !== 'string' || name === '') throw new TypeError('a metric needs a non-empty name');
    this.name = name;
    this.isTime = !!isTime;
    host.defineMetric(name, kind, this.isTime);
  }
  protected push(value: number, tags?: Record<string, unknown>): boolean {
    host.sample(this.name, value, vu.group, tags ? stringTags(tags) : undefined);
    return true;
  }
}

function num(metric: string, value: unknown): number {
  const n = typeof value === 'boolean' ? (value ? 1 : 0) : Number(value);
  if (!Number.isFinite(n)) throw new TypeError(`metric "${metric}": value ${String(value)} is not a finite number`);
  return n;
}

/** Sums values (`count`, `rate`). */
export class Counter extends Metric {
  constructor(name: string, isTime?: boolean) {
    super('counter', name, isTime);
  }
  add(value: number, tags?: Record<string, unknown>): boolean {
    return this.push(num(this.name, value), tags);
  }
}

/** Keeps the last value (`value`, `min`, `max`). */
export class Gauge extends Metric {
  constructor(name: string, isTime?: boolean) {
    super('gauge', name, isTime);
  }
  add(value: number, tags?: Record<string, unknown>): boolean {
    return this.push(num(this.name, value), tags);
  }
}

/** Share of non-zero values (`rate`). Truthy values count as passes. */
export class Rate extends Metric {
  constructor(name: string) {
    super('rate', name, false);
  }
  add(value: unknown, tags?: Record<string, unknown>): boolean {
    return this.push(value ? 1 : 0, tags);
  }
}

/** Distribution (`avg`, `min`, `med`, `max`, `p(N)`); `isTime` = values are ms. */
export class Trend extends Metric {
  constructor(name: string, isTime?: boolean) {
    super('trend', name, isTime);
  }
  add(value: number, tags?: Record<string, unknown>): boolean {
    return this.push(num(this.name, value), tags);
  }
}

export default { Counter, Gauge, Rate, Trend };
