import { createConsole, DISCARD } from '../console.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { runSweep } from '../sweep/run-sweep.js';
import { checkNodeFlags, checkRunOptions } from './check-options.js';
import { toRunResult } from './result.js';
import { flagsOf, guardedProgress, onAbort } from './run.js';
import type { SweepOptions, SweepResult } from './sweep-types.js';

/**
 * Runs a sweep in this process, as `llmload sweep` would (the same loop:
 * runtime/sweep/run-sweep.ts), and resolves with its steps and conclusions.
 * Like run(), it never rejects for a failing sweep, only for arguments of
 * the wrong type; it writes nothing unless `quiet: false`.
 *
 * @example
 *   const r = await sweep({ script: 'chat.ts', mock: { maxConcurrency: 16 }, sweep: { mode: 'slo-search', slo: { llm_ttft: 'p(95)<300' } } });
 *   console.log(r.sweep?.result?.maxPassing);
 */
export async function sweep(options: SweepOptions): Promise<SweepResult> {
  checkRunOptions(options);
  if (options.sweep !== undefined && (typeof options.sweep !== 'object' || options.sweep === null || Array.isArray(options.sweep))) {
    throw new TypeError('sweep(options): "sweep" must be an object of sweep settings');
  }
  for (const k of ['sweepExport', 'resume'] as const) {
    if (options[k] !== undefined && typeof options[k] !== 'string') throw new TypeError(`sweep(options): "${k}" must be a string`);
  }
  checkNodeFlags();
  const flags = flagsOf(options);
  const cwd = options.cwd ?? process.cwd();
  const streams = flags.quiet ? { stdout: DISCARD, stderr: DISCARD } : {};
  const con = createConsole(flags, { ...streams, cwd, processEnv: options.systemEnv ? process.env : {} });
  const { signal, onProgress } = options;
  const outcome = await runSweep({
    flags,
    plugins: new PluginRegistry(BUILTIN_PLUGINS),
    pluginObjects: (options.plugins ?? []).flatMap((p, i) => (typeof p === 'string' ? [] : [{ plugin: p, origin: `sweep() plugins[${i}]` }])),
    con,
    mock: options.mock ? { input: options.mock === true ? {} : { ...options.mock }, where: 'sweep() mock' } : undefined,
    stopSources: signal ? (stop) => onAbort(signal, () => stop('the AbortSignal')) : undefined,
    progress: onProgress ? [guardedProgress(onProgress, con)] : [],
    sweep: options.sweep as Record<string, unknown> | undefined,
    sweepExport: options.sweepExport,
    resume: options.resume,
  });
  const result = toRunResult(outcome, con.messages) as SweepResult;
  result.sweep = outcome.sweep;
  return result;
}
