/**
 * A Hugging Face `config.json`, read from a file or a model folder (never
 * downloaded) and reduced to the shape the memory formulas need. Multimodal
 * configs keep the language model under `text_config`; that is what is read.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { LlmloadError } from '../errors.js';

/** What a decoder layer keeps in the KV cache. */
export type LayerKind = 'full' | 'sliding' | 'none';

/** The architecture numbers of one model, from its config. */
export interface ModelShape {
  /** Where the numbers came from (the config path), for the report. */
  source: string;
  modelType: string;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** Dense MLP width (DeepSeek's dense layers; every layer of a dense model). */
  intermediate: number;
  vocab: number;
  tiedEmbeddings: boolean;
  /** q/k/v projections carry biases (Qwen2). */
  qkvBias: boolean;
  /** SwiGLU-style MLP (gate, up, down) rather than up/down. */
  gatedMlp: boolean;
  /** `torch_dtype` / `dtype` of the checkpoint, when given. */
  dtype?: string;
  moe?: MoeShape;
  mla?: MlaShape;
  /** One entry per layer: what it keeps in the KV cache. */
  layerKinds: LayerKind[];
  /** Tokens a sliding-window layer keeps. */
  slidingWindow?: number;
}

/** Mixture-of-experts MLP. */
export interface MoeShape {
  experts: number;
  expertsPerToken: number;
  expertIntermediate: number;
  /** Total width of the shared expert(s); 0 when none. */
  sharedIntermediate: number;
  /** Which layers are MoE (the others use the dense MLP). */
  isMoeLayer: (layer: number) => boolean;
}

/** Multi-head latent attention (DeepSeek-V2/V3): the cache keeps a compressed latent. */
export interface MlaShape {
  kvLoraRank: number;
  qLoraRank?: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

type Json = Record<string, unknown>;

/** Reads `config.json` (or `<folder>/config.json`). Problems are exit 104 naming the file. */
export function readModelConfig(file: string): ModelShape {
  let target = file;
  try {
    if (statSync(file).isDirectory()) target = path.join(file, 'config.json');
  } catch {
    throw bad(file, 'no such file or folder');
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(target, 'utf8'));
  } catch (err) {
    throw bad(target, (err as Error).message);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw bad(target, 'not a JSON object');
  return modelShape(json as Json, target);
}

/** The shape from a parsed config object. */
export function modelShape(config: Json, source = 'config.json'): ModelShape {
  const c = (typeof config.text_config === 'object' && config.text_config !== null ? { ...config, ...(config.text_config as Json) } : config) as Json;
  const num = (key: string): number | undefined => (typeof c[key] === 'number' ? (c[key] as number) : undefined);
  const need = (...keys: string[]): number => {
    for (const k of keys) {
      const v = num(k);
      if (v !== undefined) return v;
    }
    throw bad(source, `missing "${keys[0]}"`);
  };
  const modelType = typeof c.model_type === 'string' ? c.model_type : 'unknown';
  const layers = need('num_hidden_layers', 'n_layer', 'num_layers');
  const hidden = need('hidden_size', 'n_embd', 'd_model');
  const heads = need('num_attention_heads', 'n_head');
  const kvHeads = num('num_key_value_heads') ?? num('num_kv_heads') ?? (c.multi_query === true ? 1 : heads);
  const headDim = num('head_dim') ?? hidden / heads;
  const dtype = typeof c.torch_dtype === 'string' ? c.torch_dtype : typeof c.dtype === 'string' ? c.dtype : undefined;
  const shape: ModelShape = {
    source,
    modelType,
    layers,
    hidden,
    heads,
    kvHeads,
    headDim,
    intermediate: num('intermediate_size') ?? num('n_inner') ?? 4 * hidden,
    vocab: need('vocab_size'),
    tiedEmbeddings: typeof c.tie_word_embeddings === 'boolean' ? c.tie_word_embeddings : TIED_BY_DEFAULT.test(modelType),
    qkvBias: c.attention_bias === true || c.qkv_bias === true || /^qwen2/.test(modelType),
    gatedMlp: !NON_GATED.has(modelType),
    layerKinds: layerKinds(c, layers, source),
    ...(dtype && { dtype }),
  };
  const window = num('sliding_window');
  if (window !== undefined && shape.layerKinds.includes('sliding')) shape.slidingWindow = window;
  const mla = mlaShape(c);
  if (mla) shape.mla = mla;
  const moe = moeShape(c, shape.intermediate);
  if (moe) shape.moe = moe;
  return shape;
}

/** transformers' default for configs that leave `tie_word_embeddings` out: true for Gemma, false for Llama-likes. */
const TIED_BY_DEFAULT = /^gemma/;

/** Model types whose MLP is up/down without a gate. */
const NON_GATED = new Set(['gpt2', 'gpt_neox', 'gptj', 'opt', 'bloom', 'falcon', 'phi', 'starcoder2', 'gpt_bigcode']);

function mlaShape(c: Json): MlaShape | undefined {
  if (typeof c.kv_lora_rank !== 'number') return undefined;
  const n = (k: string) => (typeof c[k] === 'number' ? (c[k] as number) : 0);
  return {
    kvLoraRank: c.kv_lora_rank,
    ...(typeof c.q_lora_rank === 'number' && { qLoraRank: c.q_lora_rank }),
    qkNopeHeadDim: n('qk_nope_head_dim'),
    qkRopeHeadDim: n('qk_rope_head_dim'),
    vHeadDim: n('v_head_dim'),
  };
}

function moeShape(c: Json, denseIntermediate: number): MoeShape | undefined {
  const n = (k: string) => (typeof c[k] === 'number' ? (c[k] as number) : undefined);
  const experts = n('n_routed_experts') ?? n('num_local_experts') ?? n('num_experts');
  if (!experts || experts <= 1) return undefined;
  const expertIntermediate = n('moe_intermediate_size') ?? denseIntermediate;
  const sharedIntermediate = n('shared_expert_intermediate_size') ?? (n('n_shared_experts') ?? 0) * expertIntermediate;
  const firstDense = n('first_k_dense_replace') ?? 0;
  const every = n('moe_layer_freq') ?? n('decoder_sparse_step') ?? 1;
  const mlpOnly = new Set(Array.isArray(c.mlp_only_layers) ? (c.mlp_only_layers as number[]) : []);
  return {
    experts,
    expertsPerToken: n('num_experts_per_tok') ?? n('moe_top_k') ?? 1,
    expertIntermediate,
    sharedIntermediate,
    // DeepSeek: dense below first_k_dense_replace, then every moe_layer_freq-th; Qwen-MoE: (i+1) % step == 0.
    isMoeLayer: (i) => i >= firstDense && !mlpOnly.has(i) && (firstDense > 0 ? i % every === 0 : (i + 1) % every === 0),
  };
}

/**
 * Per layer: full attention, a sliding window, or no KV at all (linear
 * attention, Mamba, layers that reuse another layer's KV). Read from, in
 * order: `layer_types` (current transformers), Gemma 3's
 * `sliding_window_pattern`, Gemma 2 (every other layer), Jamba's
 * `attn_layer_period`/`attn_layer_offset`, then `sliding_window` on every
 * layer (Mistral) unless `use_sliding_window` is false (Qwen2).
 */
function layerKinds(c: Json, layers: number, source: string): LayerKind[] {
  const kinds: LayerKind[] = [];
  const hasWindow = typeof c.sliding_window === 'number' && c.use_sliding_window !== false;
  if (Array.isArray(c.layer_types)) {
    if (c.layer_types.length !== layers) throw bad(source, `"layer_types" has ${c.layer_types.length} entries for ${layers} layers`);
    for (const t of c.layer_types) kinds.push(t === 'full_attention' || t === 'attention' ? 'full' : t === 'sliding_attention' ? 'sliding' : 'none');
  } else if (typeof c.sliding_window_pattern === 'number' && hasWindow) {
    const p = c.sliding_window_pattern;
    for (let i = 0; i < layers; i++) kinds.push((i + 1) % p === 0 ? 'full' : 'sliding');
  } else if (c.model_type === 'gemma2' && hasWindow) {
    for (let i = 0; i < layers; i++) kinds.push(i % 2 === 0 ? 'sliding' : 'full');
  } else if (typeof c.attn_layer_period === 'number') {
    const period = c.attn_layer_period;
    const offset = typeof c.attn_layer_offset === 'number' ? c.attn_layer_offset : 0;
    for (let i = 0; i < layers; i++) kinds.push(i % period === offset ? 'full' : 'none');
  } else {
    for (let i = 0; i < layers; i++) kinds.push(hasWindow ? 'sliding' : 'full');
  }
  // Gemma 3n: the last layers read the KV of earlier ones and store none.
  const shared = typeof c.num_kv_shared_layers === 'number' ? c.num_kv_shared_layers : 0;
  for (let i = layers - shared; i < layers; i++) kinds[i] = 'none';
  return kinds;
}

function bad(file: string, why: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_OPTION', `model config "${file}": ${why}`);
}
