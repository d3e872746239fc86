/**
 * `vram_headroom` for `recommend`: the share of usable GPU memory left after
 * weights and the KV cache of the load a result ran at, from `llmload vram`'s
 * formulas. Needs the model's config (`--model-config model=path`).
 */
import { dtypeBytes, shortDtype } from './dtypes.js';
import { findGpu, type GpuType } from './gpu-table.js';
import type { ModelShape } from './model-config.js';
import type { Observation } from './result-files.js';
import { estimateVram } from './vram.js';

const GIB = 1024 ** 3;

/** The `quant` tag → weight dtype (AWQ and GPTQ are 4-bit). */
function weightDtype(quant: string | undefined, shape: ModelShape): string {
  const q = (quant ?? '').toLowerCase();
  if (['awq', 'gptq', 'int4', 'w4a16'].includes(q)) return 'int4';
  if (['int8', 'w8a8', 'w8a16'].includes(q)) return 'int8';
  if (q === 'fp8') return 'fp8';
  if (q === 'fp16' || q === 'bf16') return q;
  return shape.dtype && ['bf16', 'fp16'].includes(shortDtype(shape.dtype)) ? shortDtype(shape.dtype) : 'bf16';
}

/** A `DeriveContext.headroom` over the given configs, GPU table and context length. */
export function headroomFor(configs: ReadonlyMap<string, ModelShape>, table: readonly GpuType[], context: number, gpuUtil = 0.9, overheadGib = 1) {
  return (tags: Readonly<Record<string, string>>, obs: Observation): number | undefined => {
    const shape = tags.model === undefined ? undefined : configs.get(tags.model);
    const gpu = tags.gpu === undefined ? undefined : findGpu(table, tags.gpu);
    const tp = Number(tags.gpus ?? 1);
    if (!shape || !gpu || !(tp > 0) || obs.concurrency === undefined) return undefined;
    const wd = weightDtype(tags.quant, shape);
    const r = estimateVram({
      shape,
      weightDtype: wd,
      weightBytes: dtypeBytes(wd, 'quant tag'),
      kvDtype: 'bf16',
      kvBytes: 2,
      context,
      concurrency: obs.concurrency,
      tp,
      gpu,
      gpuUtil,
      overheadBytes: overheadGib * GIB,
      table: [],
    });
    return r.fit!.headroom_bytes / r.fit!.usable_bytes;
  };
}
