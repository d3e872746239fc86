import type { MetricRegistry } from './metric-registry.js';
import type { MetricType, ValueType } from './types.js';

/** k6's built-in metrics, plus llmload's own execution metrics (last two). */
export const BUILTIN_METRICS: ReadonlyArray<readonly [name: string, type: MetricType, contains: ValueType]> = [
  ['iterations', 'counter', 'default'],
  ['iteration_duration', 'trend', 'time'],
  ['dropped_iterations', 'counter', 'default'],
  ['vus', 'gauge', 'default'],
  ['vus_max', 'gauge', 'default'],
  ['checks', 'rate', 'default'],
  ['data_sent', 'counter', 'data'],
  ['data_received', 'counter', 'data'],
  ['http_reqs', 'counter', 'default'],
  ['http_req_duration', 'trend', 'time'],
  ['http_req_blocked', 'trend', 'time'],
  ['http_req_connecting', 'trend', 'time'],
  ['http_req_tls_handshaking', 'trend', 'time'],
  ['http_req_sending', 'trend', 'time'],
  ['http_req_waiting', 'trend', 'time'],
  ['http_req_receiving', 'trend', 'time'],
  ['http_req_failed', 'rate', 'default'],
  // actual start − intended start of an iteration (ms).
  ['iteration_schedule_lag', 'trend', 'time'],
  // iterations cut short by the end of their scenario (gracefulStop) or a stop.
  ['interrupted_iterations', 'counter', 'default'],
  // llmload's own health (runtime/health): per second, event-loop delay p99 (ms), main-thread busy %, process CPU %.
  ['llmload_event_loop_delay', 'trend', 'time'],
  ['llmload_event_loop_utilization', 'gauge', 'default'],
  ['llmload_cpu', 'gauge', 'default'],
];

export function registerBuiltins(registry: MetricRegistry): void {
  for (const [name, type, contains] of BUILTIN_METRICS) registry.define(name, type, contains);
}
