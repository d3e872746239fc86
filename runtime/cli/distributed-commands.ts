/**
 * `llmload coordinator` and `llmload agent`: the CLI side of a distributed
 * run (runtime/distributed). The coordinator takes every `run` flag; an agent
 * takes only where its coordinator is, its index and its own outputs.
 */
import type { Argv } from 'yargs';
import { createConsole } from '../console.js';
import { runAgent } from '../distributed/agent.js';
import { runCoordinator } from '../distributed/coordinator.js';
import { invalidOption } from '../errors.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { onStopSignals } from '../signals.js';
import { parseDuration } from '../options/duration.js';
import { givenSegmentFlag, type RunFlags } from './flags.js';

export function coordinatorFlags<T>(y: Argv<T>) {
  return y
    .option('agents', { type: 'number', demandOption: true, describe: 'how many agents the test waits for and splits into equal execution segments' })
    .option('listen', { type: 'string', default: '0.0.0.0:6565', describe: 'HOST:PORT the coordinator serves its agents on' })
    .option('agents-timeout', { type: 'string', default: '10m', describe: 'give up (exit 110) when the agents are not all ready by then' })
    .option('tolerate-agent-loss', {
      type: 'boolean',
      default: false,
      describe: 'go on when an agent stops pushing (its part is then missing) instead of stopping the test with exit 110',
    });
}

export async function coordinatorCommand(flags: RunFlags, argv: Record<string, unknown>): Promise<number> {
  const agents = Number(argv.agents);
  if (!Number.isInteger(agents) || agents < 1) throw invalidOption('--agents', `must be a whole number >= 1, got ${JSON.stringify(argv.agents)}`);
  const { host, port } = parseListen(String(argv.listen));
  const segmentFlag = givenSegmentFlag(flags);
  if (segmentFlag) throw invalidOption(segmentFlag, 'the coordinator gives each agent its segment (i/N:(i+1)/N of --agents N): leave it out');
  const con = createConsole(flags);
  const outcome = await runCoordinator(
    { flags, plugins: new PluginRegistry(BUILTIN_PLUGINS), con, stopSources: (stop) => onStopSignals(stop, con.info) },
    {
      agents,
      host,
      port,
      tolerateAgentLoss: argv.tolerateAgentLoss === true,
      agentsTimeoutMs: parseDuration(String(argv.agentsTimeout), '--agents-timeout'),
    },
  );
  if (outcome.failure) process.stderr.write(`ERROR ${outcome.failure.message}\n`);
  return outcome.exitCode;
}

export function agentFlags<T>(y: Argv<T>) {
  return y
    .positional('script', { type: 'string', describe: "a local copy of the script: refused unless its files match the coordinator's" })
    .option('coordinator', { type: 'string', demandOption: true, describe: 'the coordinator URL, e.g. http://llmload-coordinator:6565' })
    .option('index', { type: 'number', describe: "this agent's index (default: $JOB_COMPLETION_INDEX, else the coordinator picks)" })
    .option('out', { alias: 'o', type: 'string', describe: "this agent's own output NAME=ARG (tagged instance=HOST:PID), repeatable" })
    .option('summary-export-raw', { type: 'string', describe: "write this agent's part as a lossless export (for llmload merge)" })
    .option('wait', { type: 'string', default: '2m', describe: 'how long to keep trying to reach the coordinator at the start' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'only warnings and errors' });
}

export async function agentCommand(argv: Record<string, unknown>): Promise<number> {
  const fromJob = process.env.JOB_COMPLETION_INDEX;
  const index = argv.index !== undefined ? Number(argv.index) : fromJob !== undefined && fromJob !== '' ? Number(fromJob) : undefined;
  if (index !== undefined && !(Number.isInteger(index) && index >= 0)) {
    throw invalidOption(
      argv.index !== undefined ? '--index' : 'JOB_COMPLETION_INDEX',
      `must be a whole number >= 0, got ${JSON.stringify(argv.index ?? fromJob)}`,
    );
  }
  const out = argv.out === undefined ? undefined : (Array.isArray(argv.out) ? argv.out : [argv.out]).map(String);
  const quiet = argv.quiet === true;
  const con = createConsole({ quiet, color: false, verbose: false });
  return runAgent({
    coordinator: String(argv.coordinator),
    index,
    script: argv.script === undefined ? undefined : String(argv.script),
    out,
    summaryExportRaw: argv.summaryExportRaw === undefined ? undefined : String(argv.summaryExportRaw),
    plugins: new PluginRegistry(BUILTIN_PLUGINS),
    con,
    quiet,
    waitMs: parseDuration(String(argv.wait), '--wait'),
    stopSources: (stop) => onStopSignals(stop, con.info),
  });
}

/** `HOST:PORT`, `:PORT` or `[v6]:PORT`. */
function parseListen(v: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(v);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !(port >= 0 && port < 65536)) throw invalidOption('--listen', `expected HOST:PORT, got "${v}"`);
  return { host: m[1] ?? (m[2] || '0.0.0.0'), port };
}
