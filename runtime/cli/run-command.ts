/**
 * `llmload run`: the flags become a run request for the same runTest() that
 * `run()` from `llmload/api` calls. What only a process has stays here:
 * signals and the parent watch (as stop sources), stdout/stderr, the exit code.
 */
import { createConsole } from '../console.js';
import { parseMockOptionPairs } from '../mock/options.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { runTest, type RunOutcome } from '../run.js';
import { invalidOption } from '../errors.js';
import { renderRepeats } from '../sweep/run-repeats.js';
import { onStopSignals } from '../signals.js';
import type { RunFlags } from './flags.js';

export async function runCommand(flags: RunFlags, argv: Record<string, unknown>): Promise<number> {
  const items = argv.mockOption === undefined ? [] : (Array.isArray(argv.mockOption) ? argv.mockOption : [argv.mockOption]).map(String);
  if (!argv.mock && items.length > 0) process.stderr.write('WARN --mock-option has no effect without --mock\n');
  const mock = argv.mock ? { input: parseMockOptionPairs(items), where: '--mock-option' } : undefined;
  const repeat = repeatCount(argv.repeat);
  const outcomes: RunOutcome[] = [];
  let code = 0;
  for (let i = 0; i < repeat; i++) {
    if (repeat > 1) process.stderr.write(`repeat ${i + 1}/${repeat}\n`);
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
    outcomes.push(outcome);
    code ||= outcome.exitCode;
    // A failed or stopped run ends the repeats: the next one would not measure the same thing.
    if (outcome.failure || outcome.stopped) break;
  }
  if (repeat > 1) process.stdout.write(`\n${renderRepeats(outcomes)}`);
  return code;
}

/** `--repeat N` (run and sweep): a whole number ≥ 1; 104 naming the flag otherwise. */
export function repeatCount(v: unknown): number {
  const raw = Array.isArray(v) ? v.at(-1) : v;
  if (raw === undefined) return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw invalidOption('--repeat', `must be a whole number >= 1, got ${JSON.stringify(raw)}`);
  return n;
}
