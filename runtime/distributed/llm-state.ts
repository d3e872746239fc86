import type { LlmRunStats } from '../llm/run-stats.js';
import type { TokenDiffStats } from '../llm/token-diff.js';
import { epochOrigin } from '../scheduler/clock.js';

/** TokenDiffStats' accumulators (min/max are over the differing requests). */
export interface RawTokenDiff {
  compared: number;
  differing: number;
  fewer: number;
  more: number;
  clientTokens: number;
  serverTokens: number;
  min: number;
  max: number;
}

/** Every accumulator of LlmRunStats; the window in epoch ms, so windows of two processes merge on one clock. */
export interface RawLlmStats {
  requests: number;
  ok: number;
  good: number;
  promptTokens: number;
  outputTokens: number;
  cancelled: number;
  retries: number;
  reasoning: boolean;
  /** Failures by error type. */
  errors: Record<string, number>;
  tokenDiff: RawTokenDiff;
  /** First request start and last response end, epoch ms; absent before any request. */
  window?: { first: number; last: number };
}

/** The exact tallies of `stats`. */
export function captureLlm(stats: LlmRunStats): RawLlmStats {
  const d = stats.tokenDiff;
  const raw: RawLlmStats = {
    requests: stats.requests,
    ok: stats.ok,
    good: stats.good,
    promptTokens: stats.promptTokens,
    outputTokens: stats.outputTokens,
    cancelled: stats.cancelled,
    retries: stats.retries,
    reasoning: stats.reasoning,
    errors: Object.fromEntries(stats.errors),
    tokenDiff: {
      compared: d.compared,
      differing: d.differing,
      fewer: d.fewer,
      more: d.more,
      clientTokens: d.clientTokens,
      serverTokens: d.serverTokens,
      min: d.min,
      max: d.max,
    },
  };
  const w = stats.window();
  // performance.now() ms → epoch ms with the process's calibrated origin.
  if (w) raw.window = { first: epochOrigin() + w.first, last: epochOrigin() + w.last };
  return raw;
}

/** Adds captured tallies into `target`: counts add up, the window widens, min/max of token differences widen. */
export function mergeLlm(target: LlmRunStats, raw: RawLlmStats): void {
  target.requests += raw.requests;
  target.ok += raw.ok;
  target.good += raw.good;
  target.promptTokens += raw.promptTokens;
  target.outputTokens += raw.outputTokens;
  target.cancelled += raw.cancelled;
  target.retries += raw.retries;
  if (raw.reasoning) target.reasoning = true;
  for (const [type, n] of Object.entries(raw.errors)) target.errors.set(type, (target.errors.get(type) ?? 0) + n);
  mergeTokenDiff(target.tokenDiff, raw.tokenDiff);
  if (raw.window) target.widenWindow(raw.window.first - epochOrigin(), raw.window.last - epochOrigin());
}

/**
 * The tallies gathered between two captures of the same stats (`now` −
 * `before`): what an agent pushes each second. Counts subtract; the window,
 * token-difference min/max and `reasoning` are sent whole, since merging them
 * again changes nothing.
 */
export function llmDelta(now: RawLlmStats, before: RawLlmStats | undefined): RawLlmStats {
  if (!before) return now;
  const errors: Record<string, number> = {};
  for (const [type, n] of Object.entries(now.errors)) {
    const d = n - (before.errors[type] ?? 0);
    if (d !== 0) errors[type] = d;
  }
  const t = now.tokenDiff;
  const b = before.tokenDiff;
  const delta: RawLlmStats = {
    requests: now.requests - before.requests,
    ok: now.ok - before.ok,
    good: now.good - before.good,
    promptTokens: now.promptTokens - before.promptTokens,
    outputTokens: now.outputTokens - before.outputTokens,
    cancelled: now.cancelled - before.cancelled,
    retries: now.retries - before.retries,
    reasoning: now.reasoning,
    errors,
    tokenDiff: {
      compared: t.compared - b.compared,
      differing: t.differing - b.differing,
      fewer: t.fewer - b.fewer,
      more: t.more - b.more,
      clientTokens: t.clientTokens - b.clientTokens,
      serverTokens: t.serverTokens - b.serverTokens,
      // Whole: the merge takes min/max over every push that has differing requests.
      min: t.min,
      max: t.max,
    },
  };
  if (now.window) delta.window = { ...now.window };
  return delta;
}

function mergeTokenDiff(target: TokenDiffStats, raw: RawTokenDiff): void {
  if (raw.differing > 0) {
    if (target.differing === 0) {
      target.min = raw.min;
      target.max = raw.max;
    } else {
      target.min = Math.min(target.min, raw.min);
      target.max = Math.max(target.max, raw.max);
    }
  }
  target.compared += raw.compared;
  target.differing += raw.differing;
  target.fewer += raw.fewer;
  target.more += raw.more;
  target.clientTokens += raw.clientTokens;
  target.serverTokens += raw.serverTokens;
}
