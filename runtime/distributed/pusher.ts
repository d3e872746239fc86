import type { LlmRunStats } from '../llm/run-stats.js';
import type { MetricsEngine } from '../metrics/engine.js';
import type { Sample } from '../metrics/types.js';
import { captureLlm, llmDelta, type RawLlmStats } from './llm-state.js';
import type { PushRequest } from './protocol.js';
import { captureState, createDeltaEngine } from './raw-state.js';

/**
 * An agent's side of the merge: the samples of each push interval go into a
 * fresh engine that tracks the run engine's metrics and sub-metrics, and its
 * exact state is what the agent pushes; the LLM tallies go as differences.
 */
export class DeltaPusher {
  private delta: MetricsEngine;
  private llmBefore: RawLlmStats | undefined;

  constructor(
    private readonly agent: string,
    private readonly engine: MetricsEngine,
    private readonly llm: LlmRunStats,
  ) {
    this.delta = createDeltaEngine(engine);
  }

  /** The samples the run's outputs get (every ~100 ms). */
  feed(batch: readonly Sample[]): void {
    const d = this.delta;
    for (let i = 0; i < batch.length; i++) d.push(batch[i]!);
  }

  /** The push of everything fed since the previous one; `testRunDurationMs` is the agent's clock so far. */
  next(testRunDurationMs: number, extra: Pick<PushRequest, 'done' | 'aborted'> = {}): Omit<PushRequest, 'seq'> {
    const state = captureState(this.delta, { testRunDurationMs });
    const llmNow = captureLlm(this.llm);
    state.llm = llmDelta(llmNow, this.llmBefore);
    this.llmBefore = llmNow;
    this.delta = createDeltaEngine(this.engine);
    return { agent: this.agent, delta: state, ...extra };
  }
}
