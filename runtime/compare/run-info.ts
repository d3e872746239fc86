import type { ResolvedOptions } from '../options/types.js';
import { LOAD_KEYS, type RunInfo, type ScenarioShape } from './run-numbers.js';

/**
 * The `run` block of `--summary-export` and handleSummary's data: what ran,
 * when, and each scenario's offered load, so `llmload compare` can tell
 * whether two runs are comparable.
 */
export function runInfoOf(input: { testid: string; script: string; options: ResolvedOptions; endTime: number; testRunDurationMs: number }): RunInfo {
  const scenarios: ScenarioShape[] = input.options.scenarios.map((s) => {
    const config = (s.config ?? {}) as Record<string, unknown>;
    const load: Record<string, unknown> = {};
    for (const k of LOAD_KEYS) if (config[k] !== undefined) load[k] = config[k];
    return { name: s.name, executor: s.executor, load };
  });
  return {
    testid: input.testid,
    script: input.script,
    start: new Date(input.endTime - input.testRunDurationMs).toISOString(),
    end: new Date(input.endTime).toISOString(),
    scenarios,
  };
}
