import type { Arrival, ArrivalsSchedule } from '../plugin-api/executor.js';
import type { SegmentedArrival } from '../segments/segment-schedule.js';
import type { Vu } from '../vu/types.js';
import { monoNow, wallTime } from './clock.js';
import { InFlight } from './in-flight.js';
import { runIteration, type ScenarioContext } from './scenario-context.js';

/** An arrival this late is part of a backlog: it starts in the same turn as the one before it. */
const CATCH_UP_MS = 2;

/**
 * Arrival-rate executors (and any executor with an arrivals schedule, such as
 * trace replay). Iterations start at absolute due times (scenario start + at),
 * never by relative sleeps, so timer jitter delays an iteration but never
 * loses or accumulates. An arrival with no idle VU is dropped and counted; one
 * more VU is then initialised in the background, up to maxVUs.
 */
export async function driveArrivals(ctx: ScenarioContext, s: ArrivalsSchedule, warn: (msg: string) => void): Promise<void> {
  const driver = new ArrivalDriver(ctx, s, warn);
  await driver.preallocate();
  await driver.run();
  await driver.drain();
}

/** One arrivals scenario's VUs (idle, busy, being made) and its walk through the schedule. */
class ArrivalDriver {
  private readonly inFlight = new InFlight();
  private readonly idle: Vu[] = [];
  private readonly perVu = new Map<Vu, number>();
  private allocated = 0;
  private growing = 0;
  private dropsWhileGrowing = 0;
  private warnedMax = false;
  private iterationInTest = 0;
  private start = 0;

  constructor(
    private readonly ctx: ScenarioContext,
    private readonly s: ArrivalsSchedule,
    private readonly warn: (msg: string) => void,
  ) {}

  async preallocate(): Promise<void> {
    for (let i = 0; i < this.s.preAllocatedVUs; i++) this.idle.push(await this.ctx.pool.takeOrGrow());
    this.allocated = this.idle.length;
    this.ctx.stats.vus = this.allocated;
  }

  /** Starts every arrival at its due time until the schedule ends (or the hard stop). */
  run(): Promise<void> {
    const { ctx, s } = this;
    const start = (this.start = ctx.startMono);
    const end = start + s.duration;
    const it = s.arrivals();
    let next: IteratorResult<Arrival> = it.next();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = () => {
        if (timer) clearTimeout(timer);
        ctx.hardStop.removeEventListener('abort', finish);
        resolve();
      };
      ctx.hardStop.addEventListener('abort', finish, { once: true });
      const tick = () => {
        timer = undefined;
        if (ctx.hardStop.aborted) return;
        const now = monoNow();
        ctx.stats.progress = Math.min(1, (now - start) / s.duration);
        // Start everything that is due: late arrivals start late, none is skipped. undici writes a
        // request on a reused connection one turn after it is dispatched (it first lets a FIN already
        // on the idle socket arrive), so an arrival due with the one just started waits one turn, not
        // to hold that one's bytes back behind its own script (0.5–2 ms building a prompt); arrivals
        // already CATCH_UP_MS late (a backlog) start at once. An iteration that ends inside startOne may
        // abort the test (exec.test.abort) within this turn.
        while (!next.done && start + next.value.at <= now && next.value.at < s.duration && !ctx.hardStop.aborted) {
          this.startOne(next.value);
          next = it.next();
          const t = monoNow();
          if (!next.done && start + next.value.at <= t && start + next.value.at > t - CATCH_UP_MS) {
            setImmediate(tick);
            return;
          }
        }
        if (ctx.hardStop.aborted) return;
        if (next.done || next.value.at >= s.duration) {
          const rest = end - monoNow();
          if (rest > 0) timer = setTimeout(finish, rest);
          else finish();
          return;
        }
        // Sleep until the next arrival: never spin, even for the last millisecond (a turn-by-turn wait
        // for an arrival less than 1 ms away kept a core busy at 1,000/s). Node's timers count whole
        // milliseconds from the loop's cached clock, so a wake-up can come early (tick re-arms for what
        // is left) or up to about a millisecond late; that lateness is iteration_schedule_lag.
        const wait = start + next.value.at - monoNow();
        timer = setTimeout(tick, Math.max(1, Math.ceil(wait)));
      };
      tick();
    });
  }

  /** Waits for the iterations in flight (gracefulStop), and for VUs still being made; gives every VU back. */
  async drain(): Promise<void> {
    const { ctx, inFlight } = this;
    const onHard = () => inFlight.interruptAll();
    ctx.hardStop.addEventListener('abort', onHard, { once: true });
    if (ctx.hardStop.aborted) inFlight.interruptAll();
    await inFlight.drain(ctx.scenario.gracefulStop, ctx.hardStop);
    ctx.hardStop.removeEventListener('abort', onHard);
    while (this.growing > 0) await new Promise((r) => setTimeout(r, 5));
    for (const vu of this.idle) ctx.pool.give(vu);
    ctx.stats.vus = 0;
    ctx.stats.progress = 1;
  }

  private startOne(a: Arrival): void {
    const { ctx, idle } = this;
    const vu = idle.pop();
    if (!vu) return this.drop();
    const mine = this.perVu.get(vu) ?? 0;
    this.perVu.set(vu, mine + 1);
    // A segment's arrivals carry their number in the whole schedule (exec.scenario.iterationInTest).
    const inTest = (a as Partial<SegmentedArrival>).inTest ?? this.iterationInTest++;
    const run = runIteration(ctx, vu, mine, inTest, this.start + a.at, a.data);
    if (!(run instanceof Promise)) idle.push(vu);
    else {
      this.inFlight.track(vu, run);
      void run.then(() => idle.push(vu));
    }
  }

  /** No idle VU: the arrival is dropped and counted, and one more VU is made if maxVUs allows. */
  private drop(): void {
    const { ctx, s } = this;
    ctx.stats.dropped++;
    ctx.sink.push({ metric: 'dropped_iterations', time: wallTime(), value: 1, tags: ctx.tags });
    if (this.allocated + this.growing < s.maxVUs) {
      // One VU initialises at a time: init runs on this thread, so starting one per dropped
      // arrival would stall the schedule further and cascade to maxVUs.
      if (this.growing === 0) this.growOne();
      else this.dropsWhileGrowing++;
    } else if (!this.warnedMax) {
      this.warnedMax = true;
      this.warn(`scenario "${ctx.scenario.name}": insufficient VUs, reached ${s.maxVUs} active VUs and cannot initialize more`);
    }
  }

  private growOne(): void {
    const { ctx, s } = this;
    this.growing++;
    this.dropsWhileGrowing = 0;
    void ctx.pool.takeOrGrow().then((v) => {
      this.growing--;
      this.allocated++;
      ctx.stats.vus = this.allocated;
      this.idle.push(v);
      // Still short of VUs while this one was made: make the next one, after due arrivals ran.
      if (this.dropsWhileGrowing > 0 && this.allocated < s.maxVUs) setImmediate(() => this.growing === 0 && !ctx.hardStop.aborted && this.growOne());
    });
  }
}
