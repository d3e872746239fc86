import { runSweep } from '../sweep/run-sweep.js';
import { checkRunOptions } from './check-options.js';
import { toRunResult } from './result.js';
import { apiRequest } from './run.js';
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
  const req = apiRequest(options, 'sweep()');
  const outcome = await runSweep({
    ...req,
    sweep: options.sweep as Record<string, unknown> | undefined,
    sweepExport: options.sweepExport,
    resume: options.resume,
  });
  const result = toRunResult(outcome, req.con.messages) as SweepResult;
  result.sweep = outcome.sweep;
  return result;
}
