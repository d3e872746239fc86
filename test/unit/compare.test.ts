import { describe, expect, it } from 'vitest';
import { compareRuns, welchP } from '../../runtime/compare/compare.js';
import { comparisonMarkdown, comparisonText, COMMENT_MARKER } from '../../runtime/compare/format.js';
import { incomparability, numbersOf, type RunNumbers } from '../../runtime/compare/run-numbers.js';
import { parseMetrics, parseNoise } from '../../runtime/cli/compare-command.js';

const run = (file: string, values: Record<string, number>, scenarios?: RunNumbers['scenarios']): RunNumbers => ({ file, values, scenarios });

describe('compareRuns (one run a side: the noise band)', () => {
  it('lower-is-better metrics regress when worse by more than the noise', () => {
    const c = compareRuns([run('cur', { ttft_p95: 110 })], [run('base', { ttft_p95: 100 })], { noise: 0.05 });
    expect(c.method).toBe('noise');
    expect(c.metrics[0]).toMatchObject({ id: 'ttft_p95', current: 110, baseline: 100, verdict: 'regression' });
    expect(c.metrics[0]!.change).toBeCloseTo(0.1, 10);
    expect(c.regressions).toEqual(['ttft_p95']);
    expect(compareRuns([run('c', { ttft_p95: 103 })], [run('b', { ttft_p95: 100 })], { noise: 0.05 }).regressions).toEqual([]);
    expect(compareRuns([run('c', { ttft_p95: 90 })], [run('b', { ttft_p95: 100 })], { noise: 0.05 }).metrics[0]!.verdict).toBe('improvement');
  });

  it('higher-is-better metrics regress when they fall', () => {
    const c = compareRuns([run('c', { output_tok_s: 900 })], [run('b', { output_tok_s: 1000 })], { noise: 0.05 });
    expect(c.metrics[0]!.verdict).toBe('regression');
    expect(compareRuns([run('c', { output_tok_s: 1100 })], [run('b', { output_tok_s: 1000 })], { noise: 0.05 }).metrics[0]!.verdict).toBe('improvement');
  });

  it('a failure rate must also rise by 0.1 percentage point (relative changes near zero mean nothing)', () => {
    expect(compareRuns([run('c', { failure_rate: 0.0005 })], [run('b', { failure_rate: 0.0001 })], { noise: 0.05 }).regressions).toEqual([]);
    expect(compareRuns([run('c', { failure_rate: 0.02 })], [run('b', { failure_rate: 0 })], { noise: 0.05 }).regressions).toEqual(['failure_rate']);
  });

  it('--metrics chooses, and metrics missing on a side are left out', () => {
    const c = compareRuns([run('c', { ttft_p95: 1, e2e_p95: 5 })], [run('b', { ttft_p95: 1, e2e_p95: 5, itl_p50: 3 })], {
      noise: 0.05,
      metrics: ['e2e_p95', 'itl_p50'],
    });
    expect(c.metrics.map((m) => m.id)).toEqual(['e2e_p95']);
  });
});

describe('compareRuns (repeats: Welch t-test)', () => {
  it("Welch's p-value matches the t distribution (t = -1, 8 dof → p = 0.3466)", () => {
    expect(welchP([1, 2, 3, 4, 5], [2, 3, 4, 5, 6])).toBeCloseTo(0.34659, 4);
    expect(welchP([1, 1, 1], [1, 1, 1])).toBe(1);
  });

  it('a large mean difference the spread explains is not a regression; a consistent one is', () => {
    const noisy = compareRuns(
      [run('a', { ttft_p95: 80 }), run('b', { ttft_p95: 160 }), run('c', { ttft_p95: 120 })],
      [run('x', { ttft_p95: 100 }), run('y', { ttft_p95: 110 }), run('z', { ttft_p95: 90 })],
      {
        noise: 0.05,
      },
    );
    expect(noisy.method).toBe('welch');
    expect(noisy.metrics[0]!.p).toBeGreaterThan(0.05);
    expect(noisy.metrics[0]!.verdict).toBe('same');
    const steady = compareRuns(
      [run('a', { ttft_p95: 120 }), run('b', { ttft_p95: 121 }), run('c', { ttft_p95: 119 })],
      [run('x', { ttft_p95: 100 }), run('y', { ttft_p95: 101 }), run('z', { ttft_p95: 99 })],
      {
        noise: 0.05,
      },
    );
    expect(steady.metrics[0]!.p).toBeLessThan(0.001);
    expect(steady.metrics[0]!.verdict).toBe('regression');
  });
});

