import { LlmloadError } from '../errors.js';
import type { MetricDefinition, MetricType, ValueType } from './types.js';

/** k6's metric name rule (v0.45+): a letter or `_`, then up to 127 letters, digits or `_`. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

const TYPES: readonly MetricType[] = ['counter', 'gauge', 'rate', 'trend'];
const VALUE_TYPES: readonly ValueType[] = ['default', 'time', 'data'];

/**
 * Every metric a run knows: the built-ins plus those the script defines
 * (`new Trend('x', true)`). Thresholds are validated against it and the
 * metrics engine refuses samples of metrics it does not hold.
 */
export class MetricRegistry {
  private readonly byName = new Map<string, MetricDefinition>();

  /**
   * Defines a metric, or returns the existing definition when the same name is
   * defined again with the same type and value type (scripts define metrics in
   * init code, which runs once per VU). A different type or value type is an error.
   */
  define(name: string, type: MetricType, contains: ValueType = 'default'): MetricDefinition {
    const existing = this.byName.get(name);
    if (existing) {
      if (existing.type !== type) {
        throw new LlmloadError('ERR_SCRIPT_EXCEPTION', `metric "${name}" already exists as a ${existing.type}, it cannot be redefined as a ${type}`);
      }
      if (existing.contains !== contains) {
        throw new LlmloadError(
          'ERR_SCRIPT_EXCEPTION',
          `metric "${name}" already exists with value type "${existing.contains}", it cannot be redefined with "${contains}"`,
        );
      }
      return existing;
    }
    if (typeof name !== 'string' || !METRIC_NAME_PATTERN.test(name)) {
      throw new LlmloadError(
        'ERR_SCRIPT_EXCEPTION',
        `invalid metric name ${JSON.stringify(name)}: it must start with a letter or "_" and hold only letters, digits and "_" (at most 128 characters)`,
      );
    }
    if (!TYPES.includes(type)) throw new LlmloadError('ERR_INTERNAL', `metric "${name}": unknown metric type "${String(type)}"`);
    if (!VALUE_TYPES.includes(contains)) {
      throw new LlmloadError('ERR_INTERNAL', `metric "${name}": unknown value type "${String(contains)}"`);
    }
    const def: MetricDefinition = Object.freeze({ name, type, contains });
    this.byName.set(name, def);
    return def;
  }

  get(name: string): MetricDefinition | undefined {
    return this.byName.get(name);
  }

  /** All definitions, in definition order. */
  all(): MetricDefinition[] {
    return [...this.byName.values()];
  }
}
