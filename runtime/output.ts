import type { MetricDefinition, Sample } from './metrics/types.js';
import type { SummaryContributor } from './summary/sections.js';

/** What an output is told when the run starts. */
export interface OutputContext {
  /** The argument after `name=` in `--out name=arg` ('' when absent). */
  arg: string;
  /** Directory relative paths resolve against (the user's cwd). */
  cwd: string;
  /** Run-level tags (`--tag`, `options.tags`), including `testid` when set. */
  runTags: Record<string, string>;
  /** Environment the output may read its options from (LLMLOAD_*). */
  env: Record<string, string | undefined>;
  /** Non-fatal problems: printed once by the CLI. */
  warn(message: string): void;
  /** Resolves a metric's definition (type, contains) by name. */
  metric(name: string): MetricDefinition | undefined;
}

/**
 * An output plugin (`--out name=arg`). Samples arrive in batches, off the hot
 * path, in the order they were taken. `stop` must flush everything.
 */
export interface OutputPlugin extends SummaryContributor {
  readonly name: string;
  /** One line for the run header, e.g. "json (results.json)". */
  description(): string;
  start(): Promise<void>;
  addSamples(samples: readonly Sample[]): void;
  /** Flush and release; `error` is set when the run failed. */
  stop(error?: unknown): Promise<void>;
}

/** Creates an output from `--out name=arg`; registered by name. */
export interface OutputFactory {
  readonly name: string;
  create(ctx: OutputContext): OutputPlugin;
}
