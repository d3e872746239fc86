/**
 * The serving model behind the mock: a continuous-batching engine in the
 * style of vLLM's scheduler, reduced to timing.
 *
 * - At most `maxConcurrency` sequences run at once, and their prompt plus
 *   generated tokens must fit in `kvCacheTokens`; other requests wait in a
 *   FIFO queue, so their first token is delayed by the wait (the knee).
 * - An admitted sequence writes its first chunk `ttft` ms later, then one
 *   chunk every `itl` ms, on absolute deadlines.
 * - When generated tokens overflow the KV cache, the newest running sequence
 *   is preempted (recompute): it goes back to the front of the queue and pays
 *   its prefill again on re-admission.
 */
import type { Timed, Timers } from './deadline-timers.js';

/** What a sequence does when its chunks come due (writes to the response). */
export interface SequenceHooks {
  /** Tokens [start, start + count) are generated now; `deadline` is when they were due. */
  onTokens(start: number, count: number, deadline: number): void;
  /** All `target` tokens were generated (or the sequence was stopped). */
  onFinish(): void;
  /** The sequence left the queue (first admission only), at time `at`. */
  onAdmit?(at: number): void;
}

export interface SequenceSpec {
  promptTokens: number;
  /** Tokens to generate before onFinish. */
  target: number;
  /** Delay from admission to the first chunk (ms), prefill included. Called again after a preemption. */
  firstDelay(resumedTokens: number): number;
  /** Gap before the next chunk (ms), given the running batch size. */
  nextGap(running: number): number;
  hooks: SequenceHooks;
}

export type SequenceState = 'waiting' | 'running' | 'done';

export class Sequence implements Timed {
  at = 0;
  heapIndex = -1;
  state: SequenceState = 'waiting';
  generated = 0;
  preemptions = 0;
  submittedAt = 0;
  admittedAt: number | undefined;
  /** Admission order, to find the newest running sequence. */
  admitOrder = 0;
  /** The pending deadline is the first token (TTFT): timed as precisely as the timers can. */
  precise = false;

  constructor(
    private readonly engine: Engine,
    readonly spec: SequenceSpec,
  ) {}

  fire(): void {
    this.engine.step(this);
  }

  /** KV-cache tokens this sequence holds while running. */
  get kv(): number {
    return this.spec.promptTokens + this.generated;
  }
}

export interface EngineStats {
  running: number;
  waiting: number;
  kvUsed: number;
  kvCapacity: number;
  preemptions: number;
  promptTokens: number;
  generationTokens: number;
  finished: number;
}

export interface EngineConfig {
  maxConcurrency: number;
  kvCacheTokens: number;
  tokensPerChunk: number;
  /** Called with the queue time (ms) of each first admission (the queue-time histogram). */
  onQueueTime?(ms: number): void;
}

export class Engine {
  private readonly running = new Set<Sequence>();
  /** FIFO of new requests; `head` avoids O(n) shifts. */
  private queue: Sequence[] = [];
  private head = 0;
  /** Preempted sequences, resumed before new ones (newest preempted first, as vLLM). */
  private readonly preempted: Sequence[] = [];
  private waitingCount = 0;
  private admitCounter = 0;
  private kvUsed = 0;
  private readonly totals = { preemptions: 0, promptTokens: 0, generationTokens: 0, finished: 0 };

  constructor(
    private readonly timers: Timers,
    private readonly config: EngineConfig,
  ) {}

  stats(): EngineStats {
    return {
      running: this.running.size,
      waiting: this.waitingCount,
      kvUsed: this.kvUsed,
      kvCapacity: this.config.kvCacheTokens,
      ...this.totals,
    };
  }

  /** Whether a prompt of this size can ever be admitted. */
  fits(promptTokens: number): boolean {
    return promptTokens + 1 <= this.config.kvCacheTokens;
  }

  /**
   * `arrivedAt` is when the request arrived (before its body was read and
   * parsed): a request admitted at once counts its TTFT from then.
   */
  submit(spec: SequenceSpec, arrivedAt = this.timers.now()): Sequence {
    const seq = new Sequence(this, spec);
    seq.submittedAt = arrivedAt;
    this.queue.push(seq);
    this.waitingCount++;
    this.admitWaiting(arrivedAt);
    return seq;
  }

