// The report page's entry: reads the embedded data and draws every section. Runs in the browser (see charts.js).

const LATENCY_CHARTS = [
  ['llm_ttft', 'Time to first token (TTFT)'],
  ['llm_itl', 'Inter-token latency (ITL)'],
  ['llm_tpot', 'Time per output token (TPOT)'],
  ['llm_e2e', 'End-to-end latency (E2E)'],
];
const DISTRIBUTIONS = [
  ['llm_ttft', 'TTFT', 'ms'],
  ['llm_e2e', 'E2E', 'ms'],
  ['llm_prompt_tokens', 'Input tokens', 'tokens'],
  ['llm_output_tokens', 'Output tokens', 'tokens'],
];
const THRESHOLD_EXPR = /^\s*(avg|min|max|med|p\(\d+(?:\.\d+)?\))\s*(<=?|>=?|===?|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Threshold lines for a trend metric's chart: every threshold on it with a comparable aggregation. */
function limitsFor(data, metric) {
  const out = [];
  for (const t of data.thresholds) {
    if (t.metric !== metric) continue;
    const m = THRESHOLD_EXPR.exec(t.expression);
    if (m) out.push({ label: `threshold ${t.expression}`, value: Number(m[3]) });
  }
  return out;
}

function renderTimeSeries(data) {
  const s = section('timeseries', 'Over time');
  const axis = timeAxis(data);
  const step = data.meta.bucketMs / 1000;
  const perSec = (x, i) => x.sum[i] / step;
  const countPerSec = (x, i) => x.count[i] / step;
  const avg = (x, i) => (x.count[i] ? x.sum[i] / x.count[i] : null);
  const pick = (k) => (x, i) => (x[k] ? x[k][i] : null);
  timeChart(s, data, axis, {
    title: 'VUs and requests in flight',
    lines: [
      { label: 'VUs', series: 'vus', pick: (x, i) => x.last[i] },
      { label: 'in flight (max)', series: 'llm_in_flight', pick: (x, i) => x.max[i] },
    ],
  });
  const errorTypes = Object.keys(data.series).filter((k) => k.startsWith('llm_req_failed{error_type:'));
  timeChart(s, data, axis, {
    title: 'Request rate (ended per second)',
    unit: 'req/s',
    lines: [
      { label: 'all', series: 'llm_reqs', pick: perSec },
      { label: 'succeeded', series: 'llm_req_failed', pick: (x, i) => (x.count[i] - x.sum[i]) / step },
      { label: 'failed', series: 'llm_req_failed', pick: perSec },
      ...errorTypes.map((k) => ({ label: k.slice('llm_req_failed{error_type:'.length, -1), series: k, pick: countPerSec })),
    ],
  });
  for (const [metric, title] of LATENCY_CHARTS) {
    timeChart(s, data, axis, {
      title,
      unit: 'ms',
      lines: ['p50', 'p95', 'p99'].map((p) => ({ label: p, series: metric, pick: pick(p) })),
      limits: limitsFor(data, metric),
    });
  }
  timeChart(s, data, axis, {
    title: 'Tokens per second',
    unit: 'tokens/s',
    lines: [
      { label: 'output', series: 'llm_output_tokens_total', pick: perSec },
      { label: 'prompt', series: 'llm_prompt_tokens_total', pick: perSec },
    ],
  });
  timeChart(s, data, axis, { title: 'Dropped iterations', unit: 'per s', lines: [{ label: 'dropped', series: 'dropped_iterations', pick: perSec }] });
  timeChart(s, data, axis, {
    title: 'Schedule lag',
    unit: 'ms',
    lines: [
      { label: 'p95', series: 'iteration_schedule_lag', pick: pick('p95') },
      { label: 'max', series: 'iteration_schedule_lag', pick: (x, i) => x.max[i] },
    ],
  });
  for (const prefix of ['gpu_', 'server_']) {
    const names = Object.keys(data.series).filter((k) => k.startsWith(prefix) && !k.includes('{'));
    if (names.length === 0) continue;
    const panel = section(`${prefix}panels`, prefix === 'gpu_' ? 'GPU telemetry' : 'Server metrics');
    for (const name of names.sort()) timeChart(panel, data, axis, { title: name, lines: [{ label: 'avg', series: name, pick: avg }] });
  }
}

function renderDistributions(data) {
  const present = DISTRIBUTIONS.filter(([m]) => data.distributions[m]);
  if (present.length === 0) return;
  const s = section('distributions', 'Distributions');
  const base = data.baseline?.data.distributions;
  for (const [metric, title, unit] of present) distributionChart(s, title, unit, data.distributions[metric], base?.[metric]);
}

function main() {
  const data = JSON.parse(document.getElementById('llmload-data').textContent);
  const steps = [
    renderHeader,
    renderTiles,
    renderThresholds,
    renderChecks,
    renderComparison,
    renderTimeSeries,
    renderDistributions,
    typeof renderSweep === 'function' ? renderSweep : () => {},
    renderMetricsTable,
  ];
  for (const step of steps) {
    try {
      step(data);
    } catch (err) {
      console.error(`llmload report: ${step.name} failed: ${err?.stack ? err.stack : err}`);
    }
  }
  document.body.setAttribute('data-ready', '1');
}

main();
