/**
 * A criterion's value for one result: derived (cost, GPUs, energy,
 * accuracy, VRAM headroom) or read from the observation. Pure.
 */
import { metricCriterion } from './criteria.js';
import { findGpu, type GpuType } from './gpu-table.js';
import type { Observation } from './result-files.js';

/** What the derived criteria need besides the observation. */
export interface DeriveContext {
  /** `--gpu-price NAME=USD per GPU-hour`. */
  prices: Readonly<Record<string, number>>;
  /** `--accuracy model=score`. */
  accuracy: Readonly<Record<string, number>>;
  /** For price lookups by alias (`H100` = `H100-80`). */
  table: readonly GpuType[];
  /** VRAM headroom share for a result's tags and load; undefined when no config is known for its model. */
  headroom?: (tags: Readonly<Record<string, string>>, obs: Observation) => number | undefined;
}

/** The criterion `name` for a result with `tags`, or undefined when it cannot be known. */
export function criterionValue(name: string, tags: Readonly<Record<string, string>>, obs: Observation, ctx: DeriveContext): number | undefined {
  switch (name) {
    case 'output_tok_s':
      return obs.outputTokS;
    case 'req_s':
      return obs.reqS;
    case 'gpus':
      return gpuCount(tags);
    case 'cost_per_mtok': {
      const price = gpuPrice(tags.gpu, ctx);
      const gpus = gpuCount(tags);
      if (price === undefined || gpus === undefined || !obs.outputTokS) return undefined;
      return ((price * gpus) / (obs.outputTokS * 3600)) * 1e6;
    }
    case 'energy_per_token':
      return obs.energyPerToken;
    case 'accuracy':
      return tags.model === undefined ? undefined : ctx.accuracy[tags.model];
    case 'vram_headroom':
      return ctx.headroom?.(tags, obs);
    default: {
      const m = metricCriterion(name);
      return m ? obs.value(m.metric, m.aggregation) : undefined;
    }
  }
}

function gpuCount(tags: Readonly<Record<string, string>>): number | undefined {
  const n = Number(tags.gpus);
  return tags.gpus !== undefined && n > 0 ? n : undefined;
}

/** The price of a GPU type: by the name given, or by any alias of the same table entry. */
export function gpuPrice(gpu: string | undefined, ctx: DeriveContext): number | undefined {
  if (gpu === undefined) return undefined;
  const exact = Object.entries(ctx.prices).find(([k]) => k.toLowerCase() === gpu.toLowerCase());
  if (exact) return exact[1];
  const entry = findGpu(ctx.table, gpu);
  if (!entry) return undefined;
  const same = Object.entries(ctx.prices).find(([k]) => findGpu(ctx.table, k) === entry);
  return same?.[1];
}
