import { executorRegistry } from '../support/registry.js';
import { describe, expect, it } from 'vitest';
import type { ExecutorPlugin, Schedule, VusSchedule } from '../../runtime/plugin-api/executor.js';
import { rampingVuSteps } from '../../plugins/executors/ramping-vus.js';

const registry = executorRegistry();
const ctx = { scenario: 's', cwd: '/tmp' };

function plan(executor: string, raw: Record<string, unknown>): { p: ExecutorPlugin; config: unknown; s: Schedule } {
  const p = registry.get(executor, 'scenario "s"');
  const config = p.validate(raw, ctx);
  return { p, config, s: p.schedule(config) };
}

describe('ramping-vus steps', () => {
  it('0 → 10 over 10s: one VU more each second', () => {
    expect(rampingVuSteps(0, [{ duration: 10_000, target: 10 }])).toEqual(Array.from({ length: 11 }, (_, v) => ({ at: v * 1000, vus: v })));
  });

  it('ramp down, jump, plateau, ramp down to 0', () => {
    const steps = rampingVuSteps(5, [
      { duration: 2000, target: 5 },
      { duration: 1000, target: 3 },
      { duration: 0, target: 8 },
      { duration: 2000, target: 8 },
      { duration: 4000, target: 0 },
    ]);
    expect(steps).toEqual([
      { at: 0, vus: 5 },
      { at: 2500, vus: 4 },
      { at: 3000, vus: 8 },
      { at: 5500, vus: 7 },
      { at: 6000, vus: 6 },
      { at: 6500, vus: 5 },
      { at: 7000, vus: 4 },
      { at: 7500, vus: 3 },
      { at: 8000, vus: 2 },
      { at: 8500, vus: 1 },
      { at: 9000, vus: 0 },
    ]);
  });

  it('k6 shortcut shape: startVUs 1 up to 4 over 3s, then back to 2 over 4s', () => {
    const { s, p, config } = plan('ramping-vus', {
      startVUs: 1,
      stages: [
        { duration: '3s', target: 4 },
        { duration: '4s', target: 2 },
      ],
    });
    expect(s).toEqual({
      kind: 'vus',
      steps: [
        { at: 0, vus: 1 },
        { at: 1000, vus: 2 },
        { at: 2000, vus: 3 },
        { at: 3000, vus: 4 },
        { at: 5000, vus: 3 },
        { at: 7000, vus: 2 },
      ],
      duration: 7000,
      gracefulRampDown: 30_000,
      maxVUs: 4,
    } satisfies VusSchedule);
    expect(p.maxDuration(config)).toBe(7000);
    expect(p.describe(config)).toBe('Up to 4 looping VUs for 7s over 2 stages (gracefulRampDown: 30s)');
  });

  it('a same-time jump that undoes a step removes it', () => {
    expect(
      rampingVuSteps(1, [
        { duration: 1000, target: 2 },
        { duration: 0, target: 1 },
      ]),
    ).toEqual([{ at: 0, vus: 1 }]);
    expect(
      rampingVuSteps(3, [
        { duration: 0, target: 0 },
        { duration: 1000, target: 1 },
      ]),
    ).toEqual([
      { at: 0, vus: 0 },
      { at: 1000, vus: 1 },
    ]);
  });
});

describe('closed executors', () => {
  it('shared-iterations, per-vu-iterations, constant-vus schedules and descriptions', () => {
    const si = plan('shared-iterations', { vus: 2, iterations: 10 });
    expect(si.s).toEqual({ kind: 'iterations', vus: 2, iterations: 10, perVU: false, maxDuration: 600_000 });
    expect(si.p.describe(si.config)).toBe('10 iterations shared among 2 VUs (maxDuration: 10m0s)');
    const pv = plan('per-vu-iterations', { vus: 2, maxDuration: '90s' });
    expect(pv.s).toEqual({ kind: 'iterations', vus: 2, iterations: 1, perVU: true, maxDuration: 90_000 });
    expect(pv.p.describe(pv.config)).toBe('1 iterations for each of 2 VUs (maxDuration: 1m30s)');
    expect(pv.p.maxDuration(pv.config)).toBe(90_000);
    const cv = plan('constant-vus', { vus: 3, duration: '30s' });
    expect(cv.s).toEqual({ kind: 'vus', steps: [{ at: 0, vus: 3 }], duration: 30_000, gracefulRampDown: 0, maxVUs: 3 });
    expect(cv.p.describe(cv.config)).toBe('3 looping VUs for 30s');
  });

  it('arrival-rate descriptions', () => {
    const c = plan('constant-arrival-rate', { rate: 10, duration: '1m', preAllocatedVUs: 5, maxVUs: 10 });
    expect(c.p.describe(c.config)).toBe('10.00 iterations/s for 1m0s (maxVUs: 5-10)');
    const g = plan('constant-arrival-rate', {
      rate: 30,
      timeUnit: '1m',
      duration: '10s',
      preAllocatedVUs: 5,
      distribution: 'gamma',
      burstiness: 2,
      seed: 42,
    });
    expect(g.p.describe(g.config)).toBe('0.50 iterations/s for 10s (maxVUs: 5, distribution: gamma, burstiness: 2, seed: 42)');
    const r = plan('ramping-arrival-rate', {
      startRate: 5,
      stages: [
        { duration: '1m', target: 20 },
        { duration: '1m', target: 0 },
      ],
      preAllocatedVUs: 10,
    });
    expect(r.p.describe(r.config)).toBe('Up to 20.00 iterations/s for 2m0s over 2 stages (maxVUs: 10)');
    expect(r.p.maxDuration(r.config)).toBe(120_000);
  });
});
