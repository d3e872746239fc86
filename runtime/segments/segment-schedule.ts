import type { Arrival, ArrivalsSchedule, IterationsSchedule, Schedule, VusSchedule } from '../plugin-api/executor.js';
import type { ExecutionTuple } from './execution-tuple.js';

/** An arrival kept by a segment, with its number in the whole (unsegmented) schedule. */
export interface SegmentedArrival extends Arrival {
  /** 0-based index of the arrival in the global schedule: `exec.scenario.iterationInTest`. */
  inTest: number;
}

/** A schedule cut to one segment, and how its iterations are numbered in the whole test. */
export interface SegmentedSchedule {
  schedule: Schedule;
  /**
   * The test-wide number of this instance's `local`-th iteration (both
   * 0-based) for closed executors; arrival schedules carry it on each arrival.
   */
  iterationInTest(local: number): number;
}

/**
 * Cuts an executor's (global) schedule down to one execution segment, with
 * k6's rules: VU counts are scaled with the tuple's striping, so the segments
 * of a sequence add up to the global count at every step;
 * shared-iterations re-deals its iterations over the segments' VU shares;
 * arrival schedules keep the arrivals whose global number falls in this
 * segment's stripe of the sequence re-dealt over maxVUs. A segment that gets
 * no VUs gets no work.
 */
export function segmentSchedule(schedule: Schedule, tuple: ExecutionTuple): SegmentedSchedule {
  const byTuple = (local: number) => tuple.globalIndex(local);
  switch (schedule.kind) {
    case 'iterations':
      return segmentIterations(schedule, tuple);
    case 'vus':
      return { schedule: segmentVus(schedule, tuple), iterationInTest: byTuple };
    case 'arrivals':
      return { schedule: segmentArrivals(schedule, tuple), iterationInTest: byTuple };
  }
}

function segmentIterations(s: IterationsSchedule, tuple: ExecutionTuple): SegmentedSchedule {
  const vus = tuple.scale(s.vus);
  if (s.perVU) return { schedule: { ...s, vus }, iterationInTest: (k) => tuple.globalIndex(k) };
  // k6's shared-iterations: the iterations follow the VUs (the sequence re-dealt over `vus`).
  const byVus = tuple.resegment(s.vus);
  const iterations = byVus ? byVus.scale(s.iterations) : 0;
  return { schedule: { ...s, vus, iterations }, iterationInTest: (k) => (byVus ?? tuple).globalIndex(k) };
}

function segmentVus(s: VusSchedule, tuple: ExecutionTuple): VusSchedule {
  const steps: Array<{ at: number; vus: number }> = [];
  for (const step of s.steps) {
    const vus = tuple.scale(step.vus);
    // A global step that does not change this segment's count is no step here.
    if (steps.length === 0 || steps[steps.length - 1]!.vus !== vus) steps.push({ at: step.at, vus });
  }
  return { ...s, steps, maxVUs: tuple.scale(s.maxVUs) };
}

function segmentArrivals(s: ArrivalsSchedule, tuple: ExecutionTuple): ArrivalsSchedule {
  // k6's arrival-rate executors stripe their arrivals with the sequence re-dealt over maxVUs.
  const byMaxVus = tuple.resegment(s.maxVUs);
  const maxVUs = byMaxVus ? tuple.scale(s.maxVUs) : 0;
  return {
    kind: 'arrivals',
    duration: s.duration,
    preAllocatedVUs: tuple.scale(s.preAllocatedVUs),
    maxVUs,
    *arrivals(): Generator<SegmentedArrival, void, undefined> {
      if (!byMaxVus) return;
      const it = s.arrivals();
      for (let r = it.next(), g = 0; !r.done; r = it.next(), g++) {
        if (byMaxVus.owns(g)) yield { ...r.value, inTest: g };
      }
    },
  };
}

/**
 * Each instance computes the whole schedule and keeps its stripe, so random
 * arrivals (the arrival executors' `distribution: 'poisson' | 'gamma'`) must
 * be drawn from one seed everywhere; a seed picked per process would make the
 * union a different schedule. Returns the warning for such a config, if any.
 */
export function unseededArrivals(config: unknown): string | undefined {
  const c = config as { distribution?: unknown; seedGiven?: unknown } | undefined;
  if (!c || typeof c !== 'object' || c.seedGiven !== false || c.distribution === undefined || c.distribution === 'constant') return undefined;
  return `distribution "${String(c.distribution)}" has no "seed": every instance of the execution segment sequence draws its own arrivals; set the same seed in all of them so that together they run the one schedule`;
}

/** Whether a (segmented) schedule has anything to run: k6 skips a scenario whose segment got no VUs or no iterations. */
export function hasWork(s: Schedule): boolean {
  if (s.kind === 'iterations') return s.vus > 0 && s.iterations > 0;
  return s.maxVUs > 0;
}

/** What a segmented schedule leaves this instance, for the run header and `inspect`: "1 VU, 5 iterations". */
export function describeShare(s: Schedule): string {
  if (!hasWork(s)) return 'nothing (no VU of this scenario falls in this segment)';
  const vus = (n: number) => `${n} VU${n === 1 ? '' : 's'}`;
  if (s.kind === 'iterations') return `${vus(s.vus)}, ${s.iterations} iteration${s.iterations === 1 ? '' : 's'}${s.perVU ? ' each' : ''}`;
  if (s.kind === 'vus') return `up to ${vus(s.maxVUs)}`;
  const range = s.maxVUs > s.preAllocatedVUs ? `${s.preAllocatedVUs}-${s.maxVUs} VUs` : vus(s.maxVUs);
  return `${range}, this segment's stripe of the arrivals`;
}
