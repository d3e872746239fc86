import { describe, expect, it } from 'vitest';
import { LLM_METRICS } from '../../runtime/llm/samples.js';
import { registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { phaseVu, type StepLabel } from '../../runtime/sweep/phase-vus.js';
import { StepCollector, type PhaseClock } from '../../runtime/sweep/step-collector.js';
import type { IterationInfo, Vu } from '../../runtime/vu/types.js';

function registry(): MetricRegistry {
  const r = new MetricRegistry();
  registerBuiltins(r);
  for (const [name, type, contains] of LLM_METRICS) r.define(name, type, contains);
  return r;
}

describe('a sweep step collector', () => {
  it('keeps the measured requests for the step and passes every sample on, tagged', () => {
    const main: Sample[] = [];
    const clock: PhaseClock = { phase: 'warmup', measureStart: 1000 };
    const c = new StepCollector(registry(), { push: (s) => main.push(s) }, clock, { sweep_step: '3', sweep_value: '8' });
    const vuTags = (phase: string) => ({ scenario: 'chat', sweep_step: '3', sweep_value: '8', sweep_phase: phase });
    // A request that started in the warm-up and ended after it stays out of the step.
    c.push({ metric: 'llm_reqs', time: 1500, value: 1, tags: vuTags('warmup') });
    c.push({ metric: 'llm_ttft', time: 1500, value: 900, tags: vuTags('warmup') });
    c.push({ metric: 'llm_reqs', time: 1600, value: 1, tags: vuTags('measure') });
    c.push({ metric: 'llm_ttft', time: 1600, value: 50, tags: vuTags('measure') });
    // The scheduler's samples carry no phase: judged by their time.
    c.push({ metric: 'dropped_iterations', time: 900, value: 1, tags: { scenario: 'chat' } });
    c.push({ metric: 'dropped_iterations', time: 1100, value: 1, tags: { scenario: 'chat' } });
    expect(c.engine.get('llm_reqs')!.sink.values(1000)).toMatchObject({ count: 1 });
    expect(c.engine.get('llm_ttft')!.sink.values(1000, ['max'])).toMatchObject({ max: 50 });
    expect(c.engine.get('dropped_iterations')!.sink.values(1000)).toMatchObject({ count: 1 });
    expect(c.requestEnds).toEqual([1600]);
    expect(main).toHaveLength(6);
    expect(main.slice(4).map((s) => s.tags)).toEqual([
      { scenario: 'chat', sweep_step: '3', sweep_value: '8', sweep_phase: 'warmup' },
      { scenario: 'chat', sweep_step: '3', sweep_value: '8', sweep_phase: 'measure' },
    ]);
  });

  it('averages requests in flight over the measured window, weighted by time', () => {
    const clock: PhaseClock = { phase: 'measure', measureStart: 1000 };
    const c = new StepCollector(registry(), { push: () => {} }, clock, { sweep_step: '0', sweep_value: '1' });
    const at = (time: number, value: number) => c.push({ metric: 'llm_in_flight', time, value, tags: { sweep_phase: 'measure' } });
    at(500, 4); // 4 in flight when the window opens
    at(1500, 2); // 4 for 500 ms
    at(2500, 6); // 2 for 1000 ms, then 6 for 500 ms until 3000
    expect(c.meanInFlight(3000)).toBeCloseTo((4 * 500 + 2 * 1000 + 6 * 500) / 2000, 12);
    expect(c.inFlightSeries).toEqual({ t: [1500, 2500], v: [2, 6] });
  });
});

describe('sweep VUs', () => {
  it('start each iteration with the phase of its start, and keep the same objects while it does not change', async () => {
    const seen: IterationInfo[] = [];
    const inner = { id: 7, iterate: async (info: IterationInfo) => (seen.push(info), { status: 'ok' as const }) } as unknown as Vu;
    const label: StepLabel = { step: 2, value: 16, clock: { phase: 'warmup', measureStart: Number.POSITIVE_INFINITY } };
    const vu = phaseVu(inner, label);
    const info = { exec: 'default', tags: { scenario: 'chat' }, env: { A: '1' } } as unknown as IterationInfo;
    await vu.iterate(info, undefined);
    await vu.iterate(info, undefined);
    label.clock.phase = 'measure';
    await vu.iterate(info, undefined);
    expect(vu.id).toBe(7);
    expect(seen[0]!.tags).toEqual({ scenario: 'chat', sweep_step: '2', sweep_value: '16', sweep_phase: 'warmup' });
    expect(seen[0]!.env).toEqual({ A: '1', LLMLOAD_SWEEP_STEP: '2', LLMLOAD_SWEEP_VALUE: '16', LLMLOAD_SWEEP_PHASE: 'warmup' });
    expect(seen[1]!.tags).toBe(seen[0]!.tags);
    expect(seen[1]!.env).toBe(seen[0]!.env);
    expect(seen[2]!.tags.sweep_phase).toBe('measure');
    expect(label.firstIteration).toBeTypeOf('number');
  });
});
