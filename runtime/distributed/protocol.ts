/**
 * The coordinator ⇄ agent protocol: JSON over HTTP, agents always ask (so an
 * agent behind NAT or in a Job works), the coordinator answers.
 *
 *   GET  /v1/archive   the script archive (digest-named)
 *   POST /v1/register  an agent joins: its index, segment and the run's flags
 *   POST /v1/ready     init barrier: answered when every agent is ready and
 *                      setup() ran once, with setup()'s data and the start instant
 *   POST /v1/push      every second: the agent's metric deltas; the answer says
 *                      whether to stop (abort, Ctrl-C, abortOnFail, a lost agent)
 */
import type { RunFlags } from '../cli/flags.js';
import type { HealthValues } from '../health/section.js';
import type { RawState } from './raw-state.js';

/** Bumped when a message changes shape; agents of another version are refused. */
export const PROTOCOL_VERSION = 1;

/** How often agents push (ms); an agent that misses `MISSED_PUSHES` in a row is lost. */
export const PUSH_INTERVAL_MS = 1000;
export const MISSED_PUSHES = 3;
/**
 * Before it is ready an agent initialises its VUs, which holds its event loop
 * (and its heartbeats) for seconds with thousands of VUs on a busy machine:
 * it is lost only after this long a silence.
 */
export const INIT_SILENCE_MS = 60_000;

export interface RegisterRequest {
  protocol: number;
  /** llmload's version: agents must run the coordinator's. */
  version: string;
  /** Where the agent runs (host:pid), the `instance` tag of its own outputs. */
  instance: string;
  /** --index or JOB_COMPLETION_INDEX; absent: the coordinator picks the lowest free one. */
  index?: number;
  /** The digest of the agent's own copy of the script's files, when it has one. */
  digest?: string;
}

export interface RegisterReply {
  agent: string;
  index: number;
  agents: number;
  /** k6 execution segment and sequence of this agent (`i/N:(i+1)/N`, `0,1/N,…,1`). */
  segment: string;
  sequence: string;
  testid: string;
  /** The coordinator's run flags that shape the test (env, tags, options, overrides). */
  flags: AgentFlags;
  /** Sub-metrics the coordinator's thresholds need, so every agent aggregates them too. */
  submetrics: string[];
}

/** The part of the coordinator's RunFlags an agent runs with (no outputs, exports or summary). */
export type AgentFlags = Pick<
  RunFlags,
  | 'vus'
  | 'duration'
  | 'iterations'
  | 'stage'
  | 'env'
  | 'tag'
  | 'summaryTrendStats'
  | 'scenario'
  | 'includeSystemEnvVars'
  | 'options'
  | 'overrides'
  | 'warmup'
  | 'plugin'
  /** The coordinator's --no-thresholds (agents judge none; their raw exports carry the test's). */
  | 'thresholds'
>;

export interface ReadyReply {
  /** setup()'s return value as JSON (undefined when there is none). */
  setupData?: string;
  /** Epoch ms at which every agent starts its scenarios. */
  startAt: number;
  /** Set instead when the test stopped before it started. */
  abort?: string;
}

export interface PushRequest {
  agent: string;
  seq: number;
  /** The samples since the previous push, aggregated (exact, mergeable); none before the test starts (a heartbeat). */
  delta?: RawState;
  /** The agent's test ended (its last push). */
  done?: { testRunDurationMs: number; saturated: boolean; health?: HealthValues };
  /** exec.test.abort() was called in this agent. */
  aborted?: string;
}

export interface PushReply {
  /** Stop the test: why. */
  abort?: string;
}

/** The refusal of a request, with the reason the agent prints. */
export interface ErrorReply {
  error: string;
}
