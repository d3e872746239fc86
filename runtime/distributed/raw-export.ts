import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunInfo } from '../compare/run-numbers.js';
import { LlmloadError } from '../errors.js';
import type { LlmRunStats } from '../llm/run-stats.js';
import type { MetricsEngine } from '../metrics/engine.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import type { MetricDefinition } from '../metrics/types.js';
import type { ResolvedOptions, ThresholdSpec } from '../options/types.js';
import { captureState, type RawState } from './raw-state.js';
import { checkRawState, RawShapeError } from './raw-validate.js';

/** What marks a `--summary-export-raw` file. */
export const RAW_EXPORT_KIND = 'llmload-summary-raw';

/** The options that shape a run's summary, as the run resolved them. */
export interface RawSummaryOptions {
  summaryTrendStats: string[];
  summaryTimeUnit: string;
  /** As written (resolved): `llmload merge` evaluates them on the merged data unless --thresholds-from. */
  thresholds: Record<string, ThresholdSpec[]>;
  /** The run tags (`--tag`, options.tags). */
  tags: Record<string, string>;
  /** options.goodput (the SLOs of the `llm` block's goodput), when set. */
  goodput?: unknown;
}

/**
 * `--summary-export-raw`: the run's RawState, lossless, plus what its summary
 * is built from, so `llmload merge` rebuilds the `--summary-export` of
 * several runs as if one engine had seen all their samples.
 */
export interface RawExport extends RawState {
  kind: typeof RAW_EXPORT_KIND;
  options: RawSummaryOptions;
  /** Every metric the run defined (custom ones without samples too): thresholds may name them. */
  definitions: MetricDefinition[];
  /** Epoch ms of the test phase's start and end. */
  startTime: number;
  endTime: number;
  /** The summary's `run` block. */
  run?: RunInfo;
}

/** The raw export of a finished run. */
export function rawExportOf(input: {
  engine: MetricsEngine;
  registry: MetricRegistry;
  options: ResolvedOptions;
  llm?: LlmRunStats;
  testRunDurationMs: number;
  endTime: number;
  run?: RunInfo;
}): RawExport {
  const { options, testRunDurationMs, endTime } = input;
  const startTime = endTime - testRunDurationMs;
  const state = captureState(input.engine, { llm: input.llm, testRunDurationMs, window: { start: startTime, end: endTime } });
  const summaryOptions: RawSummaryOptions = {
    summaryTrendStats: [...options.summaryTrendStats],
    summaryTimeUnit: options.summaryTimeUnit,
    // --no-thresholds: none were judged, and the sub-metrics they name were not tracked.
    thresholds: options.noThresholds ? {} : options.thresholds,
    tags: { ...options.tags },
  };
  if (options.extra.goodput !== undefined) summaryOptions.goodput = options.extra.goodput;
  const out: RawExport = { kind: RAW_EXPORT_KIND, ...state, options: summaryOptions, definitions: input.registry.all(), startTime, endTime };
  if (input.run) out.run = input.run;
  return out;
}

/** Reads and checks a raw export; a file that is not one is an error naming it (exit 104). */
export async function readRawExport(file: string, cwd: string): Promise<RawExport> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw notRaw(file, `cannot read it: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw notRaw(file, `it is not JSON (${(err as Error).message})`);
  }
  return checkRawExport(value, file);
}

/** Checks a parsed raw export (see readRawExport). */
export function checkRawExport(value: unknown, file: string): RawExport {
  const o = value as Partial<RawExport> | null;
  if (typeof o !== 'object' || o === null || o.kind !== RAW_EXPORT_KIND) {
    const hint = typeof o === 'object' && o !== null && 'metrics' in o && 'root_group' in o ? ' (it looks like a --summary-export file)' : '';
    throw notRaw(file, `it has no "kind": "${RAW_EXPORT_KIND}"${hint}`);
  }
  try {
    checkRawState(o);
    const opts = o.options as Partial<RawSummaryOptions> | undefined;
    if (typeof opts !== 'object' || opts === null) throw new RawShapeError('"options" must be an object');
    if (!Array.isArray(opts.summaryTrendStats) || opts.summaryTrendStats.some((s) => typeof s !== 'string')) {
      throw new RawShapeError('"options.summaryTrendStats" must be a list of strings');
    }
    if (typeof opts.summaryTimeUnit !== 'string') throw new RawShapeError('"options.summaryTimeUnit" must be a string');
    if (typeof opts.thresholds !== 'object' || opts.thresholds === null) throw new RawShapeError('"options.thresholds" must be an object');
    if (typeof opts.tags !== 'object' || opts.tags === null) throw new RawShapeError('"options.tags" must be an object');
    if (!Array.isArray(o.definitions)) throw new RawShapeError('"definitions" must be a list');
    for (const f of ['startTime', 'endTime'] as const) {
      if (typeof o[f] !== 'number' || !Number.isFinite(o[f])) throw new RawShapeError(`"${f}" must be a number`);
    }
  } catch (err) {
    if (err instanceof RawShapeError) throw notRaw(file, err.message);
    throw err;
  }
  return o as RawExport;
}

function notRaw(file: string, why: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_OPTION', `"${file}" is not a --summary-export-raw file of this llmload: ${why}`);
}
