import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, LlmloadError, exitCodeOf, isLlmloadError } from '../errors.js';
import type { RunFlags } from './flags.js';
import { inspect } from './inspect.js';
import { normaliseOptionArgs, optionFlags, optionFlagsLayer } from './option-flags.js';
import { mockFlags, runMockFlags, serveMock } from './mock-command.js';
import { runCommand } from './run-command.js';
import { agentCommand, agentFlags, coordinatorCommand, coordinatorFlags } from './distributed-commands.js';
import { sweepCommand, sweepFlags } from './sweep-command.js';
import { compareCommand, compareFlags } from './compare-command.js';
import { mergeCommand, mergeFlags } from './merge-command.js';
import { reportCommand, reportFlags } from './report-command.js';
import { githubCommentCommand, githubCommentFlags } from './github-comment-command.js';
import { vramCommand, vramFlags } from './vram-command.js';
import { matrixPlanCommand, matrixPlanFlags } from './matrix-command.js';
import { recommendCommand, recommendFlags } from './recommend-command.js';

/** Flags shared by `run` and `inspect`, with k6's names. */
function runFlags(y: Argv): Argv<RunFlags> {
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
const STDIN_MARK = '\u0000stdin';

/**
 * Repeatable flags are declared as plain strings (an array option would
 * swallow the script path after it: `-e K=V script.ts`); yargs gathers
 * repeats into an array, which is normalised here.
 */
function normalise(argv: Record<string, unknown>): RunFlags {
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

interface YargsInternals {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders the whole help text after it runs any command's handler, to
 * answer a later showHelp() from inside it. llmload never asks, and the
 * rendering is ~0.1 CPU-s of every start (bench/README.md, "Start-up"). An
 * internal of yargs: where a version lacks it, nothing changes.
 */
function skipHelpCache(y: Argv): Argv {
  const usage = (y as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (typeof usage?.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
  return y;
}

async function main(): Promise<number> {
  let code: number = ExitCode.OK;
  let usage: Argv | undefined;
  await skipHelpCache(yargs(normaliseOptionArgs(hideBin(process.argv)).map((a) => (a === '-' ? STDIN_MARK : a))))
    .scriptName('llmload')
    .usage('$0 <command> [options]')
    .command(
      'run <script>',
      'run a scenario script',
      (y) =>
        runMockFlags(optionFlags(runFlags(y)))
          .option('repeat', {
            type: 'number',
            describe: 'run the test N times: mean, stddev and 95 % t-interval of each headline metric',
          })
          .option('threads', {
            type: 'number',
            describe: 'run the VUs in N worker threads (N cores), each an execution segment of every scenario; one summary, outputs and verdict',
          }),
      async (argv) => {
        code = await runCommand(normalise(argv), argv);
      },
    )
    .command(
      'sweep <script>',
      'run the scenario at several loads and find what the server sustains within its SLOs (options.sweep)',
      (y) => sweepFlags(runMockFlags(optionFlags(runFlags(y)))),
      async (argv) => {
        code = await sweepCommand(normalise(argv), argv);
      },
    )
    .command(
      'coordinator <script>',
      'run a distributed test: serve the script to --agents agents, start them together, merge their metrics, judge the thresholds',
      (y) => coordinatorFlags(optionFlags(runFlags(y))),
      async (argv) => {
        code = await coordinatorCommand(normalise(argv), argv);
      },
    )
    .command(
      'agent [script]',
      "run one part (an execution segment) of a coordinator's distributed test",
      (y) => agentFlags(y),
      async (argv) => {
        code = await agentCommand(argv);
      },
    )
    .command(
      'inspect <script>',
      'print the resolved options as JSON; runs nothing',
      (y) => optionFlags(runFlags(y)),
      async (argv) => {
        code = await inspect(normalise(argv));
      },
    )
    .command(
      'mock',
      'start the mock LLM server (OpenAI API, vLLM /metrics, DCGM /dcgm/metrics) until Ctrl-C',
      (y) => mockFlags(y),
      async (argv) => {
        code = await serveMock(argv);
      },
    )
    .command(
      'vram [config]',
      'estimate GPU memory (weights, KV cache, fit per GPU) from a config.json; formula by formula',
      (y) => vramFlags(y),
      async (argv) => {
        code = await vramCommand(argv);
      },
    )
    .command('matrix', 'plan a test matrix (models × GPUs × frameworks × quantization × workloads)', (y) =>
      y
        .command(
          'plan <file>',
          'expand matrix.yaml into tagged runs: JSON, CSV or a shell script',
          (p) => matrixPlanFlags(p),
          async (argv) => {
            code = await matrixPlanCommand(argv);
          },
        )
        .demandCommand(1, 'matrix needs a subcommand: plan'),
    )
    .command(
      'recommend [files..]',
      'rank configurations from result files: filter by use case and SLA, then TOPSIS',
      (y) => recommendFlags(y),
      async (argv) => {
        code = await recommendCommand(argv);
      },
    )
    .command(
      'report [files..]',
      'write a self-contained HTML report from an HTML report, a --summary-export file and/or sweep.json files',
      (y) => reportFlags(y),
      async (argv) => {
        code = await reportCommand(argv);
      },
    )
    .command(
      'github-comment <file>',
      "create or update llmload's one comment on the pull request (GitHub Actions; the composite action uses it)",
      (y) => githubCommentFlags(y),
      async (argv) => {
        code = await githubCommentCommand(argv);
      },
    )
    .command(
      'compare [files..]',
      'compare a run with a baseline (--summary-export files); exit 99 on a regression with --fail-on-regression',
      (y) => compareFlags(y),
      async (argv) => {
        code = await compareCommand(argv);
      },
    )
    .command(
      'merge [files..]',
      'merge --summary-export-raw files of runs that ran at the same time: exact percentiles; exit 99 when a threshold is crossed',
      (y) => mergeFlags(y),
      async (argv) => {
        code = await mergeCommand(argv);
      },
    )
    // No command (a bare `npx llmload`): the usage on stdout and exit 0, as k6 does.
    .command(
      '$0',
      false,
      (y) => (usage = y),
      () => void usage?.showHelp((s) => process.stdout.write(`${s}\n`)),
    )
    .strict()
    .fail((msg, err) => {
      if (err) throw err;
      throw new LlmloadError('ERR_INVALID_OPTION', msg);
    })
    .help()
    .version()
    .parseAsync();
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isLlmloadError(err)) {
      process.stderr.write(`ERROR ${err.message}\n`);
      process.exitCode = exitCodeOf(err);
    } else {
      process.stderr.write(`ERROR ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = ExitCode.GENERIC;
    }
  },
);
