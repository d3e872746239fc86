import { afterEach, describe, expect, it } from 'vitest';
import type { EngineStats } from '../../runtime/mock/serving-model.js';
import { FakeGpus } from '../../runtime/mock/fake-gpus.js';
import { VllmMetrics } from '../../runtime/mock/vllm-metrics.js';
import type { MockRequestRecord } from '../../runtime/mock/records.js';

const stats = (over: Partial<EngineStats> = {}): EngineStats => ({
  running: 0,
  waiting: 0,
  kvUsed: 0,
  kvCapacity: 1000,
  preemptions: 0,
  promptTokens: 0,
  generationTokens: 0,
  finished: 0,
  ...over,
});
/** `name{labels} value` lines → value of the first line for `name` whose labels include `has`. */
const value = (text: string, name: string, has = '') => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(has));
  if (!line) throw new Error(`no ${name} ${has}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
};

let gpus: FakeGpus | undefined;
afterEach(() => gpus?.stop());

describe('fake DCGM GPUs', () => {
  it('integrates power into the energy counter (W × ms = mJ) and moves power towards the load with a ~1 s average', () => {
    let s = stats();
    gpus = new FakeGpus({ gpus: 2, model: 'NVIDIA H100 80GB HBM3', maxConcurrency: 8, seed: 1 }, () => s);
    const t0 = performance.now() + 10;
    gpus.advance(t0);
    const e0 = value(gpus.render(), 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'gpu="0"');
    gpus.advance(t0 + 1000); // idle for a second: 70 W → 70 J
    const idle = gpus.render();
    expect(value(idle, 'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'gpu="0"') - e0).toBeCloseTo(70_000, -2);
    expect(value(idle, 'DCGM_FI_DEV_GPU_UTIL', 'gpu="0"')).toBe(0);

    s = stats({ running: 8, kvUsed: 500 });
    const target = FakeGpus.load(8, 0, 8);
    for (let t = 1; t <= 50; t++) gpus.advance(t0 + 1000 + t * 100); // 5 s of load
    const busy = gpus.render();
    expect(value(busy, 'DCGM_FI_DEV_GPU_UTIL', 'gpu="0"')).toBeCloseTo(target * 100, -1);
    expect(value(busy, 'DCGM_FI_DEV_POWER_USAGE', 'gpu="0"')).toBeGreaterThan(70 + 630 * target * 0.95);
    // The second GPU carries a little less of the load.
    expect(value(busy, 'DCGM_FI_DEV_POWER_USAGE', 'gpu="1"')).toBeLessThan(value(busy, 'DCGM_FI_DEV_POWER_USAGE', 'gpu="0"'));
    expect(value(busy, 'DCGM_FI_DEV_FB_USED', 'gpu="0"')).toBeGreaterThan(value(idle, 'DCGM_FI_DEV_FB_USED', 'gpu="0"'));
    expect(value(busy, 'DCGM_FI_PROF_NVLINK_TX_BYTES', 'gpu="0"')).toBeGreaterThan(0);
    // A queue means a saturated GPU.
    expect(FakeGpus.load(3, 1, 256)).toBe(1);
    expect(FakeGpus.load(0, 0, 256)).toBe(0);
  });

  it('prints the exporter format: labels, six-decimal doubles, integer counters', () => {
    gpus = new FakeGpus({ gpus: 1, model: 'NVIDIA RTX 6000 Ada Generation', maxConcurrency: 8, seed: 2 }, () => stats());
    const text = gpus.render();
    expect(text).toMatch(/^# TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter$/m);
    expect(text).toMatch(
      /^DCGM_FI_DEV_POWER_USAGE\{gpu="0",UUID="GPU-[0-9a-f-]{36}",pci_bus_id="00000000:18:00.0",device="nvidia0",modelName="NVIDIA RTX 6000 Ada Generation",Hostname="[^"]+",DCGM_FI_DRIVER_VERSION="[^"]+"\} \d+\.\d{6}$/m,
    );
    expect(text).toMatch(/^DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION\{[^}]+\} \d+$/m);
  });
});

describe('fake vLLM metrics', () => {
  it('reports the engine state, token counters and histograms', () => {
    const m = new VllmMetrics('my-model');
    m.onQueueTime(0);
    m.onQueueTime(400);
    const rec = (over: Partial<MockRequestRecord>): MockRequestRecord => ({
      seq: 0,
      id: 'x',
      endpoint: 'chat',
      model: 'my-model',
      stream: true,
      status: 200,
      received: 0,
      promptTokens: 1,
      outputTokens: 1,
      chunks: 1,
      preemptions: 0,
      ...over,
    });
    m.onDone(rec({ firstWrite: 50, end: 900, finishReason: 'stop' }));
    m.onDone(rec({ firstWrite: 20, end: 100, finishReason: 'length' }));
    m.onDone(rec({ error: 'client_closed' }));
    const text = m.render(stats({ running: 3, waiting: 2, kvUsed: 250, preemptions: 4, promptTokens: 120, generationTokens: 900 }));
    const has = 'model_name="my-model"';
    expect(value(text, 'vllm:num_requests_running', has)).toBe(3);
    expect(value(text, 'vllm:num_requests_waiting', has)).toBe(2);
    expect(value(text, 'vllm:kv_cache_usage_perc', has)).toBe(0.25);
    expect(value(text, 'vllm:gpu_cache_usage_perc', has)).toBe(0.25);
    expect(value(text, 'vllm:num_preemptions_total', has)).toBe(4);
    expect(value(text, 'vllm:prompt_tokens_total', has)).toBe(120);
    expect(value(text, 'vllm:generation_tokens_total', has)).toBe(900);
    expect(value(text, 'vllm:request_success_total', 'finished_reason="stop"')).toBe(1);
    expect(value(text, 'vllm:request_success_total', 'finished_reason="length"')).toBe(1);
    expect(value(text, 'vllm:request_success_total', 'finished_reason="abort"')).toBe(1);
    expect(value(text, 'vllm:request_queue_time_seconds_count')).toBe(2);
    expect(value(text, 'vllm:request_queue_time_seconds_sum')).toBeCloseTo(0.4);
    expect(value(text, 'vllm:request_queue_time_seconds_bucket', 'le="0.3"')).toBe(1);
    expect(value(text, 'vllm:request_queue_time_seconds_bucket', 'le="0.5"')).toBe(2);
    expect(value(text, 'vllm:request_queue_time_seconds_bucket', 'le="+Inf"')).toBe(2);
    expect(value(text, 'vllm:time_to_first_token_seconds_count')).toBe(2);
    expect(value(text, 'vllm:time_to_first_token_seconds_sum')).toBeCloseTo(0.07);
    expect(text).toMatch(/^# TYPE vllm:request_queue_time_seconds histogram$/m);
  });
});
