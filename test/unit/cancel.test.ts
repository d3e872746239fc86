import { describe, expect, it } from 'vitest';
import type { Slos } from '../../runtime/llm/goodput.js';
import type { Measurement } from '../../runtime/llm/measure.js';
import { requestRecord } from '../../runtime/llm/request-record.js';
import type { Result } from '../../runtime/llm/result.js';
import { LlmRunStats } from '../../runtime/llm/run-stats.js';
import { emitRequestSamples } from '../../runtime/llm/samples.js';
import { llmSection } from '../../runtime/llm/summary.js';
import type { SectionContext } from '../../runtime/summary/sections.js';
import { parseCancel } from '../../runtime/options/cancel.js';
import { createCancelPlan } from '../../runtime/scheduler/cancel-plan.js';

describe("a scenario's cancel option", () => {
  it('{ rate, after, seed? }: rate a fraction, after a duration, seed 0 by default', () => {
    expect(parseCancel({ rate: 0.1, after: '500ms' }, 'scenario "s"')).toEqual({ rate: 0.1, after: 500, seed: 0 });
    expect(parseCancel({ rate: 1, after: 0, seed: 'x' }, 'scenario "s"')).toEqual({ rate: 1, after: 0, seed: 'x' });
    expect(parseCancel(undefined, 'scenario "s"')).toBeUndefined();
  });

  it('bad values are exit 104 naming the scenario and the option', () => {
    const msg = (v: unknown) => {
      try {
        parseCancel(v, 'scenario "s"');
      } catch (e) {
        expect((e as { exitCode: number }).exitCode).toBe(104);
        return (e as Error).message;
      }
      throw new Error('no error');
    };
    expect(msg({ rate: 10, after: '1s' })).toBe(
      'scenario "s": option "cancel": option "rate" must be a number from 0 to 1 (0.1 cancels one request in ten), got 10',
    );
    expect(msg({ rate: 0.1 })).toMatch(/option "cancel": option "after" is required/);
    expect(msg({ rate: 0.1, after: '1s', dealy: 1 })).toBe('scenario "s": option "cancel": unknown option "dealy" (known options: after, rate, seed)');
    expect(msg({ rate: 0.1, after: 'soon' })).toMatch(/invalid duration "soon"/);
    expect(msg(0.1)).toMatch(/option "cancel" must be \{ rate, after \}, got 0\.1/);
  });

  it('draws are seeded: the same seed cancels the same requests by order; the share follows the rate', () => {
    const draws = (seed: number | string, n: number) => {
      const plan = createCancelPlan('s', { rate: 0.1, after: 250, seed });
      return Array.from({ length: n }, () => plan.pick());
    };
    const a = draws(0, 20_000);
    expect(draws(0, 20_000)).toEqual(a);
    expect(draws(1, 200)).not.toEqual(a.slice(0, 200));
    expect(new Set(a)).toEqual(new Set([250, undefined]));
    // Binomial(20000, 0.1): sd ≈ 42; 5 sd either side.
    const hits = a.filter((x) => x !== undefined).length;
    expect(hits).toBeGreaterThan(2000 - 212);
    expect(hits).toBeLessThan(2000 + 212);
    expect(draws(0, 100).every((x) => x === undefined)).toBe(false);
    expect(createCancelPlan('s', { rate: 0, after: 1, seed: 0 }).pick()).toBeUndefined();
  });
});

/** A measured request: ok, failed (HTTP 500) or cancelled mid-stream. */
function measurement(kind: 'ok' | 'failed' | 'cancelled', start: number): Measurement {
  const error =
    kind === 'ok'
      ? null
      : kind === 'failed'
        ? { type: 'http_status' as const, message: 'HTTP 500', status: 500 }
        : { type: 'cancelled' as const, message: 'cancelled', status: 200 };
  const result: Result<string> = {
    ok: kind === 'ok',
    status: kind === 'failed' ? 500 : 200,
    endpoint: 'chat',
    model: 'm',
    stream: true,
    text: 'a b c',
    reasoning: '',
    toolCalls: [],
    finishReason: kind === 'ok' ? 'length' : null,
    usage: { prompt_tokens: 3, completion_tokens: 3, total_tokens: 6 },
    tokenSource: 'server',
    timings: { e2e: 40, ttft: 10, ttftContent: 10, tpot: 15, itl: [15, 15], contentChunks: 3 },
    json: null,
    error,
  };
  const tokens = kind === 'ok' ? { prompt: 3, output: 3, source: 'server' as const, compared: false, mismatch: false, usage: result.usage } : undefined;
  const exchange = { read: { sse: true }, start, headers: start + 5, end: start + 40, retries: 0 } as unknown as Measurement['exchange'];
  return { result, kind: 'generate', tokens, exchange, cancelAfter: kind === 'cancelled' ? 30 : undefined };
}

describe('a cancelled request', () => {
  it('counts in llm_reqs and llm_req_cancelled only: not in llm_req_failed, goodput, latencies or tokens', () => {
    const samples: Array<{ metric: string; value: number }> = [];
    const sink = { push: (s: { metric: string; value: number }) => samples.push(s) };
    const slos: Slos = [['llm_ttft', 1000]];
    const stats = new LlmRunStats();
    const runs: Array<['ok' | 'failed' | 'cancelled', number]> = [
      ['ok', 0],
      ['cancelled', 10],
      ['failed', 20],
      ['ok', 30],
    ];
    for (const [kind, start] of runs) {
      const m = measurement(kind, start);
      stats.add(m, emitRequestSamples(sink, {}, m, 0, slos));
    }
    const of = (metric: string) => samples.filter((s) => s.metric === metric).map((s) => s.value);
    expect(of('llm_reqs')).toEqual([1, 1, 1, 1]);
    expect(of('llm_req_cancelled')).toEqual([0, 1, 0, 0]);
    expect(of('llm_req_failed')).toEqual([0, 1, 0]);
    expect(of('llm_goodput')).toEqual([1, 0, 1]);
    expect(of('llm_e2e')).toHaveLength(2);
    expect(of('llm_ttft')).toHaveLength(2);
    expect(of('llm_itl')).toHaveLength(4);
    expect(of('llm_tpot')).toHaveLength(2);
    expect(of('llm_output_tokens_total')).toEqual([3, 3]);
    expect(stats).toMatchObject({ requests: 4, ok: 2, cancelled: 1, good: 2, judged: 3 });
    expect([...stats.errors]).toEqual([['http_status', 1]]);

    const section = llmSection(stats, slos, {} as SectionContext)!;
    expect(section.rows.find((r) => r.label === 'requests')!.value).toMatch(/^2 ok, 1 failed \(33\.33%\), 1 cancelled \(25\.00%\), /);
    expect(section.rows.find((r) => r.label === 'goodput')!.value).toMatch(/^66\.66% of requests/);
    expect(section.export!.values).toMatchObject({
      requests: 4,
      ok: 2,
      failed: 1,
      cancelled: 1,
      errors: { http_status: 1 },
      goodput: { good: 2, rate: 2 / 3 },
    });
  });

  it('its record says cancelled, and when it was to be cancelled', () => {
    const rec = requestRecord(measurement('cancelled', 10), 1, { scenario: 's' });
    expect(rec).toMatchObject({ ok: false, cancelled: true, cancel_after: 30, error_type: 'cancelled', tokens: null });
    expect(requestRecord(measurement('ok', 0), 1, {})).toMatchObject({ ok: true, cancelled: false, cancel_after: null });
  });
});
