import type { MetricDefinition, Sample } from '../metrics/types.js';
import type { SummaryContributor } from '../summary/sections.js';
import type { RecordBus } from '../record-channel.js';
import type { PluginIdentity } from './identity.js';
import type { ThresholdResult } from '../thresholds/thresholds.js';

/** Where a threshold is written in the user's script, when the source map knows it. */
export interface SourceLocation {
  /** Relative to the cwd, as the user wrote it ("scripts/chat.ts"). */
  file: string;
  /** 1-based. */
  line: number;
}

/**
 * The end of the test, for outputs that write a report: given to
 * `Output.finish` after `stop`, once the final thresholds evaluation and the
 * summary exist. Not given when the run failed before its summary.
 */
export interface OutputFinal {
  /** The script as given on the command line ('-' for stdin; the API's inline name). */
  script: string;
  /** Wall-clock start and end of the test phase (epoch ms). */
  startTime: number;
  endTime: number;
  testRunDurationMs: number;
  /** What handleSummary() receives: k6's data plus the plugins' blocks (`llm`, `load_generator`…). */
  summary: Record<string, unknown>;
  /** The final evaluation of every threshold (empty with --no-thresholds or none defined). */
  thresholds: readonly ThresholdResult[];
  /** Where a threshold (`metric`, expression as written) is in the script, when the source map knows it. */
  locate(metric: string, expression: string): SourceLocation | undefined;
  /** The comparison with `run --baseline FILE`, when given: the baseline file, its data, the comparison. */
  baseline?: { file: string; data: unknown; comparison: unknown };
}

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
  /** After `stop` and the summary (reports: HTML, JUnit); not called when the run failed. */
  finish?(final: OutputFinal): Promise<void>;
}

/** An output plugin: `--out <name>=arg` makes one Output per run with `create`. */
export interface OutputPlugin extends PluginIdentity<'output'> {
  create(ctx: OutputContext): Output;
}
