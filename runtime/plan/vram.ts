/**
 * `llmload vram`: the memory an inference server needs, formula by formula.
 * Pure: the inputs are a config's shape (or a bare parameter count) and the
 * load; every number in the report says which formula made it.
 */
import type { GpuType } from './gpu-table.js';
import type { ModelShape } from './model-config.js';
import { estimateParams, type ParamEstimate } from './params.js';

/** What `vram` sizes. Byte sizes per element come from ./dtypes.ts. */
export interface VramInput {
  shape?: ModelShape;
  /** `--params`: used when there is no config (then there is no KV estimate). */
  params?: number;
  weightDtype: string;
  weightBytes: number;
  kvDtype: string;
  kvBytes: number;
  /** Tokens per sequence. */
  context: number;
  /** Sequences in flight. */
  concurrency: number;
  tp: number;
  /** The GPU to fit on (`--gpu` or `--gpu-mem`); none: only the table. */
  gpu?: GpuType;
  /** vLLM's gpu_memory_utilization. */
  gpuUtil: number;
  /** Per GPU, outside weights and KV (activations, CUDA graphs, the CUDA context). */
  overheadBytes: number;
  table: readonly GpuType[];
}

/** The KV cache of one model. */
export interface KvEstimate {
  dtype: string;
  bytes_per_element: number;
  formula: string;
  /** Per token, per layer that keeps KV. */
  per_layer_token_bytes: number;
  layers_full: number;
  layers_sliding: number;
  layers_without_kv: number;
  sliding_window: number | null;
  /** Per token over every layer that keeps KV (a sliding layer keeps at most its window). */
  per_token_bytes: number;
  context: number;
  concurrency: number;
  per_sequence_bytes: number;
  load_bytes: number;
}

/** The fit on one GPU type with a TP degree. */
export interface GpuFit {
  gpu: string;
  gpu_memory_bytes: number;
  tp: number;
  /** vLLM needs attention heads (and KV heads, or TP) divisible by TP. */
  tp_valid: boolean;
  usable_bytes: number;
  weights_per_gpu_bytes: number;
  kv_per_gpu_bytes: number | null;
  /** usable − weights − KV for the load; negative when it does not fit. */
  headroom_bytes: number;
  fits: boolean;
  /** Sequences of `context` tokens the KV budget holds. */
  max_concurrency: number | null;
}

/** Everything `vram` prints. */
export interface VramReport {
  model: { source: string; model_type: string; estimated: true; params: number; active_params: number; breakdown: ParamEstimate | null } | null;
  weights: { dtype: string; bytes_per_param: number; formula: string; bytes: number };
  platform_formula: { formula: string; bits: number; bytes: number };
  kv: KvEstimate | null;
  fit: GpuFit | null;
  table: Array<{ gpu: string; gpu_memory_bytes: number; smallest_count: number | null; fit: GpuFit | null }>;
  measured?: { file: string; gpu_memory_used_peak_bytes: number | null };
}

const COUNTS = [1, 2, 4, 8] as const;

/** Computes the report. */
export function estimateVram(input: VramInput): VramReport {
  const est = input.shape ? estimateParams(input.shape) : undefined;
  const params = est?.total ?? input.params ?? 0;
  const weights = weightBytes(input, est);
  const bits = input.weightBytes * 8;
  const kv = input.shape ? kvEstimate(input.shape, input) : null;
  const fitOn = (gpu: GpuType, tp: number) => gpuFit(gpu, tp, weights.bytes, kv, input);
  const table = input.table.map((g) => {
    const fits = COUNTS.map((n) => fitOn(g, n)).filter((f) => f.tp_valid && f.fits);
    return { gpu: g.name, gpu_memory_bytes: g.memoryBytes, smallest_count: fits[0]?.tp ?? null, fit: fits[0] ?? null };
  });
  return {
    model: input.shape
      ? { source: input.shape.source, model_type: input.shape.modelType, estimated: true, params, active_params: est!.active, breakdown: est! }
      : null,
    weights,
    platform_formula: { formula: `params × bits/8 × 1.2 = ${params} × ${bits}/8 × 1.2`, bits, bytes: params * (bits / 8) * 1.2 },
    kv,
    fit: input.gpu ? fitOn(input.gpu, input.tp) : null,
    table,
  };
}

