import type { MetricRegistry } from './metrics/metric-registry.js';
import type { Sample } from './metrics/types.js';
import type { Output, OutputFinal } from './plugin-api/output.js';
import { guarded } from './plugin-host/instances.js';
import type { PluginRegistry } from './plugin-host/plugin-registry.js';
import { isLlmloadError, LlmloadError } from './errors.js';
import type { RunConsole } from './console.js';
import type { RecordBus } from './record-channel.js';
import type { SummaryContributor } from './summary/sections.js';

/** The outputs of a run, driven as one: batches fan out, stop flushes all. */
export interface RunOutputs {
  descriptions: string[];
  /** Something takes the samples: an output, or a tap (an agent's deltas); false: nothing to batch them for. */
  wantsSamples: boolean;
  /** The outputs themselves, for their end-of-test summary sections. */
  contributors: SummaryContributor[];
  add(batch: readonly Sample[]): void;
  stop(error?: unknown): Promise<void>;
  /** After stop() and the summary: the outputs that write reports (HTML, JUnit) get the final data. */
  finish(final: OutputFinal): Promise<void>;
}

/** Creates and starts every `--out name=arg` output. Unknown names are an error before the test. */
export async function startOutputs(
  specs: string[],
  registry: PluginRegistry,
  ctx: { metrics: MetricRegistry; runTags: Record<string, string>; testid: string; con: RunConsole; records: RecordBus },
): Promise<RunOutputs> {
  const plugins: Output[] = specs.map((spec) => {
    const { name, arg } = parseOutputSpec(spec);
    const plugin = registry.get('output', name, `--out ${spec}`);
    const octx = {
      arg,
      cwd: ctx.con.cwd,
      runTags: ctx.runTags,
      testid: ctx.testid,
      env: ctx.con.processEnv,
      warn: ctx.con.warn,
      metric: (n: string) => ctx.metrics.get(n),
      records: ctx.records,
    };
    return guarded('output', name, () => plugin.create(octx));
  });
  for (const p of plugins) {
    try {
      await p.start();
    } catch (err) {
      // A third party's plain Error is still the output's failure (109), not a crash.
      if (isLlmloadError(err)) throw err;
      throw new LlmloadError('ERR_OUTPUT', `output ${p.name}: start() failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
  }
  let stopped = false;
  return {
    descriptions: plugins.map((p) => p.description()),
    wantsSamples: plugins.length > 0,
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
    async finish(final) {
      for (const p of plugins) {
        try {
          await p.finish?.(final);
        } catch (err) {
          ctx.con.error(`output ${p.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },
  };
}

/** `json=results.json` → { name: 'json', arg: 'results.json' }; `json` → arg ''. */
export function parseOutputSpec(spec: string): { name: string; arg: string } {
  const eq = spec.indexOf('=');
  return eq < 0 ? { name: spec, arg: '' } : { name: spec.slice(0, eq), arg: spec.slice(eq + 1) };
}
