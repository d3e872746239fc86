import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_GPUS, findGpu } from '../../runtime/plan/gpu-table.js';
import { modelShape, readModelConfig } from '../../runtime/plan/model-config.js';
import { estimateParams } from '../../runtime/plan/params.js';
import { estimateVram, kvEstimate, type VramInput } from '../../runtime/plan/vram.js';

const fixture = (name: string) => path.join(__dirname, '../fixtures/plan', name);
const GIB = 1024 ** 3;

const base = (over: Partial<VramInput> = {}): VramInput => ({
  weightDtype: 'bf16',
  weightBytes: 2,
  kvDtype: 'bf16',
  kvBytes: 2,
  context: 4096,
  concurrency: 1,
  tp: 1,
  gpuUtil: 0.9,
  overheadBytes: GIB,
  table: BUILTIN_GPUS,
  ...over,
});

describe('parameter estimates from hand-written public configs', () => {
  it('Llama-3.1-8B: within 1 % of 8.03e9 (exactly 8,030,261,248 with its config values)', () => {
    const p = estimateParams(readModelConfig(fixture('llama-3.1-8b.json')));
    expect(Math.abs(p.total - 8.03e9) / 8.03e9).toBeLessThan(0.01);
    expect(p.total).toBe(8_030_261_248);
    expect(p.active).toBe(p.total);
  });

  it('Qwen2.5-7B (q/k/v biases): 7,615,616,512, its published count', () => {
    expect(estimateParams(readModelConfig(fixture('qwen2.5-7b.json'))).total).toBe(7_615_616_512);
  });

  it('MoE: Mixtral-8x7B 46.7B total, 12.9B active; DeepSeek-V3 (MLA) 671B total, 37B active', () => {
    const mixtral = estimateParams(readModelConfig(fixture('mixtral-8x7b.json')));
    expect(mixtral.total / 1e9).toBeCloseTo(46.7, 1);
    expect(mixtral.active / 1e9).toBeCloseTo(12.9, 1);
    const ds = estimateParams(readModelConfig(fixture('deepseek-v3.json')));
    expect(Math.abs(ds.total - 671e9) / 671e9).toBeLessThan(0.01);
    expect(Math.abs(ds.active - 37e9) / 37e9).toBeLessThan(0.02);
  });

  it('tied embeddings count once (Gemma 2 ties by default; a folder is read as folder/config.json)', () => {
    const g = estimateParams(readModelConfig(fixture('gemma-2-9b')));
    expect(g.lmHead).toBe(0);
    expect(Math.abs(g.total - 9.24e9) / 9.24e9).toBeLessThan(0.01);
    const llama = readModelConfig(fixture('llama-3.1-8b.json'));
    const tied = estimateParams({ ...llama, tiedEmbeddings: true });
    expect(estimateParams(llama).total - tied.total).toBe(128256 * 4096);
  });
});

