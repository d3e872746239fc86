import type { MetricType, SampleSink, Tags, ValueType } from '../metrics/types.js';
import { DEFAULT_SYSTEM_TAGS, type SystemTags } from '../options/system-tags.js';
import { isGood, type SloMetric, type Slos } from './goodput.js';
import type { Measurement } from './measure.js';

/** Every metric of the LLM kit (defined before the test so thresholds can name them). */
export const LLM_METRICS: ReadonlyArray<readonly [name: string, type: MetricType, contains: ValueType]> = [
  ['llm_reqs', 'counter', 'default'],
  ['llm_req_failed', 'rate', 'default'],
  ['llm_req_cancelled', 'rate', 'default'],
  ['llm_req_retries', 'counter', 'default'],
  ['llm_ttft', 'trend', 'time'],
  ['llm_ttft_content', 'trend', 'time'],
  ['llm_itl', 'trend', 'time'],
  ['llm_tpot', 'trend', 'time'],
  ['llm_e2e', 'trend', 'time'],
  ['llm_ttft_intended', 'trend', 'time'],
  ['llm_e2e_intended', 'trend', 'time'],
  ['llm_prompt_tokens', 'trend', 'default'],
  ['llm_output_tokens', 'trend', 'default'],
  ['llm_output_tokens_per_second', 'trend', 'default'],
  ['llm_tokens_per_chunk', 'trend', 'default'],
  ['llm_prompt_tokens_total', 'counter', 'default'],
  ['llm_output_tokens_total', 'counter', 'default'],
  ['llm_token_count_mismatch', 'counter', 'default'],
  ['llm_token_count_diff', 'trend', 'default'],
  ['llm_goodput', 'rate', 'default'],
  ['llm_in_flight', 'gauge', 'default'],
];

/**
 * The tags of one request's samples: the VU's (run, scenario, group, VU tags),
 * then `model`, `endpoint`, `stream`, `status`, `finish_reason` (when the
 * server gave one) and `error_type` (failures), then the client's and call's
 * tags. These are llmload's system tags: each is set only when `sys` (k6's
 * `systemTags`) has it, here and nowhere else.
 */
export function requestTags(base: Tags, m: Measurement, extra: Record<string, string> | undefined, sys: SystemTags = DEFAULT_SYSTEM_TAGS): Tags {
  const r = m.result;
  const t: Record<string, string> = { ...base };
  if (sys.model) t.model = r.model;
  if (sys.endpoint) t.endpoint = r.endpoint;
  if (sys.stream) t.stream = String(r.stream);
  if (sys.status) t.status = String(r.status);
  if (r.finishReason !== null && sys.finish_reason) t.finish_reason = r.finishReason;
  if (r.error && sys.error_type) t.error_type = r.error.type;
  if (extra) Object.assign(t, extra);
  return Object.freeze(t);
}

/** SLO values of a request, for goodput. */
export function sloValues(m: Measurement): Partial<Record<SloMetric, number>> {
  const t = m.result.timings;
  return {
    llm_ttft: t.ttft,
    llm_ttft_content: t.ttftContent,
    llm_tpot: t.tpot,
    llm_e2e: t.e2e,
    llm_ttft_intended: t.ttftIntended,
    llm_e2e_intended: t.e2eIntended,
  };
}

/**
 * The samples of one finished request, at `time` (epoch ms of its end).
 * Every request: llm_reqs, llm_req_cancelled, llm_req_retries, and unless it
 * was cancelled llm_req_failed (and llm_goodput with SLOs). Only successful
 * ones add latencies and token counts (AIPerf and vLLM leave failed and
 * cancelled requests out of them too). Returns whether the request was good.
 */
export function emitRequestSamples(sink: SampleSink, tags: Tags, m: Measurement, time: number, slos: Slos | undefined): boolean {
  const push = (metric: string, value: number) => sink.push({ metric, time, value, tags });
  const r = m.result;
  const t = r.timings;
  push('llm_reqs', 1);
  // A cancellation is the client's choice, not a failure: in llm_req_cancelled only, and out of goodput.
  const cancelled = r.error?.type === 'cancelled';
  push('llm_req_cancelled', cancelled ? 1 : 0);
  if (!cancelled) push('llm_req_failed', r.ok ? 0 : 1);
  // One per request, 0 or 1: a threshold on it judges a measured zero.
  push('llm_req_retries', m.exchange.retries);
  const good = r.ok && (slos === undefined || isGood(slos, sloValues(m)));
  if (slos && !cancelled) push('llm_goodput', good ? 1 : 0);
  const tokens = m.tokens;
  if (!r.ok || !tokens) return good;

  if (t.ttft !== undefined) push('llm_ttft', t.ttft);
  if (t.ttftContent !== undefined) push('llm_ttft_content', t.ttftContent);
  for (const gap of t.itl) push('llm_itl', gap);
  if (t.tpot !== undefined) push('llm_tpot', t.tpot);
  push('llm_e2e', t.e2e);
  if (t.ttftIntended !== undefined) push('llm_ttft_intended', t.ttftIntended);
  if (t.e2eIntended !== undefined) push('llm_e2e_intended', t.e2eIntended);

  push('llm_prompt_tokens', tokens.prompt);
  push('llm_prompt_tokens_total', tokens.prompt);
  if (m.kind !== 'embed') {
    push('llm_output_tokens', tokens.output);
    push('llm_output_tokens_total', tokens.output);
    if (t.e2e > 0) push('llm_output_tokens_per_second', (tokens.output * 1000) / t.e2e);
    if (m.exchange.read.sse && t.contentChunks > 0) push('llm_tokens_per_chunk', tokens.output / t.contentChunks);
  }
  if (tokens.compared) push('llm_token_count_mismatch', tokens.mismatch ? 1 : 0);
  // Signed, client − server: its sign and size tell a wrong tokenizer from re-tokenization noise (token-diff.ts).
  if (tokens.diff !== undefined) push('llm_token_count_diff', tokens.diff);
  return good;
}
