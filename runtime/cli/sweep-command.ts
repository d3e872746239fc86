/**
 * `llmload sweep [run flags] script.ts`: every `run` flag, plus the sweep's
 * own, which override `options.sweep`. The loop is runtime/sweep/run-sweep.ts
 * (also sweep() in `llmload/api`); what only a process has stays here.
 */
import type { Argv } from 'yargs';
import { createConsole } from '../console.js';
import { invalidOption } from '../errors.js';
import { parseMockOptionPairs } from '../mock/options.js';
import { splitList } from '../options/env-layer.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { onStopSignals } from '../signals.js';
import { runSweep } from '../sweep/run-sweep.js';
import type { RunFlags } from './flags.js';

/** Each flag and the options.sweep key it sets. */
const SWEEP_FLAGS: ReadonlyArray<{ flag: string; key: string; kind: 'string' | 'number' | 'list' | 'numbers'; describe: string }> = [
  { flag: 'sweep-mode', key: 'mode', kind: 'string', describe: 'guidellm (default), list or slo-search' },
  { flag: 'sweep-values', key: 'values', kind: 'numbers', describe: "mode 'list': rates or VU counts, comma-separated" },
  { flag: 'sweep-range', key: 'range', kind: 'numbers', describe: "mode 'slo-search': LOW,HIGH" },
  { flag: 'sweep-variable', key: 'variable', kind: 'string', describe: 'the load knob: vus or rate' },
  { flag: 'sweep-steps', key: 'steps', kind: 'number', describe: "mode 'guidellm': number of steps (default 10)" },
  { flag: 'max-concurrency', key: 'maxConcurrency', kind: 'number', describe: "mode 'guidellm': VUs of the throughput step (default 32)" },
  { flag: 'max-steps', key: 'maxSteps', kind: 'number', describe: "mode 'slo-search': at most this many steps (default 12)" },
  { flag: 'precision', key: 'precision', kind: 'number', describe: "mode 'slo-search': stop when first failing − max passing ≤ this (default 1)" },
  { flag: 'step-duration', key: 'stepDuration', kind: 'string', describe: 'measured time of each step (default 30s)' },
  { flag: 'step-warmup', key: 'warmup', kind: 'string', describe: "each step's warm-up, left out of its statistics (default 0s)" },
  { flag: 'cooldown', key: 'cooldown', kind: 'string', describe: 'pause between steps (default 0s)' },
  { flag: 'stop-on', key: 'stopOn', kind: 'list', describe: 'end the sweep after a step that fails: slo, saturation (comma-separated)' },
  { flag: 'repeat', key: 'repeat', kind: 'number', describe: 'measure each point N times: mean, stddev and 95 % interval per headline metric' },
];

/** Declares the sweep's flags on top of `run`'s. */
export function sweepFlags<T>(y: Argv<T>): Argv<T> {
  let out = y
    .option('sweep-export', { type: 'string', describe: 'write the sweep as JSON (types/sweep.schema.json), rewritten after every step' })
    .option('resume', { type: 'string', describe: 'go on from this sweep.json (or its directory): finished steps are not run again' }) as Argv<T>;
  for (const f of SWEEP_FLAGS) out = out.option(f.flag, { type: f.kind === 'number' ? 'number' : 'string', describe: f.describe }) as Argv<T>;
  return out;
}

/** The options.sweep keys the flags set (only those given). */
export function sweepFlagsLayer(argv: Record<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const f of SWEEP_FLAGS) {
    const camel = f.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    let v = argv[camel];
    if (v === undefined) continue;
    if (Array.isArray(v)) v = v.at(-1);
    if (f.kind === 'list') o[f.key] = splitList(String(v));
    else if (f.kind === 'numbers') {
      o[f.key] = splitList(String(v)).map((x) => {
        const n = Number(x);
        if (!Number.isFinite(n)) throw invalidOption(`--${f.flag}`, `"${x}" is not a number`);
        return n;
      });
    } else o[f.key] = v;
  }
  return o;
}

export async function sweepCommand(flags: RunFlags, argv: Record<string, unknown>): Promise<number> {
  const items = argv.mockOption === undefined ? [] : (Array.isArray(argv.mockOption) ? argv.mockOption : [argv.mockOption]).map(String);
  if (!argv.mock && items.length > 0) process.stderr.write('WARN --mock-option has no effect without --mock\n');
  const mock = argv.mock ? { input: parseMockOptionPairs(items), where: '--mock-option' } : undefined;
  const last = (v: unknown) => (v === undefined ? undefined : String(Array.isArray(v) ? v.at(-1) : v));
  const con = createConsole(flags);
  const outcome = await runSweep({
    flags,
    plugins: new PluginRegistry(BUILTIN_PLUGINS),
    con,
    mock,
    stopSources: (stop) => onStopSignals(stop, con.info),
    sweep: sweepFlagsLayer(argv),
    sweepExport: last(argv.sweepExport),
    resume: last(argv.resume),
  });
  if (outcome.failure) process.stderr.write(`ERROR ${outcome.failure.message}\n`);
  return outcome.exitCode;
}
