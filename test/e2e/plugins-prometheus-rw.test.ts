import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stderrBesidesHealth } from '../support/cli.js';
import { startVictoriaMetrics, victoriaMetricsBinary, type VictoriaMetrics, type VmSeries } from '../support/victoria-metrics.js';

/**
 * The example remote-write output (plugins/examples/prometheus-remote-write),
 * loaded with --plugin as a third party's would be, against a real
 * VictoriaMetrics (/api/v1/write: protobuf + snappy): every point written
 * arrives, and each series' last point equals the run's --summary-export.
 */
const plugin = './plugins/examples/prometheus-remote-write';
const script = 'test/fixtures/plugins/rw-load.ts';
const STATS = 'avg,min,med,max,p(90),p(95),p(99),count,sum';
const TOKEN = 'rw-e2e-secret-never-printed';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-rw-'));
});
afterAll(async () => rm(tmp, { recursive: true, force: true }));

/** The last value of each series, by metric name. */
function lastValues(series: VmSeries[]): Map<string, { labels: Record<string, string>; last: number }[]> {
  const out = new Map<string, { labels: Record<string, string>; last: number }[]>();
  for (const s of series) {
    const i = s.timestamps.indexOf(Math.max(...s.timestamps));
    const list = out.get(s.metric.__name__!) ?? [];
    list.push({ labels: s.metric, last: s.values[i]! });
    out.set(s.metric.__name__!, list);
  }
  return out;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

describe.skipIf(!victoriaMetricsBinary())('--out prometheus-rw= (example plugin) against VictoriaMetrics', () => {
  let vm: VictoriaMetrics;
  beforeAll(async () => {
    vm = await startVictoriaMetrics();
  });
  afterAll(async () => vm?.close());

  it('writes every point; the series match the summary export (counters, gauges, rates, trend stats)', async () => {
    const testid = `rw-${Date.now()}`;
    const exp = path.join(tmp, 'summary.json');
    const url = `${vm.url.replace('http://', `http://user:${TOKEN}@`)}/api/v1/write`;
    const r = await runCli(
      [
        'run',
        '-q',
        '--mock',
        '--plugin',
        plugin,
        '--out',
        `prometheus-rw=${url}`,
        '--tag',
        `testid=${testid}`,
        '--summary-trend-stats',
        STATS,
        '--summary-export',
        exp,
        script,
      ],
      { env: { LLMLOAD_PROMETHEUS_RW_PUSH_INTERVAL: '300ms', LLMLOAD_PROMETHEUS_RW_TREND_STATS: STATS, K6_PROMETHEUS_RW_LABELS: `env=e2e,run=${testid}` } },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(stderrBesidesHealth(r.stderr)).toBe('');
    const exported = await readFile(exp, 'utf8');
    for (const text of [r.stdout, r.stderr, exported]) expect(text).not.toContain(TOKEN);
    const summary = JSON.parse(exported) as { metrics: Record<string, Record<string, number>>; prometheus_rw: Record<string, number> };
    expect(summary.prometheus_rw).toMatchObject({ dropped: 0, failedRequests: 0, notWritable: 0 });
    expect(summary.prometheus_rw.written).toBeGreaterThan(0);

    // Every point the output counted as written is stored, and nothing else (fresh rows may take a moment to show).
    const points = (list: VmSeries[]) => list.reduce((n, s) => n + s.values.length, 0);
    let series = await vm.exportSeries(`{run="${testid}"}`);
    for (const deadline = Date.now() + 15_000; points(series) < summary.prometheus_rw.written && Date.now() < deadline; ) {
      await new Promise((res) => setTimeout(res, 250));
      series = await vm.exportSeries(`{run="${testid}"}`);
    }
    expect(points(series)).toBe(summary.prometheus_rw.written);
    expect(series.length).toBe(summary.prometheus_rw.series + 8 * countTrendSeries(series));
    for (const s of series) expect(s.metric).toMatchObject({ env: 'e2e', testid });
    const by = lastValues(series);
    const m = summary.metrics;
    const sum = (name: string) => (by.get(name) ?? []).reduce((n, s) => n + s.last, 0);
    const one = (name: string) => {
      expect(by.get(name), name).toHaveLength(1);
      return by.get(name)![0]!;
    };

    // Counters: `_total`, the running sum from the start (summed over their series).
    for (const c of ['iterations', 'llm_reqs', 'rw_words']) expect(sum(`llmload_${c}_total`), c).toBe(m[c]!.count);
    expect(sum('llmload_llm_output_tokens_total')).toBe(m.llm_output_tokens_total!.count); // not `_total_total`
    // Gauges: the last value; rates: passes / total (`_rate`).
    expect(one('llmload_rw_last_tokens').last).toBe(m.rw_last_tokens!.value);
    expect(one('llmload_vus_max').last).toBe(m.vus_max!.value);
    for (const rate of ['checks', 'rw_even_iteration', 'llm_req_failed']) expect(close(one(`llmload_${rate}_rate`).last, m[rate]!.value!), rate).toBe(true);
    expect(one('llmload_checks_rate').labels).toMatchObject({ check: 'ok', scenario: 'chat' });
    // Trends: each stat its own series (`_p95`, `_med`, …), over every value since the start: the summary's numbers.
    for (const t of ['llm_ttft', 'llm_itl', 'llm_e2e', 'iteration_duration', 'rw_signed_value']) {
      for (const stat of STATS.split(',')) {
        const suffix = stat.replace(/^p\((.*)\)$/, 'p$1');
        const got = one(`llmload_${t}_${suffix}`).last;
        expect(close(got, m[t]![stat]!), `${t} ${stat}: ${got} vs ${m[t]![stat]}`).toBe(true);
      }
    }
    expect(one('llmload_rw_signed_value_min').last).toBeLessThan(0);
    expect(one('llmload_llm_ttft_p95').labels).toMatchObject({ model: 'llmload-mock', scenario: 'chat', status: '200' });
  });
});

/** Trend series send one point per stat: 9 names per series, counted once by the output. */
function countTrendSeries(series: VmSeries[]): number {
  return series.filter((s) => s.metric.__name__!.endsWith('_p99')).length;
}
