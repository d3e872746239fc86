import type { IterationsSchedule } from '../plugin-api/executor.js';
import { delay, monoNow } from './clock.js';
import { createErrorBackoff } from './error-backoff.js';
import { InFlight } from './in-flight.js';
import { createYielder } from './macrotask-yield.js';
import { ITERATION_OK } from '../vu/types.js';
import { inTestNumber, runIteration, type ScenarioContext } from './scenario-context.js';

/** shared-iterations and per-vu-iterations: fixed work, bounded by maxDuration. */
export async function driveIterations(ctx: ScenarioContext, s: IterationsSchedule): Promise<void> {
  const inFlight = new InFlight();
  const total = s.perVU ? s.iterations * s.vus : s.iterations;
  let claimed = 0;
  let stopped = ctx.hardStop.aborted;
  const stoppedSignal = new AbortController();
  const stop = () => {
    stopped = true;
    stoppedSignal.abort();
  };
  const stopTimer = setTimeout(stop, s.maxDuration);
  const onHard = () => {
    stop();
    inFlight.interruptAll();
  };
  ctx.hardStop.addEventListener('abort', onHard, { once: true });

  async function loop(): Promise<void> {
    const vu = await ctx.pool.takeOrGrow();
    ctx.stats.vus++;
    let mine = 0;
    const yieldNow = createYielder();
    const backoff = createErrorBackoff();
    const more = () => !stopped && (s.perVU ? mine < s.iterations : claimed < total);
    // The loop's next iteration, asked when one ended ok inside the VU's I/O (runIteration's `loop`).
    const goOn = (): number => {
      if (!more()) return -1;
      // The iteration that just ended is counted as the next one starts.
      ctx.stats.progress = (ctx.stats.completed + 1) / total;
      backoff(ITERATION_OK);
      mine++;
      return inTestNumber(ctx, claimed++);
    };
    try {
      while (more()) {
        const it = runIteration(ctx, vu, mine++, inTestNumber(ctx, claimed++), monoNow(), undefined, goOn);
        if (it instanceof Promise) inFlight.track(vu, it);
        const outcome = await it;
        ctx.stats.progress = ctx.stats.completed / total;
        if (outcome.status === 'interrupted' || outcome.status === 'aborted') break;
        const wait = backoff(outcome);
        if (wait > 0 && !stopped && (s.perVU ? mine < s.iterations : claimed < total)) await delay(wait, stoppedSignal.signal);
        await yieldNow();
      }
    } finally {
      ctx.stats.vus--;
      ctx.pool.give(vu);
    }
  }

  const loops = Array.from({ length: s.vus }, loop);
  // When maxDuration passes, running iterations get gracefulStop to finish.
  const graceful = new Promise<void>((resolve) => {
    const t = setTimeout(() => void inFlight.drain(ctx.scenario.gracefulStop, ctx.hardStop).then(resolve), s.maxDuration);
    void Promise.all(loops).then(() => {
      clearTimeout(t);
      resolve();
    });
  });
  await graceful;
  await Promise.all(loops);
  clearTimeout(stopTimer);
  ctx.hardStop.removeEventListener('abort', onHard);
  ctx.stats.progress = 1;
}