describe('run numbers', () => {
  it('reads the llm block of a summary export', () => {
    const n = numbersOf(
      {
        metrics: {},
        llm: {
          ttft: { p50: 1, p95: 2, p99: 3, count: 4 },
          requests: 10,
          ok: 8,
          failed: 2,
          window_ms: 2000,
          output_token_throughput: 50,
          goodput: { throughput: 3 },
        },
      },
      'f',
    );
    expect(n.values).toEqual({ ttft_p50: 1, ttft_p95: 2, ttft_p99: 3, output_tok_s: 50, success_req_s: 4, goodput_req_s: 3, failure_rate: 0.2 });
  });

  it('the failure rate leaves cancelled requests out, as the summary does', () => {
    const llm = { requests: 10, ok: 6, failed: 2, cancelled: 2, window_ms: 1000, output_token_throughput: 1 };
    expect(numbersOf({ metrics: {}, llm }, 'f').values.failure_rate).toBe(0.25);
  });

  it('names what makes two runs incomparable', () => {
    const sc = (name: string, executor: string, load: Record<string, unknown>) => [{ name, executor, load }];
    const a = run('a.json', {}, sc('chat', 'constant-arrival-rate', { rate: 10 }));
    expect(incomparability(a, run('b.json', {}, sc('chat', 'constant-arrival-rate', { rate: 10 })))).toBeUndefined();
    expect(incomparability(a, run('b.json', {}, sc('batch', 'constant-arrival-rate', { rate: 10 })))).toMatch(
      /different scenarios: a\.json has \[chat\], b\.json has \[batch\]/,
    );
    expect(incomparability(a, run('b.json', {}, sc('chat', 'constant-vus', { rate: 10 })))).toMatch(
      /different executors: constant-arrival-rate in a\.json, constant-vus in b\.json/,
    );
    expect(incomparability(a, run('b.json', {}, sc('chat', 'constant-arrival-rate', { rate: 20 })))).toMatch(/different rate: 10 in a\.json, 20 in b\.json/);
  });

  it('parses --noise and --metrics', () => {
    expect(parseNoise('5%')).toBe(0.05);
    expect(parseNoise('5')).toBe(0.05);
    expect(parseNoise('0.1')).toBe(0.1);
    expect(() => parseNoise('lots')).toThrow(/--noise/);
    expect(parseMetrics('ttft_p95, e2e_p99')).toEqual(['ttft_p95', 'e2e_p99']);
    expect(() => parseMetrics('ttft_p42')).toThrow(/unknown metric "ttft_p42"/);
  });
});

describe('formats', () => {
  it('text and markdown tables name the regression; markdown carries the hidden marker', () => {
    const c = compareRuns([run('cur', { ttft_p95: 110, output_tok_s: 1000 })], [run('base', { ttft_p95: 100, output_tok_s: 1000 })], { noise: 0.05 });
    const text = comparisonText(c);
    expect(text).toMatch(/TTFT p95\s+100ms\s+110ms\s+\+10%\s+✗ regression/);
    expect(text).toContain('1 regression: ttft_p95');
    const md = comparisonMarkdown(c);
    expect(md.startsWith(COMMENT_MARKER)).toBe(true);
    expect(md).toContain('| TTFT p95 | 100ms | 110ms | +10% | ✗ regression |');
  });
});
