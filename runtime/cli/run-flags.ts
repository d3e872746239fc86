import type { Argv } from 'yargs';
import type { RunFlags } from './flags.js';
import { optionFlagsLayer } from './option-flags.js';

/** Flags shared by `run` and `inspect`, with k6's names. */
export function runFlags(y: Argv): Argv<RunFlags> {
  return y
    .positional('script', { type: 'string', demandOption: true, describe: 'scenario script (.ts/.js), or - for stdin' })
    .option('vus', { alias: 'u', type: 'number', describe: 'number of VUs (shortcut)' })
    .option('duration', { alias: 'd', type: 'string', describe: 'test duration, e.g. 30s (shortcut)' })
    .option('iterations', { alias: 'i', type: 'number', describe: 'total iterations shared by the VUs (shortcut)' })
    .option('stage', { alias: 's', type: 'string', describe: 'ramping stage DURATION:TARGET, repeatable' })
    .option('env', { alias: 'e', type: 'string', describe: 'KEY=VALUE for __ENV, repeatable' })
    .option('include-system-env-vars', {
      type: 'boolean',
      default: true,
      describe: 'pass the process environment to __ENV, as k6 does (--no-include-system-env-vars: only -e values)',
    })
    .option('tag', { type: 'string', describe: 'KEY=VALUE tag added to every sample, repeatable' })
    .option('out', { alias: 'o', type: 'string', describe: 'output NAME=ARG (json=file, csv=file), repeatable' })
    .option('summary-export', { type: 'string', describe: 'write the end-of-test summary as JSON to this file' })
    .option('summary-export-raw', { type: 'string', describe: 'write the lossless, mergeable state of the run (histograms) to this file, for llmload merge' })
    .option('summary-trend-stats', { type: 'string', describe: 'trend stats in the summary, e.g. avg,p(95),p(99.9)' })
    .option('thresholds', { type: 'boolean', default: true, describe: 'evaluate thresholds (--no-thresholds to skip)' })
    .option('setup', { type: 'boolean', default: true, describe: 'run setup() (--no-setup to skip)' })
    .option('teardown', { type: 'boolean', default: true, describe: 'run teardown() (--no-teardown to skip)' })
    .option('warmup', {
      type: 'boolean',
      default: true,
      describe: "warm llmload's own request path on a loopback server before the test starts (--no-warmup to skip)",
    })
    .option('scenario', { type: 'string', describe: 'run only this scenario, repeatable' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no progress line' })
    .option('color', { type: 'boolean', default: true, describe: 'colours in the output (--no-color to disable)' })
    .option('config', { alias: 'c', type: 'string', describe: 'JSON config file with options' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, describe: 'stack traces for script errors' })
    .option('gpu-telemetry', { type: 'string', describe: 'scrape this dcgm-exporter /metrics URL (GPU metrics, energy per token), repeatable' })
    .option('server-metrics', { type: 'string', describe: "scrape the inference server's /metrics URL (vLLM, llama.cpp, TRT-LLM…), repeatable" })
    .option('wait-for', { type: 'string', describe: 'before setup(), poll this URL (or /health, /v1/models against LLMLOAD_BASE_URL) until it answers 2xx' })
    .option('wait-timeout', { type: 'string', describe: 'give up waiting for the server after this long (default 5m; exit 112)' })
    .option('plugin', { type: 'string', describe: 'load a plugin (npm package name, or a path to a .ts/.js file or folder), repeatable' })
    .option('summary', { type: 'boolean', default: true, describe: 'print the end-of-test summary and run handleSummary() (--no-summary to skip)' })
    .option('console-output', { type: 'string', describe: "write the script's console output to this file" })
    .option('baseline', { type: 'string', describe: 'compare the run with this --summary-export file or llmload HTML report at its end' })
    .option('execution-segment', { type: 'string', describe: "this instance's part of the test, e.g. 1/4:1/2 or 50%:100% (k6's)" })
    .option('execution-segment-sequence', { type: 'string', describe: "the segments all instances run, e.g. 0,1/4,1/2,1 (k6's)" })
    .option('segment-index', { type: 'number', describe: 'with --segments N: run equal segment i (0-based) of N' })
    .option('segments', { type: 'number', describe: 'split the test into N equal execution segments (with --segment-index)' })
    .option('ci', {
      choices: ['github', 'none'],
      describe: 'CI annotations and step summary (default: github when GITHUB_ACTIONS=true)',
    }) as unknown as Argv<RunFlags>;
}

/** yargs-parser turns a bare `-` into `true`; it is swapped for this before parsing. */
export const STDIN_MARK = '\u0000stdin';

/**
 * Repeatable flags are declared as plain strings (an array option would
 * swallow the script path after it: `-e K=V script.ts`); yargs gathers
 * repeats into an array, which is normalised here.
 */
export function normalise(argv: Record<string, unknown>): RunFlags {
  const list = (v: unknown) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map(String));
  return {
    ...(argv as unknown as RunFlags),
    script: argv.script === STDIN_MARK ? '-' : String(argv.script),
    stage: list(argv.stage),
    env: list(argv.env),
    tag: list(argv.tag),
    out: list(argv.out),
    scenario: list(argv.scenario),
    gpuTelemetry: list(argv.gpuTelemetry),
    serverMetrics: list(argv.serverMetrics),
    plugin: list(argv.plugin),
    waitFor: list(argv.waitFor)?.at(-1),
    waitTimeout: list(argv.waitTimeout)?.at(-1),
    options: optionFlagsLayer(argv),
  };
}
