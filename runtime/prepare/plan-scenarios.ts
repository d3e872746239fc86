import { invalidOption } from '../errors.js';
import type { ResolvedOptions } from '../options/types.js';
import type { PluginRegistry } from '../plugin-host/plugin-registry.js';
import type { PlannedScenario } from '../scheduler/scheduler.js';
import { segmentSchedule, unseededArrivals } from '../segments/segment-schedule.js';
import type { segmentTuple } from '../segments/segment-options.js';

export /** Each scenario's executor and schedule (cut to this instance's execution segment, if any); a scenario must name an exported function. */
function planScenarios(
  options: ResolvedOptions,
  script: { functions: string[]; filename: string },
  plugins: PluginRegistry,
  systemTags: PlannedScenario['systemTags'],
  tuple: ReturnType<typeof segmentTuple>,
  warn: (message: string) => void,
): PlannedScenario[] {
  return options.scenarios.map((scenario): PlannedScenario => {
    if (!script.functions.includes(scenario.exec)) {
      const what = scenario.exec === 'default' ? 'a default export' : `an exported function "${scenario.exec}"`;
      throw invalidOption(`scenario "${scenario.name}"`, `the script (${script.filename}) has no ${what}`);
    }
    const executor = plugins.get('executor', scenario.executor, `scenario "${scenario.name}"`);
    const schedule = executor.schedule(scenario.config);
    if (!tuple) return { scenario, executor, schedule, systemTags };
    const unseeded = unseededArrivals(scenario.config);
    if (unseeded) warn(`scenario "${scenario.name}": ${unseeded}`);
    const cut = segmentSchedule(schedule, tuple);
    return { scenario, executor, schedule: cut.schedule, systemTags, iterationInTest: cut.iterationInTest };
  });
}
