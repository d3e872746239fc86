import type { Sample } from './metrics/types.js';

/** The window the live TTFT p95 and req/s cover. */
export const LIVE_WINDOW_MS = 10_000;

/** The LLM numbers of the live progress line. */
export interface LiveLlm {
  /** Requests that ended in the last 10 s, per second. */
  reqPerSec: number;
  /** Requests open now (the last llm_in_flight value). */
  inFlight: number;
  /** TTFT p95 of the requests that ended in the last 10 s; undefined when none had a TTFT. */
  ttftP95?: number;
  /** Failed requests since the start. */
  errors: number;
  /** Requests since the start (cancelled ones too). */
  requests: number;
}

/**
 * Follows the sample batches the outputs get (every 100 ms) for the progress
 * line's LLM numbers: no cost on the request path, and nothing kept beyond the
 * last 10 s.
 */
/** The metrics the live LLM numbers read (a thread of `--threads` forwards only these when nothing else needs its samples). */
export const LIVE_LLM_METRICS: ReadonlySet<string> = new Set(['llm_reqs', 'llm_req_failed', 'llm_ttft', 'llm_in_flight']);

export class LiveLlmStats {
  private ends: number[] = [];
  private ttfts: Array<[number, number]> = [];
  private inFlight = 0;
  private errors = 0;
  private requests = 0;

  add(batch: readonly Sample[]): void {
    for (const s of batch) {
      switch (s.metric) {
        case 'llm_reqs':
          this.requests++;
          this.ends.push(s.time);
          break;
        case 'llm_req_failed':
          // Cancelled requests have none: the client's choice, not an error.
          if (s.value !== 0) this.errors++;
          break;
        case 'llm_ttft':
          this.ttfts.push([s.time, s.value]);
          break;
        case 'llm_in_flight':
          this.inFlight = s.value;
          break;
      }
    }
  }

  /** The numbers at wall time `now`; `elapsedMs` caps the req/s window at the start. */
  snapshot(now: number, elapsedMs: number): LiveLlm | undefined {
    const from = now - LIVE_WINDOW_MS;
    this.ends = this.ends.filter((t) => t > from);
    this.ttfts = this.ttfts.filter(([t]) => t > from);
    if (this.requests === 0 && this.inFlight === 0) return undefined;
    const windowS = Math.max(0.001, Math.min(LIVE_WINDOW_MS, elapsedMs) / 1000);
    const sorted = this.ttfts.map(([, v]) => v).sort((a, b) => a - b);
    return {
      reqPerSec: this.ends.length / windowS,
      inFlight: this.inFlight,
      ttftP95: sorted.length === 0 ? undefined : percentile(sorted, 95),
      errors: this.errors,
      requests: this.requests,
    };
  }
}

/** Linear between closest ranks (the summary's definition). */
function percentile(sorted: readonly number[], p: number): number {
  const r = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(r);
  const hi = Math.ceil(r);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (r - lo);
}