describe('KV cache per token', () => {
  it('Llama-3.1-8B (L=32, H_kv=8, d=128, bf16): 131,072 B per token', () => {
    const kv = kvEstimate(readModelConfig(fixture('llama-3.1-8b.json')), { kvDtype: 'bf16', kvBytes: 2, context: 1000, concurrency: 3 });
    expect(kv.per_token_bytes).toBe(131_072);
    expect(kv.per_sequence_bytes).toBe(131_072 * 1000);
    expect(kv.load_bytes).toBe(131_072 * 3000);
  });

  it('MLA (kv_lora_rank 512, qk_rope_head_dim 64, 61 layers, bf16): 70,272 B per token, no factor 2', () => {
    const kv = kvEstimate(readModelConfig(fixture('deepseek-v3.json')), { kvDtype: 'bf16', kvBytes: 2, context: 1, concurrency: 1 });
    expect(kv.per_token_bytes).toBe(70_272);
  });

  it('MQA: one KV head; fp8 KV halves it', () => {
    const s = modelShape({ model_type: 'x', num_hidden_layers: 10, hidden_size: 1024, num_attention_heads: 8, multi_query: true, vocab_size: 100 });
    expect(kvEstimate(s, { kvDtype: 'fp8', kvBytes: 1, context: 1, concurrency: 1 }).per_token_bytes).toBe(2 * 10 * 1 * 128 * 1);
  });

  it('sliding-window layers keep at most their window; layers without KV keep nothing', () => {
    const g = readModelConfig(fixture('gemma-2-9b'));
    const kv = kvEstimate(g, { kvDtype: 'bf16', kvBytes: 2, context: 32768, concurrency: 1 });
    const perLayer = 2 * 8 * 256 * 2;
    expect([kv.layers_full, kv.layers_sliding, kv.sliding_window]).toEqual([21, 21, 4096]);
    expect(kv.per_sequence_bytes).toBe(perLayer * (21 * 32768 + 21 * 4096));
    // Below the window a sliding layer costs what a full one does.
    expect(kvEstimate(g, { kvDtype: 'bf16', kvBytes: 2, context: 1000, concurrency: 1 }).per_sequence_bytes).toBe(perLayer * 42 * 1000);
    const hybrid = modelShape({
      model_type: 'x',
      num_hidden_layers: 4,
      hidden_size: 512,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      vocab_size: 10,
      layer_types: ['linear_attention', 'full_attention', 'linear_attention', 'sliding_attention'],
      sliding_window: 16,
    });
    const h = kvEstimate(hybrid, { kvDtype: 'bf16', kvBytes: 2, context: 100, concurrency: 1 });
    expect([h.layers_full, h.layers_sliding, h.layers_without_kv]).toEqual([1, 1, 2]);
    expect(h.per_sequence_bytes).toBe(2 * 2 * 128 * 2 * (100 + 16));
  });

  it('Mistral-style sliding_window applies to every layer; use_sliding_window: false switches it off', () => {
    const cfg = { model_type: 'mistral', num_hidden_layers: 2, hidden_size: 256, num_attention_heads: 2, vocab_size: 10, sliding_window: 8 };
    expect(modelShape(cfg).layerKinds).toEqual(['sliding', 'sliding']);
    expect(modelShape({ ...cfg, use_sliding_window: false }).layerKinds).toEqual(['full', 'full']);
  });
});

describe('fit per GPU', () => {
  it("prints the platform's params × bits/8 × 1.2 beside the weights", () => {
    const r = estimateVram(base({ params: 7e9 }));
    expect(r.platform_formula.bytes).toBe(7e9 * 2 * 1.2);
    expect(r.weights.bytes).toBe(14e9);
    expect(r.kv).toBeNull();
  });

  it('Llama-3.1-8B bf16 on an H100 at 32 × 8192 tokens: headroom and max concurrency from the formulas', () => {
    const shape = readModelConfig(fixture('llama-3.1-8b.json'));
    const h100 = findGpu(BUILTIN_GPUS, 'h100')!;
    const r = estimateVram(base({ shape, gpu: h100, context: 8192, concurrency: 32 }));
    const usable = 81559 * 1024 ** 2 * 0.9 - GIB;
    const weights = 8_030_261_248 * 2;
    expect(r.fit!.headroom_bytes).toBeCloseTo(usable - weights - 32 * 8192 * 131072, 0);
    expect(r.fit!.max_concurrency).toBe(Math.floor((usable - weights) / (8192 * 131072)));
    expect(r.fit!.fits).toBe(true);
    expect(r.table.find((t) => t.gpu === 'L4')!.smallest_count).toBe(4);
  });

  it('TP beyond the KV heads replicates them; MLA keeps its latent whole on every GPU', () => {
    const llama = readModelConfig(fixture('llama-3.1-8b.json'));
    const gpu = { name: 'big', memoryBytes: 1000 * GIB, aliases: [] };
    const at = (tp: number) => estimateVram(base({ shape: llama, gpu, tp })).fit!.kv_per_gpu_bytes!;
    expect(at(2)).toBe(at(1) / 2);
    expect(at(8)).toBe(at(1) / 8);
    const ds = readModelConfig(fixture('deepseek-v3.json'));
    const mla = (tp: number) => estimateVram(base({ shape: ds, gpu, tp })).fit!.kv_per_gpu_bytes!;
    expect(mla(8)).toBe(mla(1));
  });

  it('a TP degree that does not divide the heads is not offered as a fit', () => {
    const s = modelShape({ model_type: 'x', num_hidden_layers: 2, hidden_size: 768, num_attention_heads: 12, vocab_size: 10 });
    const r = estimateVram(
      base({ shape: s, table: [{ name: 'g', memoryBytes: 100 * GIB, aliases: [] }], tp: 8, gpu: { name: 'g', memoryBytes: 100 * GIB, aliases: [] } }),
    );
    expect(r.fit!.tp_valid).toBe(false);
    expect(r.table[0]!.smallest_count).toBe(1);
  });
});
