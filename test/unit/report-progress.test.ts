import { describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../runtime/progress.js';
import type { SchedulerState } from '../../runtime/scheduler/scheduler.js';
import type { Sample } from '../../runtime/metrics/types.js';
import { bar, clock, progressLines } from '../../runtime/progress-line.js';
import { LiveLlmStats } from '../../runtime/progress-llm.js';

const s = (metric: string, time: number, value: number): Sample => ({ metric, time, value, tags: {} });

describe('live progress', () => {
  it("k6's clock and bar", () => {
    expect(clock(5200)).toBe('00m05.2s');
    expect(clock(125_000)).toBe('02m05.0s');
    expect(bar(0)).toBe(`[>${'-'.repeat(29)}]`);
    expect(bar(0.5)).toBe(`[${'='.repeat(15)}>${'-'.repeat(14)}]`);
    expect(bar(1)).toBe(`[${'='.repeat(30)}]`);
  });

  it('LLM numbers over the last 10 s: req/s, in flight, TTFT p95, errors since the start', () => {
    const live = new LiveLlmStats();
    expect(live.snapshot(0, 0)).toBeUndefined();
    const batch: Sample[] = [];
    // 20 requests ended between t=1 s and t=20 s (one per second); TTFTs 1..20 ms; 2 failed.
    for (let i = 1; i <= 20; i++)
      batch.push(s('llm_reqs', i * 1000, 1), s('llm_req_failed', i * 1000, i === 3 || i === 15 ? 1 : 0), s('llm_ttft', i * 1000, i));
    batch.push(s('llm_in_flight', 20_000, 7));
    live.add(batch);
    const snap = live.snapshot(20_500, 20_500)!;
    // Last 10 s: ends at 11..20 s → 10 requests / 10 s; TTFT p95 of 11..20 = 19.55 (linear between ranks).
    expect(snap.reqPerSec).toBeCloseTo(1, 10);
    expect(snap.ttftP95).toBeCloseTo(19.55, 10);
    expect(snap).toMatchObject({ inFlight: 7, errors: 2, requests: 20 });
    // Early in a run, the window is the time so far.
    const early = new LiveLlmStats();
    early.add([s('llm_reqs', 1000, 1), s('llm_reqs', 1500, 1)]);
    expect(early.snapshot(2000, 2000)!.reqPerSec).toBe(1);
  });

  it('one line per scenario with bar, VUs, iterations, elapsed/total and load; then the LLM line', () => {
    const lines = progressLines(
      {
        elapsedMs: 5200,
        scenarios: [{ name: 'chat', status: 'running', progress: 0.26, vus: 12, active: 3, completed: 40, interrupted: 0, dropped: 2 }],
      },
      new Map([['chat', { totalMs: 20_000, load: '5/s' }]]),
      { reqPerSec: 4.84, inFlight: 3, ttftP95: 130.5, errors: 1, requests: 41 },
    );
    expect(lines[0]).toBe(`chat    [========>---------------------] running 00m05.2s/00m20.0s  12 VUs  40 iters  5/s  (2 dropped)`);
    expect(lines[1]).toBe('llm     4.8 req/s  3 in flight  TTFT p95 (10s) 130.5ms  errors 1/41');
  });
});

describe('createProgress', () => {
  const state = () =>
    ({
      startMono: performance.now(),
      scenarios: [
        {
          name: 'chat',
          started: true,
          stats: { completed: 3, interrupted: 0, dropped: 0, active: 1, progress: 0.5, vus: 4, done: false },
          planned: {
            scenario: { config: { rate: 5, timeUnit: 1000, duration: 20_000 } },
            schedule: { kind: 'arrivals' },
            executor: { maxDuration: () => 20_000 },
          },
        },
      ],
    }) as unknown as SchedulerState;

  it('on a TTY: redrawn in place at most twice a second, the LLM line under the bars', () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      const live = new LiveLlmStats();
      live.add([s('llm_reqs', Date.now(), 1), s('llm_req_failed', Date.now(), 0), s('llm_ttft', Date.now(), 42)]);
      const p = createProgress({ isTTY: true, write: (t: string) => writes.push(t) }, { quiet: false, llm: live });
      p.start(state());
      vi.advanceTimersByTime(499);
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(1);
      vi.advanceTimersByTime(500);
      p.stop();
      expect(writes.filter((w) => w === '\x1b[2A')).toHaveLength(2); // each redraw moves up over the 2 lines
      const last = writes.at(-1)!;
      expect(last.startsWith('\x1b[2Kchat ')).toBe(true); // each line cleared before it is drawn
      expect(last.slice(4)).toMatch(/^chat +\[=+>-+\] running \d{2}m\d{2}\.\ds\/00m20\.0s {2}4 VUs {2}3 iters {2}5\/s\n/);
      expect(last).toContain('\x1b[2Kllm ');
      expect(last).toContain('TTFT p95 (10s) 42ms  errors 0/1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('not a TTY: plain lines every 10 s; -q: nothing', () => {
    vi.useFakeTimers();
    try {
      const writes: string[] = [];
      const p = createProgress({ isTTY: false, write: (t: string) => writes.push(t) }, { quiet: false });
      p.start(state());
      vi.advanceTimersByTime(9_999);
      expect(writes).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(writes).toHaveLength(1);
      expect(writes[0]).toMatch(/^running: chat /);
      p.stop();
      const quiet: string[] = [];
      const q = createProgress({ isTTY: true, write: (t: string) => quiet.push(t) }, { quiet: true });
      q.start(state());
      vi.advanceTimersByTime(20_000);
      q.stop();
      expect(quiet).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});
