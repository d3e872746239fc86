import { invalidOption } from '../errors.js';
import type { RawOptions } from '../options/types.js';

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
  summaryTrendStats?: string;
  thresholds: boolean;
  setup: boolean;
  teardown: boolean;
  /** `--no-warmup` (false): skip the runtime warm-up before arrival-rate scenarios. Default true. */
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

/** `-s 30s:10` → { duration: '30s', target: 10 }. */
export function parseStage(text: string, what: string): { duration: string; target: number } {
  const m = /^([^:]+):(\d+)$/.exec(text.trim());
  if (!m) throw invalidOption(what, `expected DURATION:TARGET such as "30s:10", got "${text}"`);
  return { duration: m[1]!, target: Number(m[2]) };
}

/** The options layer that command-line flags make (highest precedence). */
export function flagsLayer(f: RunFlags): RawOptions {
  const o: RawOptions = {};
  if (f.vus !== undefined) o.vus = f.vus;
  if (f.duration !== undefined) o.duration = f.duration;
  if (f.iterations !== undefined) o.iterations = f.iterations;
  if (f.stage?.length) o.stages = f.stage.map((s) => parseStage(s, '--stage'));
  if (f.tag?.length) o.tags = parsePairs(f.tag, '--tag');
  if (f.summaryTrendStats) o.summaryTrendStats = splitList(f.summaryTrendStats);
  if (!f.thresholds) o.noThresholds = true;
  if (!f.setup) o.noSetup = true;
  if (!f.teardown) o.noTeardown = true;
  // Only the URLs: the rest of a source's script options (interval, required...) still apply.
  const telemetry: Record<string, { urls: string[] }> = {};
  if (f.gpuTelemetry?.length) telemetry.dcgm = { urls: f.gpuTelemetry };
  if (f.serverMetrics?.length) telemetry.server = { urls: f.serverMetrics };
  if (Object.keys(telemetry).length > 0) o.telemetry = telemetry;
  return o;
}

/** The options layer from LLMLOAD_* environment variables (k6's K6_* equivalents). */
export function envLayer(env: Record<string, string | undefined>): RawOptions {
  const o: RawOptions = {};
  const num = (k: string) => {
    const v = env[k];
    if (v === undefined || v === '') return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw invalidOption(k, `must be a number, got "${v}"`);
    return n;
  };
  const bool = (k: string) => (env[k] === undefined ? undefined : ['1', 'true', 'yes'].includes(env[k]!.toLowerCase()));
  if (num('LLMLOAD_VUS') !== undefined) o.vus = num('LLMLOAD_VUS');
  if (env.LLMLOAD_DURATION) o.duration = env.LLMLOAD_DURATION;
  if (num('LLMLOAD_ITERATIONS') !== undefined) o.iterations = num('LLMLOAD_ITERATIONS');
  if (env.LLMLOAD_STAGES) o.stages = splitList(env.LLMLOAD_STAGES).map((s) => parseStage(s, 'LLMLOAD_STAGES'));
  if (env.LLMLOAD_SUMMARY_TREND_STATS) o.summaryTrendStats = splitList(env.LLMLOAD_SUMMARY_TREND_STATS);
  if (env.LLMLOAD_SETUP_TIMEOUT) o.setupTimeout = env.LLMLOAD_SETUP_TIMEOUT;
  if (env.LLMLOAD_TEARDOWN_TIMEOUT) o.teardownTimeout = env.LLMLOAD_TEARDOWN_TIMEOUT;
  if (bool('LLMLOAD_NO_THRESHOLDS') !== undefined) o.noThresholds = bool('LLMLOAD_NO_THRESHOLDS');
  if (bool('LLMLOAD_NO_SETUP') !== undefined) o.noSetup = bool('LLMLOAD_NO_SETUP');
  if (bool('LLMLOAD_NO_TEARDOWN') !== undefined) o.noTeardown = bool('LLMLOAD_NO_TEARDOWN');
  return o;
}

/** "avg,p(95), p(99.9)" → ['avg', 'p(95)', 'p(99.9)'] (commas inside parentheses never occur). */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
