import type { VusSchedule } from '../plugin-api/executor.js';
import type { Vu } from '../vu/types.js';
import { delay, monoNow } from './clock.js';
import { createErrorBackoff } from './error-backoff.js';
import { InFlight } from './in-flight.js';
import { createYielder } from './macrotask-yield.js';
import { ITERATION_OK } from '../vu/types.js';
import { inTestNumber, runIteration, type ScenarioContext } from './scenario-context.js';

/**
 * constant-vus and ramping-vus: VU slot k (1-based) loops iterations while
 * k <= the current target. A slot removed by a ramp-down finishes its
 * iteration within gracefulRampDown or is interrupted; at the end of the
 * duration running iterations get gracefulStop.
 */
export async function driveVus(ctx: ScenarioContext, s: VusSchedule): Promise<void> {
  const inFlight = new InFlight();
  const loops = new Map<number, Promise<void>>();
  const slotVu = new Map<number, Vu>();
  let target = 0;
  let ended = ctx.hardStop.aborted;
  const endedSignal = new AbortController();
  let iterationInTest = 0;
  const timers: NodeJS.Timeout[] = [];

  async function slotLoop(slot: number): Promise<void> {
    const vu = await ctx.pool.takeOrGrow();
    slotVu.set(slot, vu);
    ctx.stats.vus++;
    let mine = 0;
    const yieldNow = createYielder();
    const backoff = createErrorBackoff();
    // The loop's next iteration, asked when one ended ok inside the VU's I/O (runIteration's `loop`).
    const goOn = (): number => {
      if (ended || slot > target) return -1;
      backoff(ITERATION_OK);
      mine++;
      return inTestNumber(ctx, iterationInTest++);
    };
    try {
      while (!ended && slot <= target) {
        const it = runIteration(ctx, vu, mine++, inTestNumber(ctx, iterationInTest++), monoNow(), undefined, goOn);
        if (it instanceof Promise) inFlight.track(vu, it);
        const outcome = await it;
        if (outcome.status === 'interrupted' || outcome.status === 'aborted') break;
        const wait = backoff(outcome);
        if (wait > 0) await delay(wait, endedSignal.signal);
        await yieldNow();
      }
    } finally {
      slotVu.delete(slot);
      ctx.stats.vus--;
      ctx.pool.give(vu);
      loops.delete(slot);
    }
  }

  function setTarget(next: number): void {
    const prev = target;
    target = next;
    for (let slot = prev + 1; slot <= next; slot++) {
      if (!loops.has(slot)) loops.set(slot, slotLoop(slot));
    }
    if (next < prev && s.gracefulRampDown >= 0) {
      // Slots above the target stop after this iteration, or at gracefulRampDown.
      timers.push(
        setTimeout(() => {
          for (const [slot, vu] of slotVu) if (slot > target) vu.interrupt();
        }, s.gracefulRampDown),
      );
    }
  }

  const onHard = () => {
    ended = true;
    endedSignal.abort();
    inFlight.interruptAll();
  };
  ctx.hardStop.addEventListener('abort', onHard, { once: true });
  const start = monoNow();
  const progressTimer = setInterval(() => (ctx.stats.progress = Math.min(1, (monoNow() - start) / s.duration)), 250);

  for (const step of s.steps) {
    if (step.at <= 0) setTarget(step.vus);
    else if (step.at < s.duration) timers.push(setTimeout(() => !ended && setTarget(step.vus), step.at));
  }

  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, s.duration);
    ctx.hardStop.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
  ended = true;
  endedSignal.abort();
  for (const t of timers) clearTimeout(t);
  await inFlight.drain(ctx.scenario.gracefulStop, ctx.hardStop);
  while (loops.size > 0) await Promise.all([...loops.values()]);
  clearInterval(progressTimer);
  ctx.hardStop.removeEventListener('abort', onHard);
  ctx.stats.progress = 1;
}
