// The sweep section of the report (sweep.json files given to `llmload report`). Runs in the browser (see charts.js).

/** Good requests/s of a step, as the sweep computes it (runtime/sweep/result.ts goodputRps). */
function sweepGoodput(s) {
  if (s.goodputPct !== null && s.goodputPct !== undefined) return (s.achievedRps * s.goodputPct) / 100;
  return s.pass ? s.achievedRps * (s.requests > 0 ? 1 - s.failed / s.requests : 0) : 0;
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderSweep(data) {
  const docs = data.sweep === undefined ? [] : Array.isArray(data.sweep) ? data.sweep : [data.sweep];
  docs.forEach((doc, i) => renderOneSweep(doc, docs.length > 1 ? ` ${i + 1}` : ''));
}

function renderOneSweep(doc, suffix) {
  const steps = [...(doc.steps || [])].sort((a, b) => a.achievedRps - b.achievedRps);
  const s = section(`sweep${suffix.trim()}`, `Sweep${suffix}: ${doc.scenario || ''} (${doc.status || ''})`);
  if (steps.length === 0) return s.append(el('p', {}, 'The sweep has no finished step.'));
  const result = doc.result || {};
  renderSweepResult(s, result);
  const rps = steps.map((x) => x.achievedRps);
  const col = (f) => steps.map((x) => (f(x) === undefined ? null : f(x)));
  xyChart(s, 'Latency against rate', 'achieved req/s', 'ms', [
    { label: 'TTFT p50', xs: rps, ys: col((x) => x.ttft.p50) },
    { label: 'TTFT p95', xs: rps, ys: col((x) => x.ttft.p95) },
    { label: 'TTFT p99', xs: rps, ys: col((x) => x.ttft.p99) },
    { label: 'E2E p95', xs: rps, ys: col((x) => x.e2eP95) },
  ]);
  xyChart(s, 'TPOT against rate', 'achieved req/s', 'ms', [{ label: 'TPOT p95', xs: rps, ys: col((x) => x.tpotP95) }]);
  const withTtft = steps.filter((x) => x.ttft.p95 !== null);
  const pareto = withTtft.filter((x) => (result.pareto || []).includes(x.step));
  const knee = withTtft.filter((x) => result.knee && result.knee.step === x.step);
  xyChart(s, 'Output tok/s against TTFT p95 (the knee)', 'TTFT p95 (ms)', 'output tok/s', [
    { label: 'steps', xs: withTtft.map((x) => x.ttft.p95), ys: withTtft.map((x) => x.outputTokensPerSecond) },
    { label: 'Pareto', xs: pareto.map((x) => x.ttft.p95), ys: pareto.map((x) => x.outputTokensPerSecond), pointsOnly: true, color: '#16a34a' },
    { label: 'knee', xs: knee.map((x) => x.ttft.p95), ys: knee.map((x) => x.outputTokensPerSecond), pointsOnly: true, color: '#dc2626' },
  ]);
  const best = steps.filter((x) => result.maxGoodput && result.maxGoodput.step === x.step);
  xyChart(s, 'Goodput against rate', 'achieved req/s', 'good req/s', [
    { label: 'goodput', xs: rps, ys: steps.map(sweepGoodput) },
    { label: 'max goodput', xs: best.map((x) => x.achievedRps), ys: best.map(sweepGoodput), pointsOnly: true, color: '#dc2626' },
  ]);
  renderSloBox(s, steps);
}

function renderSweepResult(s, r) {
  const rows = [
    ['max goodput', r.maxGoodput ? `step ${r.maxGoodput.step}: ${fmtNum(r.maxGoodput.rps)} good req/s at ${fmtNum(r.maxGoodput.value)}` : 'none'],
    ['max passing', r.maxPassing === null || r.maxPassing === undefined ? 'none' : fmtNum(r.maxPassing)],
    ['first failing', r.firstFailing === null || r.firstFailing === undefined ? 'none' : fmtNum(r.firstFailing)],
    ['binding SLO', r.bindingSlo ? `${r.bindingSlo.metric} ${r.bindingSlo.threshold} (observed ${fmtNum(r.bindingSlo.observed)})` : 'n/a'],
    ['Pareto steps', (r.pareto || []).join(', ') || 'none'],
    ['knee', r.knee ? `step ${r.knee.step} (${fmtNum(r.knee.value)})` : 'n/a'],
  ];
  s.append(table(['result', ''], rows, 'sweep-result'));
}

/** The reader types limits; every step is judged against them at once (p95s, failure share). */
function renderSloBox(s, steps) {
  const limits = [
    ['ttft', 'TTFT p95 ≤ (ms)', (x) => x.ttft.p95],
    ['tpot', 'TPOT p95 ≤ (ms)', (x) => x.tpotP95],
    ['e2e', 'E2E p95 ≤ (ms)', (x) => x.e2eP95],
    ['fail', 'failed ≤ (%)', (x) => (x.requests > 0 ? (x.failed / x.requests) * 100 : 0)],
  ];
  const box = el('div', { class: 'slo' }, el('strong', {}, 'Your SLOs:'));
  const inputs = {};
  for (const [key, label] of limits) {
    inputs[key] = el('input', { type: 'number', min: '0', step: 'any', 'data-slo': key, placeholder: 'any' });
    box.append(el('label', {}, `${label} `, inputs[key]));
  }
  const body = el('tbody');
  const tbl = el(
    'table',
    { class: 'slo-steps' },
    el(
      'thead',
      {},
      el('tr', {}, ...['step', 'value', 'req/s', 'TTFT p95', 'TPOT p95', 'E2E p95', 'failed', "sweep's SLOs", 'your SLOs'].map((h) => el('th', {}, h))),
    ),
    body,
  );
  const redraw = () => {
    body.replaceChildren();
    for (const x of steps) {
      const ok = limits.every(([key, , get]) => {
        const lim = inputs[key].value === '' ? undefined : Number(inputs[key].value);
        const v = get(x);
        return lim === undefined || (v !== null && v !== undefined && v <= lim);
      });
      const failed = x.requests > 0 ? x.failed / x.requests : 0;
      const cells = [x.step, fmtNum(x.value), fmtNum(x.achievedRps), fmtMs(x.ttft.p95), fmtMs(x.tpotP95), fmtMs(x.e2eP95), fmtPct(failed)];
      const own = el('td', { class: x.pass ? 'ok' : 'fail' }, x.pass ? '✓' : '✗');
      body.append(el('tr', {}, ...cells.map((c) => el('td', {}, c)), own, el('td', { class: ok ? 'ok' : 'fail', 'data-step': x.step }, ok ? '✓' : '✗')));
    }
  };
  for (const input of Object.values(inputs)) input.addEventListener('input', redraw);
  redraw();
  s.append(box, tbl);
}
