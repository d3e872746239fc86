import type { Measurement } from './measure.js';
import { TokenDiffStats } from './token-diff.js';

/**
 * Run-wide tallies for the LLM summary block that the metrics do not hold:
 * failures by error type, cancellations, and the benchmark window (first request start →
 * last response end), over which AIPerf computes throughput.
 */
export class LlmRunStats {
  requests = 0;
  ok = 0;
  good = 0;
  promptTokens = 0;
  outputTokens = 0;
  /** Requests the client cancelled on purpose (not failures, not in `errors`). */
  cancelled = 0;
  /** Requests sent again on a new connection (a kept one had been closed by the server). */
  retries = 0;
  /** Some response carried reasoning text (then TTFT content differs from TTFT). */
  reasoning = false;
  readonly errors = new Map<string, number>();
  /** Client − server output tokens of the requests a named tokenizer recounted. */
  readonly tokenDiff = new TokenDiffStats();
  private first = Infinity;
  private last = -Infinity;

  add(m: Measurement, good: boolean): void {
    const ex = m.exchange;
    this.requests++;
    this.retries += ex.retries;
    if (ex.start < this.first) this.first = ex.start;
    if (ex.end > this.last) this.last = ex.end;
    const r = m.result;
    if (r.error?.type === 'cancelled') {
      this.cancelled++;
      return;
    }
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
      if (m.tokens.clientOutput !== undefined) this.tokenDiff.add(m.tokens.clientOutput, m.tokens.output);
    }
  }

  /** Requests that were not cancelled: what failure and goodput shares are of. */
  get judged(): number {
    return this.requests - this.cancelled;
  }

  /** The window's bounds in this process's monotonic ms; undefined before any request. */
  window(): { first: number; last: number } | undefined {
    return this.requests === 0 ? undefined : { first: this.first, last: this.last };
  }

  /** Widens the window to include [first, last] (monotonic ms of this process): a merge of another's tallies. */
  widenWindow(first: number, last: number): void {
    if (first < this.first) this.first = first;
    if (last > this.last) this.last = last;
  }

  /** ms from the first request's start to the last response's end (0 before any). */
  windowMs(): number {
    return this.requests === 0 ? 0 : this.last - this.first;
  }
}
