/** Metric kinds, as in k6. */
export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
/** What the numbers mean; `time` values are milliseconds, `data` values are bytes. */
export type ValueType = 'default' | 'time' | 'data';
export type Tags = Readonly<Record<string, string>>;

/** One observation. `time` is wall-clock epoch milliseconds (fractional). */
export interface Sample {
  metric: string;
  time: number;
  value: number;
  tags: Tags;
}

export interface MetricDefinition {
  name: string;
  type: MetricType;
  contains: ValueType;
}

/** Anything that accepts samples: the metrics engine, a buffer, a test spy. */
export interface SampleSink {
  push(sample: Sample): void;
}
