/**
 * `llmload run`: the flags become a run request for the same runTest() that
 * `run()` from `llmload/api` calls. What only a process has stays here:
 * signals and the parent watch (as stop sources), stdout/stderr, the exit code.
 */
import { createConsole } from '../console.js';
import { parseMockOptionPairs } from '../mock/options.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { runTest } from '../run.js';
import { onStopSignals } from '../signals.js';
import type { RunFlags } from './flags.js';

export async function runCommand(flags: RunFlags, argv: Record<string, unknown>): Promise<number> {
  const items = argv.mockOption === undefined ? [] : (Array.isArray(argv.mockOption) ? argv.mockOption : [argv.mockOption]).map(String);
  if (!argv.mock && items.length > 0) process.stderr.write('WARN --mock-option has no effect without --mock\n');
  const mock = argv.mock ? { input: parseMockOptionPairs(items), where: '--mock-option' } : undefined;
  const con = createConsole(flags);
  const outcome = await runTest({
    flags,
    plugins: new PluginRegistry(BUILTIN_PLUGINS),
    con,
    mock,
    stopSources: (stop) => onStopSignals(stop, con.info),
  });
  // The error that ended the run, as a message, never a stack (an internal error's message is its stack).
  if (outcome.failure) process.stderr.write(`ERROR ${outcome.failure.message}\n`);
  return outcome.exitCode;
}
