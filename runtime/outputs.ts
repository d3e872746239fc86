import { createOutputRegistry } from '../plugins/outputs/index.js';
import type { MetricRegistry } from './metrics/registry.js';
import type { Sample } from './metrics/types.js';
import type { OutputFactory, OutputPlugin } from './output.js';
import type { RunConsole } from './console.js';
import type { SummaryContributor } from './summary/sections.js';

/** The outputs of a run, driven as one: batches fan out, stop flushes all. */
export interface RunOutputs {
  descriptions: string[];
  /** The outputs themselves, for their end-of-test summary sections. */
  contributors: SummaryContributor[];
  add(batch: readonly Sample[]): void;
  stop(error?: unknown): Promise<void>;
}

/** Creates and starts every `--out name=arg` output. Unknown names are an error before the test. */
export async function startOutputs(
  specs: string[],
  factories: OutputFactory[],
  ctx: { registry: MetricRegistry; runTags: Record<string, string>; con: RunConsole },
): Promise<RunOutputs> {
  const registry = createOutputRegistry(factories);
  const plugins: OutputPlugin[] = specs.map((spec) =>
    registry.create(spec, {
      cwd: ctx.con.cwd,
      runTags: ctx.runTags,
      env: ctx.con.processEnv,
      warn: ctx.con.warn,
      metric: (n) => ctx.registry.get(n),
    }),
  );
  for (const p of plugins) await p.start();
  let stopped = false;
  return {
    descriptions: plugins.map((p) => p.description()),
    contributors: plugins,
    add(batch) {
      if (batch.length === 0 || stopped) return;
      for (const p of plugins) p.addSamples(batch);
    },
    async stop(error) {
      if (stopped) return;
      stopped = true;
      for (const p of plugins) {
        try {
          await p.stop(error);
        } catch (err) {
          ctx.con.error(`output ${p.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },
  };
}
