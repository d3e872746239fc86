import { LlmloadError } from '../errors.js';
import { TrendSink } from './trend-sink.js';
import type { MetricType } from './types.js';

/**
 * Aggregates the samples of one metric (or sub-metric). `add` is on the hot
 * path: O(1), no allocation. `values` produces the numbers the summary and the
 * thresholds read, with k6's keys:
 * counter {count, rate}, gauge {value, min, max}, rate {rate, passes, fails},
 * trend {avg, min, med, max, p(N), count, sum} (those asked for).
 */
export interface MetricSink {
  readonly type: MetricType;
  /** `time`: the sample's epoch ms (gauges keep the time of their last value, so merges take the latest). */
  add(value: number, time?: number): void;
  /** True until the first sample. */
  isEmpty(): boolean;
  /** `elapsedMs` is the test run duration so far (counter rates); `trendStats` only matters to trends. */
  values(elapsedMs: number, trendStats?: readonly string[]): Record<string, number>;
  /** Adds another sink of the same type into this one (e.g. per-worker sinks). */
  merge(other: MetricSink): void;
}

export class CounterSink implements MetricSink {
  readonly type = 'counter' as const;
  count = 0;
  private seen = false;
  add(value: number): void {
    this.count += value;
    this.seen = true;
  }
  isEmpty(): boolean {
    return !this.seen;
  }
  /** rate = count / elapsed seconds of the whole test run, as in k6 (0 before any time has passed). */
  values(elapsedMs: number): Record<string, number> {
    return { count: this.count, rate: elapsedMs > 0 ? this.count / (elapsedMs / 1000) : 0 };
  }
  merge(other: MetricSink): void {
    const o = sameType(this, other);
    this.count += o.count;
    this.seen ||= !o.isEmpty();
  }
}

export class GaugeSink implements MetricSink {
  readonly type = 'gauge' as const;
  /** The last value added. */
  value = 0;
  /** Epoch ms of `value` (-Infinity before any sample). */
  time = Number.NEGATIVE_INFINITY;
  min = 0;
  max = 0;
  private seen = false;
  add(value: number, time: number = Date.now()): void {
    this.value = value;
    this.time = time;
    if (!this.seen) {
      this.min = this.max = value;
      this.seen = true;
    } else if (value < this.min) this.min = value;
    else if (value > this.max) this.max = value;
  }
  isEmpty(): boolean {
    return !this.seen;
  }
  values(): Record<string, number> {
    return { value: this.value, min: this.min, max: this.max };
  }
  /** The other sink's last value wins (it is taken to be the later one). */
  merge(other: MetricSink): void {
    const o = sameType(this, other);
    if (o.isEmpty()) return;
    this.mergeState(o.value, o.min, o.max, o.time);
    this.value = o.value;
    this.time = o.time;
  }

  /**
   * Adds another engine's gauge state: min and max widen; the value is the
   * one with the later time, the merged one on a tie (as a later push would win in one engine).
   */
  mergeState(value: number, min: number, max: number, time: number): void {
    if (this.seen) {
      this.min = Math.min(this.min, min);
      this.max = Math.max(this.max, max);
    } else {
      this.min = min;
      this.max = max;
    }
    if (!this.seen || time >= this.time) {
      this.value = value;
      this.time = time;
    }
    this.seen = true;
  }
}

export class RateSink implements MetricSink {
  readonly type = 'rate' as const;
  /** Non-zero samples. */
  passes = 0;
  fails = 0;
  add(value: number): void {
    if (value !== 0) this.passes++;
    else this.fails++;
  }
  isEmpty(): boolean {
    return this.passes + this.fails === 0;
  }
  /** rate = passes / total; 0 with no samples. */
  values(): Record<string, number> {
    const total = this.passes + this.fails;
    return { rate: total > 0 ? this.passes / total : 0, passes: this.passes, fails: this.fails };
  }
  merge(other: MetricSink): void {
    const o = sameType(this, other);
    this.passes += o.passes;
    this.fails += o.fails;
  }
}

export function createSink(type: MetricType): MetricSink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink();
  }
}

export function sameType<T extends MetricSink>(self: T, other: MetricSink): T {
  if (other.type !== self.type || other.constructor !== self.constructor) {
    throw new LlmloadError('ERR_INTERNAL', `cannot merge a ${other.type} sink into a ${self.type} sink`);
  }
  return other as T;
}
