/**
 * Multi-turn chat state for one VU: the history of messages, to which each
 * user turn and each model reply is appended, and a think time between
 * turns. A Conversation lives in the VU's own module instance, so one created in init
 * code is one history per VU (across iterations); one created in the default
 * function is one conversation per iteration.
 */
import { sleep } from './index.js';
import type { Seed } from './workloads.js';

export type ChatMessage = {
  role: 'system' | 'user' | 'assistant';
  content: string;
};

export interface ConversationOptions {
  /** A system message kept at the start of the history. */
  system?: string;
  /** Keep only the last N user/assistant exchanges (the system message stays). Default: all. */
  maxTurns?: number;
  /** Seconds between turns: a number, or { min, max } drawn uniformly (seeded per VU). Default 0. */
  thinkTime?: number | { min: number; max: number };
  /** Seed of the think times (with __VU). Default 0. */
  seed?: Seed;
}

/** xmur3 + mulberry32: a tiny seeded generator for think times (the host's is not reachable here). */
function rng(key: string): () => number {
  let h = 1779033703 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h = Math.imul(h ^ key.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seconds(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
    throw new TypeError(`Conversation: ${what} must be a number of seconds ≥ 0, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Multi-turn chat history. Created in init code it is one history per VU
 * (kept across iterations); created in the default function, one per iteration.
 */
export class Conversation {
  /** The history to send: [system], user, assistant, user, ... */
  readonly messages: ChatMessage[] = [];
  readonly #maxTurns: number;
  readonly #think: { min: number; max: number };
  readonly #random: () => number;
  #turns = 0;

  constructor(options: ConversationOptions = {}) {
    const known = ['system', 'maxTurns', 'thinkTime', 'seed'];
    for (const k of Object.keys(options)) if (!known.includes(k)) throw new TypeError(`Conversation: unknown option "${k}" (known: ${known.join(', ')})`);
    if (options.system !== undefined) this.messages.push({ role: 'system', content: String(options.system) });
    const m = options.maxTurns;
    if (m !== undefined && !(Number.isSafeInteger(m) && m >= 1)) throw new TypeError(`Conversation: maxTurns must be an integer ≥ 1, got ${JSON.stringify(m)}`);
    this.#maxTurns = m ?? Infinity;
    const t = options.thinkTime ?? 0;
    this.#think =
      typeof t === 'number' ? { min: seconds(t, 'thinkTime'), max: t } : { min: seconds(t.min, 'thinkTime.min'), max: seconds(t.max, 'thinkTime.max') };
    if (this.#think.max < this.#think.min) throw new TypeError('Conversation: thinkTime.max is less than thinkTime.min');
    const vuId = (globalThis as { __VU?: number }).__VU ?? 0;
    this.#random = rng(`${typeof options.seed}:${options.seed ?? 0}:${vuId}`);
  }

  /** User turns so far. */
  get turns(): number {
    return this.#turns;
  }

  /** Appends a user turn; returns the messages to send (the history, a fresh array). */
  user(content: string): ChatMessage[] {
    if (typeof content !== 'string') throw new TypeError('Conversation.user(): content must be a string');
    this.messages.push({ role: 'user', content });
    this.#turns++;
    this.#trim();
    return this.messages.slice();
  }

  /** Appends the model's reply (e.g. `result.text` of client.chat()). */
  assistant(content: string): void {
    this.messages.push({ role: 'assistant', content: String(content ?? '') });
  }

  /** The next think time in seconds (seeded per VU). */
  thinkTime(): number {
    const { min, max } = this.#think;
    return min === max ? min : min + (max - min) * this.#random();
  }

  /** Sleeps the think time before the next turn. */
  think(): Promise<void> {
    const s = this.thinkTime();
    return s > 0 ? sleep(s) : Promise.resolve();
  }

  /** Forgets the history (keeps the system message). */
  reset(): void {
    this.messages.splice(this.messages[0]?.role === 'system' ? 1 : 0);
    this.#turns = 0;
  }

  #trim(): void {
    const start = this.messages[0]?.role === 'system' ? 1 : 0;
    const users: number[] = [];
    for (let i = start; i < this.messages.length; i++) if (this.messages[i]!.role === 'user') users.push(i);
    // Drop whole exchanges: everything before the oldest user turn we keep.
    if (users.length > this.#maxTurns) this.messages.splice(start, users[users.length - this.#maxTurns]! - start);
  }
}
