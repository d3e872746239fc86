/**
 * Parameter count from a config's shape. An estimate: norms are counted as
 * one weight vector each (two per layer plus the final one), and anything a
 * config does not describe (vision towers, MTP heads) is left out.
 */
import type { ModelShape } from './model-config.js';

/** Parameters by part; `total` is every weight, `active` what one token uses (MoE). */
export interface ParamEstimate {
  embedding: number;
  /** 0 when the output head shares the embedding (tied). */
  lmHead: number;
  attention: number;
  mlp: number;
  norms: number;
  total: number;
  /** Per token: the dense part plus the routed experts a token visits and the shared ones. */
  active: number;
}

/** Counts each part from the shape: dense, MoE (routed + shared + router), GQA/MQA or MLA attention. */
export function estimateParams(s: ModelShape): ParamEstimate {
  const h = s.hidden;
  const embedding = s.vocab * h;
  const lmHead = s.tiedEmbeddings ? 0 : s.vocab * h;
  const attnPerLayer = s.mla ? mlaParams(s) : gqaParams(s);
  const attention = attnPerLayer * s.layers;
  const mlpWidth = s.gatedMlp ? 3 : 2;
  let mlp = 0;
  let mlpActive = 0;
  for (let i = 0; i < s.layers; i++) {
    const moe = s.moe;
    if (moe?.isMoeLayer(i)) {
      const expert = mlpWidth * h * moe.expertIntermediate;
      const shared = mlpWidth * h * moe.sharedIntermediate;
      const router = h * moe.experts;
      mlp += moe.experts * expert + shared + router;
      mlpActive += moe.expertsPerToken * expert + shared + router;
    } else {
      mlp += mlpWidth * h * s.intermediate;
      mlpActive += mlpWidth * h * s.intermediate;
    }
  }
  const norms = 2 * h * s.layers + h;
  const total = embedding + lmHead + attention + mlp + norms;
  return { embedding, lmHead, attention, mlp, norms, total, active: total - mlp + mlpActive };
}

/** q, k, v, o projections (k and v with the KV heads: GQA/MQA), plus q/k/v biases where the model has them. */
function gqaParams(s: ModelShape): number {
  const q = s.heads * s.headDim;
  const kv = s.kvHeads * s.headDim;
  const weights = s.hidden * q + 2 * s.hidden * kv + q * s.hidden;
  return weights + (s.qkvBias ? q + 2 * kv : 0);
}

/** DeepSeek MLA: low-rank q (or full q), the joint KV down-projection with its norm, the KV up-projection, o. */
function mlaParams(s: ModelShape): number {
  const m = s.mla!;
  const h = s.hidden;
  const qHead = m.qkNopeHeadDim + m.qkRopeHeadDim;
  const q = m.qLoraRank ? h * m.qLoraRank + m.qLoraRank + m.qLoraRank * s.heads * qHead : h * s.heads * qHead;
  const kvDown = h * (m.kvLoraRank + m.qkRopeHeadDim) + m.kvLoraRank;
  const kvUp = m.kvLoraRank * s.heads * (m.qkNopeHeadDim + m.vHeadDim);
  const o = s.heads * m.vHeadDim * h;
  return q + kvDown + kvUp + o;
}
