import type { RunFlags } from '../cli/flags.js';
import type { LlmRunStats } from '../llm/run-stats.js';
import type { MetricsEngine } from '../metrics/engine.js';
import type { StopReason } from '../test-phase.js';
import { mergedHealthSection, type HealthValues } from '../health/section.js';
import type { SummaryContributor } from '../summary/sections.js';
import type { AgentEntry } from './coordinator-server.js';
import { PUSH_INTERVAL_MS, type AgentFlags, type PushReply, type PushRequest } from './protocol.js';
import { mergeState, type RawGauge, type RawState } from './raw-state.js';

/**
 * Gauges whose test-wide value is the sum of every agent's (k6's VU counts);
 * other gauges (an agent's CPU, event-loop delay) keep the latest value.
 */
const SUMMED_GAUGES = ['vus', 'vus_max'];

/** After a stop, how long the coordinator waits for the agents' last pushes. */
const LAST_PUSH_WAIT_MS = 2 * PUSH_INTERVAL_MS + 1000;

/**
 * The coordinator's side of the merge: each agent's pushes, in order and
 * once each, go into the run's engine and LLM tallies; an agent's last push
 * says it is done. Stops travel back in the answers.
 */
export class PushTally {
  private readonly lastSeq = new Map<string, number>();
  private readonly durations = new Map<string, number>();
  private readonly saturated = new Set<number>();
  /** Each agent's own load-generator health, by index, from its last push. */
  private readonly health = new Map<number, HealthValues>();
  private readonly ended = new Set<string>();
  /** By summed gauge: each agent's latest value. */
  private readonly gauges = new Map<string, Map<string, number>>();
  private wake: (() => void) | undefined;

  constructor(
    private readonly c: {
      engine: MetricsEngine;
      llm: LlmRunStats;
      agents: number;
      stop(reason: StopReason): void;
      stopped(): StopReason | undefined;
      warn(message: string): void;
    },
  ) {}

  push(agent: AgentEntry, push: PushRequest): PushReply {
    if (push.seq > (this.lastSeq.get(agent.id) ?? -1) && !agent.lost) {
      this.lastSeq.set(agent.id, push.seq);
      if (push.delta) {
        this.sumGauges(agent.id, push.delta);
        mergeState(this.c.engine, push.delta, { llm: this.c.llm });
      }
      if (push.aborted) this.c.stop({ kind: 'abort', reason: `${push.aborted} (agent ${agent.index})` });
      if (push.done) {
        agent.done = true;
        this.durations.set(agent.id, push.done.testRunDurationMs);
        if (push.done.saturated) this.saturated.add(agent.index);
        if (push.done.health) this.health.set(agent.index, push.done.health);
        this.end(agent.id);
      }
    }
    const s = this.c.stopped();
    return s ? { abort: describeStop(s) } : {};
  }

  /**
   * An agent stopped pushing: the test stops (exit 110), or with
   * --tolerate-agent-loss goes on without it. Either way no push of it is
   * waited for any more.
   */
  lose(agent: AgentEntry, why: string, tolerate: boolean): void {
    agent.lost = true;
    if (tolerate) this.c.warn(`${why}: going on without it (--tolerate-agent-loss); its part of the test is missing from the results`);
    else {
      this.c.warn(`${why}: stopping every agent (exit 110; --tolerate-agent-loss goes on without it)`);
      this.c.stop({ kind: 'agentLost', why });
    }
    this.end(agent.id);
  }

  /** An agent the coordinator saw go (a crashed thread of `run --threads`): the test stops (exit 110). */
  drop(agent: AgentEntry | undefined, why: string): void {
    this.c.stop({ kind: 'agentLost', why });
    if (!agent || agent.lost || agent.done) return;
    agent.lost = true;
    this.end(agent.id);
  }

  /** Resolves when every agent is done or lost, or a while after a stop (agents that do not answer it). */
  async finished(signal: AbortSignal): Promise<void> {
    const all = new Promise<void>((resolve) => {
      this.wake = () => this.ended.size >= this.c.agents && resolve();
      this.wake();
    });
    const stopped = new Promise<void>((resolve) => {
      const after = () => setTimeout(resolve, LAST_PUSH_WAIT_MS);
      if (signal.aborted) after();
      else signal.addEventListener('abort', after, { once: true });
    });
    await Promise.race([all, stopped]);
  }

  /** The longest test duration an agent reported (0 before any did). */
  longestAgentMs(): number {
    return Math.max(0, ...this.durations.values());
  }

  /** The summary's LOAD GENERATOR block from every agent's own (each agent, or thread, named). */
  healthContributor(who: 'agent' | 'thread'): SummaryContributor {
    return { summary: () => mergedHealthSection(this.health, who) };
  }

  saturatedAgents(): number[] {
    return [...this.saturated].sort((a, b) => a - b);
  }

  /** Takes the summed gauges out of `delta`, recording the sum of the agents' latest values instead. */
  private sumGauges(id: string, delta: RawState): void {
    for (const name of SUMMED_GAUGES) {
      const m = delta.metrics[name];
      if (!m) continue;
      delete delta.metrics[name];
      if (m.state === null || m.type !== 'gauge') continue;
      const latest = this.gauges.get(name) ?? new Map<string, number>();
      this.gauges.set(name, latest);
      latest.set(id, (m.state as RawGauge).value);
      const sink = (this.c.engine.get(name) ?? this.c.engine.addSubmetric(name)).sink;
      sink.add(
        [...latest.values()].reduce((a, b) => a + b, 0),
        (m.state as RawGauge).time,
      );
    }
  }

  private end(id: string): void {
    this.ended.add(id);
    this.wake?.();
  }
}

function describeStop(s: StopReason): string {
  switch (s.kind) {
    case 'signal':
      return `the coordinator got ${s.signal}`;
    case 'abort':
      return `test aborted: ${s.reason}`;
    case 'thresholds':
      return `thresholds on ${s.which} crossed (abortOnFail)`;
    case 'agentLost':
      return s.why;
  }
}

/** Agent `index` of `n`: equal segments `i/n:(i+1)/n` of the sequence `0,1/n,…,1`. */
export function equalSegments(index: number, n: number): { segment: string; sequence: string } {
  const at = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  return { segment: `${at(index)}:${at(index + 1)}`, sequence: Array.from({ length: n + 1 }, (_, i) => at(i)).join(',') };
}

/** What of the coordinator's flags every agent runs with. */
export function agentFlagsOf(f: RunFlags): AgentFlags {
  const { vus, duration, iterations, stage, env, tag, summaryTrendStats, scenario, includeSystemEnvVars, options, overrides, warmup, plugin, thresholds } = f;
  return { vus, duration, iterations, stage, env, tag, summaryTrendStats, scenario, includeSystemEnvVars, options, overrides, warmup, plugin, thresholds };
}