  /** Client went away: free its slot at once. */
  cancel(seq: Sequence): void {
    if (seq.state === 'done') return;
    if (seq.state === 'running') this.release(seq);
    else this.waitingCount--; // stays in the queue array, skipped when reached
    seq.state = 'done';
    this.timers.cancel(seq);
    this.admitWaiting();
  }

  /** Timer callback: the sequence's next chunk is due. */
  step(seq: Sequence): void {
    if (seq.state !== 'running') return;
    const deadline = seq.at;
    const remaining = seq.spec.target - seq.generated;
    if (remaining > 0) {
      const count = Math.min(this.config.tokensPerChunk, remaining);
      const start = seq.generated;
      seq.generated += count;
      this.kvUsed += count;
      this.totals.generationTokens += count;
      seq.spec.hooks.onTokens(start, count, deadline);
    }
    if (seq.state !== 'running') return; // the hook cancelled it (socket gone)
    if (seq.generated >= seq.spec.target) {
      this.release(seq);
      seq.state = 'done';
      this.totals.finished++;
      seq.spec.hooks.onFinish();
      this.admitWaiting();
      return;
    }
    // Deadlines chain from the previous deadline, so timer jitter never accumulates;
    // but once the schedule has fallen a whole gap behind (a stall), it restarts
    // from now rather than bursting the missed chunks out back to back.
    const gap = seq.spec.nextGap(this.running.size);
    const now = this.timers.now();
    seq.precise = false;
    this.timers.schedule(seq, deadline + gap < now ? now + gap : deadline + gap);
    while (this.kvUsed > this.config.kvCacheTokens && this.running.size > 1) this.preemptNewest();
  }

  private release(seq: Sequence): void {
    this.running.delete(seq);
    this.kvUsed -= seq.kv;
  }

  private preemptNewest(): void {
    let victim: Sequence | undefined;
    for (const s of this.running) if (!victim || s.admitOrder > victim.admitOrder) victim = s;
    if (!victim) return;
    this.timers.cancel(victim);
    this.release(victim);
    victim.state = 'waiting';
    victim.preemptions++;
    this.totals.preemptions++;
    this.preempted.push(victim);
    this.waitingCount++;
  }

  private nextWaiting(): Sequence | undefined {
    for (;;) {
      const p = this.preempted[this.preempted.length - 1];
      if (p) {
        if (p.state === 'waiting') return p;
        this.preempted.pop();
        continue;
      }
      const q = this.queue[this.head];
      if (!q) return undefined;
      if (q.state === 'waiting') return q;
      this.shift();
    }
  }

  private shift(): void {
    this.head++;
    // Compact now and then so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  private admitWaiting(at?: number): void {
    const now = at ?? this.timers.now();
    for (;;) {
      if (this.running.size >= this.config.maxConcurrency) return;
      const seq = this.nextWaiting();
      if (!seq) return;
      // Room for its tokens so far plus the next chunk; an empty engine always admits.
      if (this.running.size > 0 && this.kvUsed + seq.kv + this.config.tokensPerChunk > this.config.kvCacheTokens) return;
      if (this.preempted[this.preempted.length - 1] === seq) this.preempted.pop();
      else this.shift();
      this.waitingCount--;
      const resumed = seq.admittedAt !== undefined;
      seq.state = 'running';
      seq.admitOrder = ++this.admitCounter;
      this.running.add(seq);
      this.kvUsed += seq.kv;
      if (!resumed) {
        seq.admittedAt = now;
        this.totals.promptTokens += seq.spec.promptTokens;
        this.config.onQueueTime?.(now - seq.submittedAt);
        seq.spec.hooks.onAdmit?.(now);
      }
      seq.precise = seq.generated === 0;
      this.timers.schedule(seq, now + seq.spec.firstDelay(resumed ? seq.generated : 0));
    }
  }
}
