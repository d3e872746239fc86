import type { MetricDefinition, Sample } from '../metrics/types.js';
import type { SummaryContributor } from '../summary/sections.js';
import type { RecordBus } from '../record-channel.js';
import type { PluginIdentity } from './identity.js';

/** What an output is told when the run starts. */
export interface OutputContext {
  /** The argument after `name=` in `--out name=arg` ('' when absent). */
  arg: string;
  /** Directory relative paths resolve against (the user's cwd). */
  cwd: string;
  /** Run-level tags (`--tag`, `options.tags`), including `testid` when set. */
  runTags: Record<string, string>;
  /**
   * The run's id: the `testid` run tag when set, else one generated for the
   * run (`20250102-030405-a1b2`, sortable by start time). The same for every
   * output of the run and in `run()`'s result.
   */
  testid: string;
  /** Environment the output may read its options from (LLMLOAD_*). */
  env: Record<string, string | undefined>;
  /** Non-fatal problems: printed once by the CLI. */
  warn(message: string): void;
  /** Resolves a metric's definition (type, contains) by name. */
  metric(name: string): MetricDefinition | undefined;
  /** The run's record channels (e.g. `llm-requests`: one record per LLM request). */
  records: RecordBus;
}

/**
 * One output of one run (`--out name=arg`), made by its OutputPlugin. Samples
 * arrive in batches, off the hot path, in the order they were taken. `stop`
 * must flush everything.
 */
export interface Output extends SummaryContributor {
  readonly name: string;
  /** One line for the run header, e.g. "json (results.json)". */
  description(): string;
  start(): Promise<void>;
  addSamples(samples: readonly Sample[]): void;
  /** Flush and release; `error` is set when the run failed. */
  stop(error?: unknown): Promise<void>;
}

/** An output plugin: `--out <name>=arg` makes one Output per run with `create`. */
export interface OutputPlugin extends PluginIdentity<'output'> {
  create(ctx: OutputContext): Output;
}
