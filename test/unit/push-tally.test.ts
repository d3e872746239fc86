import { describe, expect, it } from 'vitest';
import type { AgentEntry } from '../../runtime/distributed/coordinator-server.js';
import { equalSegments, PushTally } from '../../runtime/distributed/push-tally.js';
import { DeltaPusher } from '../../runtime/distributed/pusher.js';
import { LlmRunStats } from '../../runtime/llm/run-stats.js';
import { registerBuiltins } from '../../runtime/metrics/builtins.js';
import { MetricsEngine } from '../../runtime/metrics/engine.js';
import { MetricRegistry } from '../../runtime/metrics/metric-registry.js';
import type { Sample } from '../../runtime/metrics/types.js';
import type { StopReason } from '../../runtime/test-phase.js';

function engine(): MetricsEngine {
  const registry = new MetricRegistry();
  registerBuiltins(registry);
  return new MetricsEngine(registry, { batch: false });
}

const agent = (index: number): AgentEntry => ({ id: `agent-${index}`, index, instance: `h${index}`, lastSeen: 0, ready: true, done: false, lost: false });
const sample = (metric: string, value: number, time: number, tags: Record<string, string> = {}): Sample => ({ metric, value, time, tags });

describe('PushTally', () => {
  it('merges each push once (a resent sequence number is ignored), sums the agents’ VU counts, and ends on every last push', async () => {
    const coordinator = engine();
    const stops: StopReason[] = [];
    const tally = new PushTally({
      engine: coordinator,
      llm: new LlmRunStats(),
      agents: 2,
      stop: (s) => stops.push(s),
      stopped: () => stops[0],
      warn: () => {},
    });
    const agents = [agent(0), agent(1)];
    const pushers = agents.map((a) => {
      const e = engine();
      return new DeltaPusher(a.id, e, new LlmRunStats());
    });
    pushers[0]!.feed([sample('iterations', 1, 1), sample('iterations', 1, 2), sample('vus', 5, 2), sample('iteration_duration', 12.5, 2)]);
    pushers[1]!.feed([sample('iterations', 1, 1), sample('vus', 3, 1), sample('iteration_duration', -1, 1)]);
    const p0 = { ...pushers[0]!.next(1000), seq: 0 };
    const p1 = { ...pushers[1]!.next(1000), seq: 0 };
    expect(tally.push(agents[0]!, p0)).toEqual({});
    expect(tally.push(agents[0]!, structuredClone(p0))).toEqual({}); // resent after a lost answer: not merged again
    tally.push(agents[1]!, p1);
    expect(coordinator.get('iterations')!.sink.values(1000)).toMatchObject({ count: 3 });
    expect(coordinator.get('vus')!.sink.values(1000)).toMatchObject({ value: 8, max: 8 });
    expect(coordinator.get('iteration_duration')!.sink.values(1000, ['min', 'max', 'count'])).toEqual({ min: -1, max: 12.5, count: 2 });

    const finished = tally.finished(new AbortController().signal);
    tally.push(agents[0]!, { ...pushers[0]!.next(2000, { done: { testRunDurationMs: 2000, saturated: false } }), seq: 1 });
    tally.push(agents[1]!, { ...pushers[1]!.next(2100, { done: { testRunDurationMs: 2100, saturated: true } }), seq: 1 });
    await finished;
    expect(tally.longestAgentMs()).toBe(2100);
    expect(tally.saturatedAgents()).toEqual([1]);
  });

  it('an abort from one agent stops the test, and every later answer tells the agents to stop', () => {
    const stops: StopReason[] = [];
    const tally = new PushTally({ engine: engine(), llm: new LlmRunStats(), agents: 2, stop: (s) => stops.push(s), stopped: () => stops[0], warn: () => {} });
    const a = agent(1);
    tally.push(a, { agent: a.id, seq: 0, aborted: 'enough' });
    expect(stops).toEqual([{ kind: 'abort', reason: 'enough (agent 1)' }]);
    expect(tally.push(agent(0), { agent: 'agent-0', seq: 0 })).toEqual({ abort: 'test aborted: enough (agent 1)' });
  });
});

describe('equalSegments', () => {
  it('gives agent i of n the segment i/n:(i+1)/n of 0,1/n,…,1', () => {
    expect(equalSegments(0, 3)).toEqual({ segment: '0:1/3', sequence: '0,1/3,2/3,1' });
    expect(equalSegments(2, 3)).toEqual({ segment: '2/3:1', sequence: '0,1/3,2/3,1' });
    expect(equalSegments(0, 1)).toEqual({ segment: '0:1', sequence: '0,1' });
  });
});
