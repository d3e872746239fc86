import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ArrivalsSchedule, IterationsSchedule, Schedule, VusSchedule } from '../../runtime/plugin-api/executor.js';
import { parseSegment, parseSequence } from '../../runtime/segments/execution-segment.js';
import { executionTuple, type ExecutionTuple } from '../../runtime/segments/execution-tuple.js';
import { describeShare, hasWork, type SegmentedArrival, segmentSchedule, unseededArrivals } from '../../runtime/segments/segment-schedule.js';
import { executorRegistry } from '../support/registry.js';

const registry = executorRegistry();
const dir = mkdtempSync(path.join(tmpdir(), 'llmload-segments-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function schedule(executor: string, raw: Record<string, unknown>): Schedule {
  const p = registry.get(executor, 'scenario "s"');
  return p.schedule(p.validate(raw, { scenario: 's', cwd: dir }));
}

/** Every segment of a sequence, as tuples. */
function tuples(seq: string): ExecutionTuple[] {
  const segments = parseSequence(seq, 'x');
  return segments.map((s) => executionTuple(s, segments));
}

function arrivals(s: ArrivalsSchedule): SegmentedArrival[] {
  const out: SegmentedArrival[] = [];
  const it = s.arrivals();
  for (let r = it.next(); !r.done; r = it.next()) out.push(r.value as SegmentedArrival);
  return out;
}

const SEQUENCES = ['0,1/2,1', '0,1/3,2/3,1', '0,1/4,1/2,3/4,1', '0,0.3,0.5,0.6,0.7,0.8,0.9,1', '0,1/13,2/13,1/3,1/2,3/4,1'];

/** The segments' arrivals are disjoint and together are exactly the single process's, in the same global order. */
function expectUnion(global: Schedule, seq: string): SegmentedArrival[][] {
  const all = arrivals(global as ArrivalsSchedule);
  const parts = tuples(seq).map((t) => arrivals(segmentSchedule(global, t).schedule as ArrivalsSchedule));
  const union = parts.flat().sort((a, b) => a.inTest - b.inTest);
  expect(new Set(union.map((a) => a.inTest)).size).toBe(union.length);
  expect(union.map((a) => a.inTest)).toEqual(all.map((_, i) => i));
  expect(union.map((a) => a.at)).toEqual(all.map((a) => a.at));
  expect(union.map((a) => a.data)).toEqual(all.map((a) => a.data));
  for (const p of parts) for (let i = 1; i < p.length; i++) expect(p[i]!.at).toBeGreaterThanOrEqual(p[i - 1]!.at);
  return parts;
}

describe('arrival schedules: the union of the segments is the single-process schedule', () => {
  const car = schedule('constant-arrival-rate', { rate: 50, duration: '10s', preAllocatedVUs: 10, maxVUs: 40 });
  const poisson = schedule('constant-arrival-rate', { rate: 37, duration: '10s', preAllocatedVUs: 7, maxVUs: 23, distribution: 'poisson', seed: 42 });
  const ramp = schedule('ramping-arrival-rate', {
    startRate: 2,
    preAllocatedVUs: 5,
    maxVUs: 13,
    stages: [
      { duration: '5s', target: 60 },
      { duration: '3s', target: 60 },
      { duration: '4s', target: 0 },
    ],
  });

  it.each(SEQUENCES)('constant-arrival-rate, sequence %s', (seq) => {
    const parts = expectUnion(car, seq);
    // 500 arrivals dealt over the maxVUs shares: each segment gets its VU share of them, ±1 per stripe cycle.
    expect(parts.reduce((a, p) => a + p.length, 0)).toBe(500);
  });
  it.each(SEQUENCES)('constant-arrival-rate with poisson arrivals (seed 42), sequence %s', (seq) => {
    expectUnion(poisson, seq);
  });
  it.each(SEQUENCES)('ramping-arrival-rate, sequence %s', (seq) => {
    expectUnion(ramp, seq);
  });

  it.each(SEQUENCES)('trace-replay (payloads travel with their arrival), sequence %s', (seq) => {
    const lines = Array.from({ length: 97 }, (_, i) => JSON.stringify({ timestamp: i * 37, input_length: 10 + i, output_length: 5, hash_ids: [i] }));
    writeFileSync(path.join(dir, 'trace.jsonl'), `${lines.join('\n')}\n`);
    expectUnion(schedule('trace-replay', { file: 'trace.jsonl', preAllocatedVUs: 3, maxVUs: 9 }), seq);
  });

  it('halves of 0,1/2,1 take alternate arrivals; VUs are scaled with the striping', () => {
    const [a, b] = tuples('0,1/2,1').map((t) => segmentSchedule(car, t).schedule as ArrivalsSchedule);
    expect(
      arrivals(a!)
        .slice(0, 3)
        .map((x) => x.inTest),
    ).toEqual([0, 2, 4]);
    expect(
      arrivals(b!)
        .slice(0, 3)
        .map((x) => x.inTest),
    ).toEqual([1, 3, 5]);
    expect([a!.preAllocatedVUs, a!.maxVUs, b!.preAllocatedVUs, b!.maxVUs]).toEqual([5, 20, 5, 20]);
  });

  it('a segment without VUs gets no arrivals (k6 re-deals the arrivals over maxVUs)', () => {
    const one = schedule('constant-arrival-rate', { rate: 10, duration: '2s', preAllocatedVUs: 1 });
    const [a, b] = tuples('0,1/2,1').map((t) => segmentSchedule(one, t).schedule as ArrivalsSchedule);
    expect(arrivals(a!)).toHaveLength(20);
    expect(arrivals(b!)).toHaveLength(0);
    expect(b!.maxVUs).toBe(0);
    expect([hasWork(a!), hasWork(b!)]).toEqual([true, false]);
  });
});

describe('closed schedules', () => {
  it('shared-iterations: VUs and iterations split exactly (10 over 2 VUs in halves: 5 + 5)', () => {
    const s = schedule('shared-iterations', { vus: 2, iterations: 10 });
    const parts = tuples('0,1/2,1').map((t) => segmentSchedule(s, t).schedule as IterationsSchedule);
    expect(parts.map((p) => [p.vus, p.iterations])).toEqual([
      [1, 5],
      [1, 5],
    ]);
  });

  it.each(SEQUENCES)('shared-iterations 7 VUs, 101 iterations, sequence %s: sums are exact; numbers disjoint', (seq) => {
    const s = schedule('shared-iterations', { vus: 7, iterations: 101 });
    const cut = tuples(seq).map((t) => segmentSchedule(s, t));
    const parts = cut.map((c) => c.schedule as IterationsSchedule);
    expect(parts.reduce((a, p) => a + p.vus, 0)).toBe(7);
    expect(parts.reduce((a, p) => a + p.iterations, 0)).toBe(101);
    for (const p of parts) expect(p.vus === 0).toBe(p.iterations === 0);
    const numbers = cut.flatMap((c, i) => Array.from({ length: parts[i]!.iterations }, (_, k) => c.iterationInTest(k)));
    expect(numbers.sort((x, y) => x - y)).toEqual(Array.from({ length: 101 }, (_, k) => k));
  });

  it('per-vu-iterations scales the VUs only', () => {
    const s = schedule('per-vu-iterations', { vus: 5, iterations: 3 });
    const parts = tuples('0,1/3,2/3,1').map((t) => segmentSchedule(s, t).schedule as IterationsSchedule);
    expect(parts.map((p) => [p.vus, p.iterations])).toEqual([
      [2, 3],
      [2, 3],
      [1, 3],
    ]);
  });

  it.each(SEQUENCES)('ramping-vus, sequence %s: at every instant the segments hold exactly the global VU count', (seq) => {
    const s = schedule('ramping-vus', {
      startVUs: 3,
      stages: [
        { duration: '10s', target: 17 },
        { duration: '5s', target: 17 },
        { duration: '0s', target: 4 },
        { duration: '8s', target: 0 },
      ],
    }) as VusSchedule;
    const parts = tuples(seq).map((t) => segmentSchedule(s, t).schedule as VusSchedule);
    const at = (v: VusSchedule, t: number) => [...v.steps].reverse().find((x) => x.at <= t)!.vus;
    for (const step of s.steps) expect(parts.reduce((a, p) => a + at(p, step.at), 0)).toBe(step.vus);
    expect(parts.reduce((a, p) => a + p.maxVUs, 0)).toBe(17);
    for (const p of parts) {
      expect(p.steps[0]!.at).toBe(0);
      for (let i = 1; i < p.steps.length; i++) expect(p.steps[i]!.vus).not.toBe(p.steps[i - 1]!.vus);
    }
  });

  it('constant-vus with fewer VUs than segments: the segments without a VU have no work', () => {
    const s = schedule('constant-vus', { vus: 1, duration: '5s' });
    const parts = tuples('0,1/2,1').map((t) => segmentSchedule(s, t).schedule);
    expect(parts.map(hasWork)).toEqual([true, false]);
  });

  it("VU ids and iteration numbers follow the segment's stripe (k6's SegmentedIndex)", () => {
    const t = executionTuple(parseSegment('1/2:3/4', 'x'), parseSequence('0,1/2,3/4,1', 'x'));
    const s = schedule('constant-vus', { vus: 8, duration: '5s' });
    const cut = segmentSchedule(s, t);
    expect((cut.schedule as VusSchedule).maxVUs).toBe(2);
    expect([0, 1, 2].map(cut.iterationInTest)).toEqual([1, 5, 9]);
  });
});

describe('random arrivals need one seed for all instances', () => {
  const config = (raw: Record<string, unknown>) =>
    registry.get('constant-arrival-rate', 'scenario "s"').validate({ rate: 5, duration: '2s', preAllocatedVUs: 2, ...raw }, { scenario: 's', cwd: dir });
  it('warns for poisson or gamma without a seed, not with one or for constant arrivals', () => {
    expect(unseededArrivals(config({ distribution: 'poisson' }))).toMatch(/distribution "poisson" has no "seed"/);
    expect(unseededArrivals(config({ distribution: 'gamma', burstiness: 2 }))).toMatch(/distribution "gamma" has no "seed"/);
    expect(unseededArrivals(config({ distribution: 'poisson', seed: 3 }))).toBeUndefined();
    expect(unseededArrivals(config({}))).toBeUndefined();
    expect(unseededArrivals({ vus: 2, iterations: 10 })).toBeUndefined();
  });
});

describe('describeShare (run header, inspect)', () => {
  it("says what a segment's share of each schedule is", () => {
    const [half] = tuples('0,1/2,1');
    const share = (executor: string, raw: Record<string, unknown>) => describeShare(segmentSchedule(schedule(executor, raw), half!).schedule);
    expect(share('shared-iterations', { vus: 2, iterations: 10 })).toBe('1 VU, 5 iterations');
    expect(share('per-vu-iterations', { vus: 4, iterations: 3 })).toBe('2 VUs, 3 iterations each');
    expect(share('constant-vus', { vus: 5, duration: '1s' })).toBe('up to 3 VUs');
    expect(share('constant-arrival-rate', { rate: 5, duration: '1s', preAllocatedVUs: 2, maxVUs: 6 })).toBe("1-3 VUs, this segment's stripe of the arrivals");
    const second = tuples('0,1/2,1')[1]!;
    expect(describeShare(segmentSchedule(schedule('constant-vus', { vus: 1, duration: '1s' }), second).schedule)).toMatch(/^nothing/);
  });
});
