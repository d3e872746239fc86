import { invalidOption } from '../errors.js';
import { parseStage, splitList } from '../options/env-layer.js';
import type { RawOptions } from '../options/types.js';
import type { ScriptBundle } from '../bundle/bundle.js';
import { equalSegments } from '../segments/segment-options.js';

/** Parsed `llmload run` / `inspect` arguments (yargs output, typed). */
export interface RunFlags {
  script: string;
  vus?: number;
  duration?: string;
  iterations?: number;
  stage?: string[];
  env?: string[];
  tag?: string[];
  out?: string[];
  summaryExport?: string;
  /** `--summary-export-raw FILE`: the run's lossless mergeable state (`llmload merge` reads it). */
  summaryExportRaw?: string;
  summaryTrendStats?: string;
  thresholds: boolean;
  setup: boolean;
  teardown: boolean;
  /** `--no-warmup` (false): skip the runtime warm-up before the test. Default true. */
  warmup?: boolean;
  scenario?: string[];
  quiet: boolean;
  color: boolean;
  config?: string;
  includeSystemEnvVars: boolean;
  verbose: boolean;
  /** `--gpu-telemetry URL` (repeatable): dcgm-exporter /metrics URLs → options.telemetry.dcgm.urls. */
  gpuTelemetry?: string[];
  /** `--server-metrics URL` (repeatable): inference-server /metrics URLs → options.telemetry.server.urls. */
  serverMetrics?: string[];
  /** Options set by k6's one-option flags (`--user-agent`, `--max-redirects`…; runtime/cli/option-flags.ts). */
  options?: RawOptions;
  /** `--no-summary` (false): no end-of-test summary and no handleSummary(). Default true. */
  summary?: boolean;
  /** `--console-output FILE`: console.* of the script goes to this file instead of stderr. */
  consoleOutput?: string;
  /** `--wait-for URL`: options.waitFor.url. */
  waitFor?: string;
  /** `--wait-timeout D`: options.waitFor.timeout. */
  waitTimeout?: string;
  /** `--plugin NAME|PATH` (repeatable): plugins to load before the script. */
  plugin?: string[];
  /** The script already bundled (a thread of `--threads` gets its run's bundle, and neither bundles nor loads esbuild again). */
  bundled?: ScriptBundle;
  /** The script's text when it is not read from `script` (the API's inline scripts). */
  source?: string;
  /** Options with the highest precedence (the API's `options`). */
  overrides?: RawOptions;
  /** `--baseline FILE`: compare the run with this `--summary-export` file or HTML report at its end. */
  baseline?: string;
  /** `--ci github|none`: CI annotations and summaries (default: github when GITHUB_ACTIONS=true). */
  ci?: string;
  /** `--execution-segment 1/4:1/2` (k6's): this instance's part of the test; set programmatically by a distributed run. */
  executionSegment?: string;
  /** `--execution-segment-sequence 0,1/4,1/2,1` (k6's): the segments all instances run. */
  executionSegmentSequence?: string;
  /** `--segment-index i` (0-based) with `--segments N`: the segment i/N:(i+1)/N of N equal ones. */
  segmentIndex?: number;
  /** `--segments N`: see segmentIndex. */
  segments?: number;
  /** `--threads N`: run the test in N worker threads of this process (runtime/threads). */
  threads?: number;
  /** Set for each thread of `--threads`: its VUs' `__VU` is their test-wide id (exec.vu.idInTest). */
  vuIdsInTest?: boolean;
}

/** `K=V` pairs (repeatable flags) → object; `what` names the flag in errors. */
export function parsePairs(items: string[] | undefined, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw invalidOption(what, `expected KEY=VALUE, got "${item}"`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** The options layer that command-line flags make (highest precedence). */
export function flagsLayer(f: RunFlags): RawOptions {
  const o: RawOptions = { ...f.options };
  if (f.vus !== undefined) o.vus = f.vus;
  if (f.duration !== undefined) o.duration = f.duration;
  if (f.iterations !== undefined) o.iterations = f.iterations;
  if (f.stage?.length) o.stages = f.stage.map((s) => parseStage(s, '--stage'));
  if (f.tag?.length) o.tags = parsePairs(f.tag, '--tag');
  if (f.summaryTrendStats) o.summaryTrendStats = splitList(f.summaryTrendStats);
  if (!f.thresholds) o.noThresholds = true;
  if (!f.setup) o.noSetup = true;
  if (!f.teardown) o.noTeardown = true;
  if (f.executionSegment !== undefined) o.executionSegment = f.executionSegment;
  if (f.executionSegmentSequence !== undefined) o.executionSegmentSequence = f.executionSegmentSequence;
  const equal = equalSegments(f.segmentIndex, f.segments);
  if (equal) {
    if (f.executionSegment !== undefined || f.executionSegmentSequence !== undefined) {
      throw invalidOption('--segment-index', 'cannot be combined with --execution-segment or --execution-segment-sequence (it is their shorthand)');
    }
    Object.assign(o, equal);
  }
  // Only the URLs: the rest of a source's script options (interval, required...) still apply.
  const telemetry: Record<string, { urls: string[] }> = {};
  if (f.gpuTelemetry?.length) telemetry.dcgm = { urls: f.gpuTelemetry };
  if (f.serverMetrics?.length) telemetry.server = { urls: f.serverMetrics };
  if (Object.keys(telemetry).length > 0) o.telemetry = telemetry;
  // Merged key by key with the script's waitFor (layers.ts): --wait-timeout alone keeps its URL.
  if (f.waitFor !== undefined || f.waitTimeout !== undefined) {
    o.waitFor = { ...(f.waitFor !== undefined && { url: f.waitFor }), ...(f.waitTimeout !== undefined && { timeout: f.waitTimeout }) };
  }
  return o;
}

/** The first execution-segment flag given (`--execution-segment`, …), for commands that assign segments themselves. */
export function givenSegmentFlag(f: RunFlags): string | undefined {
  const given: Array<[string, unknown]> = [
    ['--execution-segment', f.executionSegment],
    ['--execution-segment-sequence', f.executionSegmentSequence],
    ['--segment-index', f.segmentIndex],
    ['--segments', f.segments],
  ];
  return given.find(([, v]) => v !== undefined)?.[0];
}
