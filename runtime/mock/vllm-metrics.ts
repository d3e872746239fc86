/**
 * Fake inference-server telemetry at `GET /metrics`, named as vLLM names it,
 * with the values of the mock's own engine: running/waiting sequences,
 * KV-cache usage, preemptions, token counters and latency histograms.
 */
import type { EngineStats } from './serving-model.js';
import type { MockRequestRecord } from './records.js';
import { Histogram, PromText } from './exposition-writer.js';

// vLLM's bucket bounds (seconds).
const REQUEST_LATENCY_BUCKETS = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];
const TTFT_BUCKETS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];

export class VllmMetrics {
  private readonly queueTime = new Histogram(REQUEST_LATENCY_BUCKETS);
  private readonly ttft = new Histogram(TTFT_BUCKETS);
  private readonly e2e = new Histogram(REQUEST_LATENCY_BUCKETS);
  private readonly finished = new Map<string, number>([
    ['stop', 0],
    ['length', 0],
    ['abort', 0],
  ]);

  constructor(private readonly model: string) {}

  /** Queue time of one request (ms), at its admission. */
  onQueueTime(ms: number): void {
    this.queueTime.observe(ms / 1000);
  }

  /** A generation request ended (any outcome). */
  onDone(r: MockRequestRecord): void {
    if (r.endpoint === 'embeddings') return;
    if (r.firstWrite !== undefined && r.stream) this.ttft.observe((r.firstWrite - r.received) / 1000);
    if (r.end !== undefined && !r.error) this.e2e.observe((r.end - r.received) / 1000);
    // vLLM counts tool calls under "stop"; failures under "abort".
    const reason = r.error ? 'abort' : r.finishReason === 'length' ? 'length' : 'stop';
    this.finished.set(reason, (this.finished.get(reason) ?? 0) + 1);
  }

  render(s: EngineStats): string {
    const labels = { engine: '0', model_name: this.model };
    const one = (value: number | string) => [{ labels, value }];
    const kv = s.kvCapacity > 0 ? s.kvUsed / s.kvCapacity : 0;
    return new PromText()
      .family('vllm:num_requests_running', 'gauge', 'Number of requests in model execution batches.', one(`${s.running}.0`))
      .family('vllm:num_requests_waiting', 'gauge', 'Number of requests waiting to be processed.', one(`${s.waiting}.0`))
      .family('vllm:gpu_cache_usage_perc', 'gauge', 'GPU KV-cache usage. 1 means 100 percent usage.', one(kv))
      .family('vllm:kv_cache_usage_perc', 'gauge', 'KV-cache usage. 1 means 100 percent usage.', one(kv))
      .family('vllm:num_preemptions_total', 'counter', 'Cumulative number of preemption from the engine.', one(`${s.preemptions}.0`))
      .family('vllm:prompt_tokens_total', 'counter', 'Number of prefill tokens processed.', one(`${s.promptTokens}.0`))
      .family('vllm:generation_tokens_total', 'counter', 'Number of generation tokens processed.', one(`${s.generationTokens}.0`))
      .family(
        'vllm:request_success_total',
        'counter',
        'Count of successfully processed requests.',
        [...this.finished].map(([reason, n]) => ({ labels: { ...labels, finished_reason: reason }, value: `${n}.0` })),
      )
      .histogram('vllm:request_queue_time_seconds', 'Histogram of time spent in WAITING phase for request.', labels, this.queueTime)
      .histogram('vllm:time_to_first_token_seconds', 'Histogram of time to first token in seconds.', labels, this.ttft)
      .histogram('vllm:e2e_request_latency_seconds', 'Histogram of e2e request latency in seconds.', labels, this.e2e)
      .toString();
  }
}
