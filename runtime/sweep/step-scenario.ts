/**
 * The scenario one sweep step runs: the script's scenario (its exec, env,
 * tags, gracefulStop) with its load knob set to the step's value, for the
 * step's warm-up + duration. VUs: constant-vus; rates: constant-arrival-rate
 * (constant or Poisson arrivals).
 */
import { invalidOption } from '../errors.js';
import type { ResolvedScenario } from '../options/types.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import type { PlannedScenario } from '../scheduler/scheduler.js';
import type { SweepConfig } from './config.js';

/** What one step asks for. */
export interface StepLoad {
  variable: 'vus' | 'rate';
  value: number;
  arrival: 'constant' | 'poisson';
  /** The slowest E2E p95 measured so far (ms): a rate step needs about rate × E2E VUs in flight. */
  e2eHintMs?: number;
}

/** The script's scenario the sweep drives: the named one, or the only one. */
export function sweptScenario(scenarios: readonly ResolvedScenario[], name: string | undefined): ResolvedScenario {
  if (name !== undefined) {
    const s = scenarios.find((x) => x.name === name);
    if (!s) throw invalidOption('options.sweep.scenario', `no scenario named "${name}" (the script has ${scenarios.map((x) => `"${x.name}"`).join(', ')})`);
    return s;
  }
  if (scenarios.length !== 1) {
    throw invalidOption('options.sweep.scenario', `the script has ${scenarios.length} scenarios; name the one to sweep`);
  }
  return scenarios[0]!;
}

/** Whether the scenario's executor is open-loop (its load knob is a rate). */
export function isArrivalScenario(s: ResolvedScenario): boolean {
  return s.executor.includes('arrival-rate');
}

/** The planned scenario of one step; `tags` (sweep_step, sweep_value) go on its scheduler samples. */
export function stepScenario(
  base: ResolvedScenario,
  load: StepLoad,
  cfg: SweepConfig,
  plugins: PluginRegistry,
  tags: Record<string, string>,
  systemTags: PlannedScenario['systemTags'],
): PlannedScenario {
  const duration = cfg.warmup + cfg.stepDuration;
  const name = base.name;
  const ctx = { scenario: name, cwd: process.cwd() };
  let executorName: string;
  let raw: Record<string, unknown>;
  if (load.variable === 'vus') {
    executorName = 'constant-vus';
    raw = { vus: Math.max(1, Math.round(load.value)), duration };
  } else {
    executorName = 'constant-arrival-rate';
    const baseCfg = (isArrivalScenario(base) ? base.config : {}) as { preAllocatedVUs?: number; maxVUs?: number };
    // Little's law with headroom: rate × E2E × 1.5 in flight, at least 2 s worth of arrivals.
    const inFlight = load.e2eHintMs === undefined ? 0 : (load.value * load.e2eHintMs * 1.5) / 1000;
    const pre = cfg.preAllocatedVUs ?? baseCfg.preAllocatedVUs ?? Math.max(1, Math.ceil(load.value * 2), Math.ceil(inFlight));
    const max = Math.max(pre, cfg.maxVUs ?? baseCfg.maxVUs ?? Math.max(pre, Math.ceil(load.value * 30)));
    raw = { rate: load.value, timeUnit: '1s', duration, preAllocatedVUs: pre, maxVUs: max, distribution: load.arrival };
  }
  const executor = plugins.get('executor', executorName, `sweep step of scenario "${name}"`);
  const config = executor.validate(raw, ctx);
  const scenario: ResolvedScenario = { ...base, executor: executorName, startTime: 0, config, tags: { ...base.tags, ...tags } };
  return { scenario, executor, schedule: executor.schedule(config), systemTags };
}
