import { createConsole } from '../console.js';
import { ExitCode } from '../errors.js';
import { BUILTIN_PLUGINS } from '../plugin-host/builtin.js';
import { PluginRegistry } from '../plugin-host/plugin-registry.js';
import { prepare } from '../prepare.js';
import { RecordBus } from '../record-channel.js';
import { plannedInitialVus } from '../scheduler/scheduler.js';
import { describeShare } from '../segments/segment-schedule.js';
import type { RunFlags } from './flags.js';

/** `llmload inspect`: everything `run` decides before starting, as JSON; runs nothing. */
export async function inspect(flags: RunFlags): Promise<number> {
  const con = createConsole({ ...flags, quiet: true, consoleOutput: undefined });
  const prepared = await prepare(flags, new PluginRegistry(BUILTIN_PLUGINS), { ...con, records: new RecordBus() });
  try {
    const { options } = prepared;
    const view = {
      ...options,
      scenarios: Object.fromEntries(
        prepared.planned.map(({ scenario, executor, schedule, iterationInTest }) => [
          scenario.name,
          {
            ...scenario,
            name: undefined,
            description: executor.describe(scenario.config),
            maxDuration: executor.maxDuration(scenario.config),
            // With an execution segment: what this instance runs of it.
            ...(iterationInTest && { segment: describeShare(schedule) }),
          },
        ]),
      ),
      initialVUs: plannedInitialVus(prepared.planned),
    };
    process.stdout.write(JSON.stringify(view, null, 2) + '\n');
    return ExitCode.OK;
  } finally {
    prepared.factory.dispose();
    await Promise.allSettled([...prepared.endpoints.values()].map(async (e) => e.close?.()));
  }
}
