import type { Measurement } from './measure.js';

/**
 * Run-wide tallies for the LLM summary block that the metrics do not hold:
 * failures by error type, and the benchmark window (first request start →
 * last response end), over which AIPerf computes throughput.
 */
export class LlmRunStats {
  requests = 0;
  ok = 0;
  good = 0;
  promptTokens = 0;
  outputTokens = 0;
  /** Some response carried reasoning text (then TTFT content differs from TTFT). */
  reasoning = false;
  readonly errors = new Map<string, number>();
  private first = Infinity;
  private last = -Infinity;

  add(m: Measurement, good: boolean): void {
    const ex = m.exchange;
    this.requests++;
    if (ex.start < this.first) this.first = ex.start;
    if (ex.end > this.last) this.last = ex.end;
    const r = m.result;
    if (r.error) {
      this.errors.set(r.error.type, (this.errors.get(r.error.type) ?? 0) + 1);
      return;
    }
    this.ok++;
    if (good) this.good++;
    if (r.reasoning !== '') this.reasoning = true;
    if (m.tokens) {
      this.promptTokens += m.tokens.prompt;
      this.outputTokens += m.tokens.output;
    }
  }

  /** ms from the first request's start to the last response's end (0 before any). */
  windowMs(): number {
    return this.requests === 0 ? 0 : this.last - this.first;
  }
}