/**
 * Weight bytes. Below 16 bits the embedding and the output head stay 16-bit
 * (GPTQ, AWQ and FP8 checkpoints leave them unquantized), which matters for
 * small models with large vocabularies.
 */
function weightBytes(input: VramInput, est: ParamEstimate | undefined): VramReport['weights'] {
  const b = input.weightBytes;
  if (!est) {
    const params = input.params ?? 0;
    return { dtype: input.weightDtype, bytes_per_param: b, formula: `params × ${b} = ${params} × ${b}`, bytes: params * b };
  }
  if (b >= 2) return { dtype: input.weightDtype, bytes_per_param: b, formula: `params × ${b} = ${est.total} × ${b}`, bytes: est.total * b };
  const emb = est.embedding + est.lmHead;
  const rest = est.total - emb;
  return {
    dtype: input.weightDtype,
    bytes_per_param: b,
    formula: `(params − embeddings) × ${b} + embeddings × 2 = ${rest} × ${b} + ${emb} × 2`,
    bytes: rest * b + emb * 2,
  };
}

/** KV per token: 2 × layers × kv_heads × head_dim × bytes; MLA: (kv_lora_rank + qk_rope_head_dim) × bytes per layer, no factor 2. */
export function kvEstimate(s: ModelShape, load: { kvDtype: string; kvBytes: number; context: number; concurrency: number }): KvEstimate {
  const b = load.kvBytes;
  const perLayer = s.mla ? (s.mla.kvLoraRank + s.mla.qkRopeHeadDim) * b : 2 * s.kvHeads * s.headDim * b;
  const full = s.layerKinds.filter((k) => k === 'full').length;
  const sliding = s.layerKinds.filter((k) => k === 'sliding').length;
  const window = sliding > 0 ? (s.slidingWindow ?? null) : null;
  const formula = s.mla
    ? `(kv_lora_rank + qk_rope_head_dim) × bytes = (${s.mla.kvLoraRank} + ${s.mla.qkRopeHeadDim}) × ${b} per layer`
    : `2 × kv_heads × head_dim × bytes = 2 × ${s.kvHeads} × ${s.headDim} × ${b} per layer`;
  const perSequence = perLayer * (full * load.context + sliding * Math.min(load.context, window ?? load.context));
  return {
    dtype: load.kvDtype,
    bytes_per_element: b,
    formula,
    per_layer_token_bytes: perLayer,
    layers_full: full,
    layers_sliding: sliding,
    layers_without_kv: s.layers - full - sliding,
    sliding_window: window,
    per_token_bytes: perLayer * (full + sliding),
    context: load.context,
    concurrency: load.concurrency,
    per_sequence_bytes: perSequence,
    load_bytes: perSequence * load.concurrency,
  };
}

/**
 * One GPU type at TP degree `tp`. Weights split evenly; KV heads split too,
 * but a GPU keeps at least one (vLLM replicates KV heads when TP exceeds
 * them), and an MLA latent is kept whole on every GPU.
 */
export function gpuFit(gpu: GpuType, tp: number, weights: number, kv: KvEstimate | null, input: VramInput): GpuFit {
  const s = input.shape;
  const usable = gpu.memoryBytes * input.gpuUtil - input.overheadBytes;
  const weightsPerGpu = weights / tp;
  let kvShare = 1 / tp;
  if (s?.mla) kvShare = 1;
  else if (s) kvShare = Math.max(1, s.kvHeads / tp) / s.kvHeads;
  const kvPerGpu = kv ? kv.load_bytes * kvShare : null;
  const budget = usable - weightsPerGpu;
  const headroom = budget - (kvPerGpu ?? 0);
  const tpValid = !s || (s.heads % tp === 0 && (s.mla !== undefined || s.kvHeads % tp === 0 || tp % s.kvHeads === 0));
  const perSeq = kv ? kv.per_sequence_bytes * kvShare : 0;
  return {
    gpu: gpu.name,
    gpu_memory_bytes: gpu.memoryBytes,
    tp,
    tp_valid: tpValid,
    usable_bytes: usable,
    weights_per_gpu_bytes: weightsPerGpu,
    kv_per_gpu_bytes: kvPerGpu,
    headroom_bytes: headroom,
    fits: headroom >= 0,
    max_concurrency: kv && perSeq > 0 ? Math.max(0, Math.floor(budget / perSeq)) : null,
  };
}
