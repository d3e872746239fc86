import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ciKind, reportToGithub, type GithubReport } from '../../runtime/ci/github.js';
import type { ThresholdResult } from '../../runtime/thresholds/thresholds.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'llmload-gh-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const th = (metric: string, threshold: string, ok: boolean, observed: number): ThresholdResult => ({
  metric,
  threshold,
  aggregation: threshold.split('<')[0]!,
  ok,
  observed,
  abortOnFail: false,
  evaluated: true,
  empty: false,
});

function report(over: Partial<GithubReport> = {}): GithubReport {
  return {
    exitCode: 99,
    testid: 't-1',
    summary: {
      metrics: { iterations: { values: { count: 97 } }, dropped_iterations: { values: { count: 3 } } },
      llm: { requests: 97, failed: 1, ttft: { p95: 120 }, e2e: { p95: 900 }, output_token_throughput: 500 },
    },
    thresholds: [th('llm_ttft', 'p(95)<100', false, 120.5), th('llm_e2e', 'p(95)<1000', true, 900), th('a,b:c', 'p(99)<1', false, 5)],
    locate: (metric) => (metric === 'llm_ttft' ? { file: 'scripts/chat.ts', line: 23 } : undefined),
    sections: [{ title: 'influxdb output', rows: [{ label: 'llmload_output_dropped_points', value: '12 (buffer full 12, refused 0, unflushed 0)' }] }],
    messages: [
      { level: 'warn', message: 'telemetry dcgm: scraping http://x/metrics failed (ECONNREFUSED); retrying every 500ms' },
      { level: 'warn', message: 'something else' },
    ],
    ...over,
  };
}

describe('GitHub Actions reporting', () => {
  it('is on with GITHUB_ACTIONS=true unless --ci none; --ci github forces it', () => {
    expect(ciKind(undefined, { GITHUB_ACTIONS: 'true' })).toBe('github');
    expect(ciKind(undefined, {})).toBe('none');
    expect(ciKind('none', { GITHUB_ACTIONS: 'true' })).toBe('none');
    expect(ciKind('github', {})).toBe('github');
  });

  it('one ::error per failed threshold (file/line when known, escaped properties), warnings, step summary, outputs', async () => {
    let out = '';
    const env = { GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'), GITHUB_OUTPUT: path.join(dir, 'output') };
    await reportToGithub(report(), { write: (t: string) => (out += t) }, env);
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('::error'))).toEqual([
      "::error file=scripts/chat.ts,line=23,title=threshold llm_ttft::threshold 'p(95)<100' on llm_ttft failed: observed p(95)=120.5",
      "::error title=threshold a%2Cb%3Ac::threshold 'p(99)<1' on a,b:c failed: observed p(99)=5",
    ]);
    // Workflow-command data escapes % as %25 (GitHub shows %).
    expect(lines.filter((l) => l.startsWith('::warning'))).toEqual([
      '::warning title=llmload::3 iterations were dropped (3.0%25 of those scheduled): the load was not what the script asked for',
      '::warning title=llmload::telemetry dcgm: scraping http://x/metrics failed (ECONNREFUSED); retrying every 500ms',
      '::warning title=llmload::influxdb output: llmload_output_dropped_points 12 (buffer full 12, refused 0, unflushed 0)',
    ]);
    const md = readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
    expect(md).toContain('### llmload run t-1');
    expect(md).toContain('**97** requests · **1.03%** failed · TTFT p95 **120ms** · E2E p95 **900ms** · **500** output tok/s');
    expect(md).toContain('| ✗ | `llm_ttft` | `p(95)<100` | p(95)=120.5 |');
    expect(md).toContain('| ✓ | `llm_e2e` | `p(95)<1000` | p(95)=900 |');
    expect(readFileSync(env.GITHUB_OUTPUT, 'utf8')).toBe(
      'exit_code=99\ntestid=t-1\nttft_p95_ms=120\ne2e_p95_ms=900\nrequests=97\nfailure_rate=0.010309278350515464\noutput_tok_s=500\n',
    );
  });

  it('1 % dropped or less, no failed threshold, no files set: nothing but the step summary stays unwritten', async () => {
    let out = '';
    const quiet = report({
      thresholds: [th('llm_e2e', 'p(95)<1000', true, 900)],
      sections: [],
      messages: [],
      summary: { metrics: { iterations: { values: { count: 99 } }, dropped_iterations: { values: { count: 1 } } } },
    });
    await reportToGithub(quiet, { write: (t: string) => (out += t) }, {});
    expect(out).toBe('');
  });
});
