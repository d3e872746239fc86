import type { ArgumentsCamelCase, Argv } from 'yargs';
import { compareCommand, compareFlags } from './compare-command.js';
import { agentCommand, agentFlags, coordinatorCommand, coordinatorFlags } from './distributed-commands.js';
import { githubCommentCommand, githubCommentFlags } from './github-comment-command.js';
import { inspect } from './inspect.js';
import { matrixPlanCommand, matrixPlanFlags } from './matrix-command.js';
import { mergeCommand, mergeFlags } from './merge-command.js';
import { mockFlags, runMockFlags, serveMock } from './mock-command.js';
import { optionFlags } from './option-flags.js';
import { recommendCommand, recommendFlags } from './recommend-command.js';
import { reportCommand, reportFlags } from './report-command.js';
import { runCommand } from './run-command.js';
import { normalise, runFlags } from './run-flags.js';
import { sweepCommand, sweepFlags } from './sweep-command.js';
import { vramCommand, vramFlags } from './vram-command.js';

/** Where a command's handler leaves its exit code. */
export type ExitSink = (code: number) => void;

/** One entry of the command table: registers its command (and any subcommands) on the parser. */
export type CommandEntry = (y: Argv, exit: ExitSink) => Argv;

/** A command whose handler's exit code goes to the sink; the builder's flags type the handler's argv. */
function command<T>(name: string, describe: string, builder: (y: Argv) => Argv<T>, run: (argv: ArgumentsCamelCase<T>) => Promise<number>): CommandEntry {
  return (y, exit) =>
    y.command(name, describe, builder, async (argv) => {
      exit(await run(argv));
    });
}

/** The flags of `run` and `sweep`: k6's run flags, the options as flags, and the built-in mock's. */
const testFlags = (y: Argv) => runMockFlags(optionFlags(runFlags(y)));

/** Every command of the CLI, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  command(
    'run <script>',
    'run a scenario script',
    (y) =>
      testFlags(y)
        .option('repeat', {
          type: 'number',
          describe: 'run the test N times: mean, stddev and 95 % t-interval of each headline metric',
        })
        .option('threads', {
          type: 'number',
          describe: 'run the VUs in N worker threads (N cores), each an execution segment of every scenario; one summary, outputs and verdict',
        }),
    (argv) => runCommand(normalise(argv), argv),
  ),
  command(
    'sweep <script>',
    'run the scenario at several loads and find what the server sustains within its SLOs (options.sweep)',
    (y) => sweepFlags(testFlags(y)),
    (argv) => sweepCommand(normalise(argv), argv),
  ),
  command(
    'coordinator <script>',
    'run a distributed test: serve the script to --agents agents, start them together, merge their metrics, judge the thresholds',
    (y) => coordinatorFlags(optionFlags(runFlags(y))),
    (argv) => coordinatorCommand(normalise(argv), argv),
  ),
  command('agent [script]', "run one part (an execution segment) of a coordinator's distributed test", agentFlags, agentCommand),
  command(
    'inspect <script>',
    'print the resolved options as JSON; runs nothing',
    (y) => optionFlags(runFlags(y)),
    (argv) => inspect(normalise(argv)),
  ),
  command('mock', 'start the mock LLM server (OpenAI API, vLLM /metrics, DCGM /dcgm/metrics) until Ctrl-C', mockFlags, serveMock),
  command('vram [config]', 'estimate GPU memory (weights, KV cache, fit per GPU) from a config.json; formula by formula', vramFlags, vramCommand),
  (y, exit) =>
    y.command('matrix', 'plan a test matrix (models × GPUs × frameworks × quantization × workloads)', (m) =>
      command(
        'plan <file>',
        'expand matrix.yaml into tagged runs: JSON, CSV or a shell script',
        matrixPlanFlags,
        matrixPlanCommand,
      )(m, exit).demandCommand(1, 'matrix needs a subcommand: plan'),
    ),
  command('recommend [files..]', 'rank configurations from result files: filter by use case and SLA, then TOPSIS', recommendFlags, recommendCommand),
  command(
    'report [files..]',
    'write a self-contained HTML report from an HTML report, a --summary-export file and/or sweep.json files',
    reportFlags,
    reportCommand,
  ),
  command(
    'github-comment <file>',
    "create or update llmload's one comment on the pull request (GitHub Actions; the composite action uses it)",
    githubCommentFlags,
    githubCommentCommand,
  ),
  command(
    'compare [files..]',
    'compare a run with a baseline (--summary-export files); exit 99 on a regression with --fail-on-regression',
    compareFlags,
    compareCommand,
  ),
  command(
    'merge [files..]',
    'merge --summary-export-raw files of runs that ran at the same time: exact percentiles; exit 99 when a threshold is crossed',
    mergeFlags,
    mergeCommand,
  ),
];
