import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, LlmloadError, exitCodeOf, isLlmloadError } from '../errors.js';
import { COMMANDS } from './commands.js';
import { normaliseOptionArgs } from './option-flags.js';
import { STDIN_MARK } from './run-flags.js';

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
  let y = skipHelpCache(yargs(normaliseOptionArgs(hideBin(process.argv)).map((a) => (a === '-' ? STDIN_MARK : a))))
    .scriptName('llmload')
    .usage('$0 <command> [options]');
  for (const register of COMMANDS) {
    y = register(y, (c) => {
      code = c;
    });
  }
  await y
    // No command (a bare `npx llmload`): the usage on stdout and exit 0, as k6 does.
    .command(
      '$0',
      false,
      (b) => (usage = b),
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
