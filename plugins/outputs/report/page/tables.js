// The report's header, tiles and tables. Runs in the browser (see charts.js).

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c === undefined || c === null ? '' : String(c)));
  return e;
}

function section(id, title) {
  const s = el('section', { id }, el('h2', {}, title));
  document.getElementById('report').append(s);
  return s;
}

function fmtMs(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 1) return `${v.toFixed(1)} ms`;
  return `${(v * 1000).toFixed(0)} µs`;
}

function fmtNum(v, digits) {
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  return Number(v.toFixed(digits === undefined ? 2 : digits)).toLocaleString('en');
}

function fmtPct(v) {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : `${(v * 100).toFixed(2)} %`;
}

function table(head, rows, cls) {
  return el(
    'table',
    { class: cls || '' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c) => (c instanceof Node ? c : el('td', {}, c)))))),
  );
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderHeader(data) {
  const m = data.meta;
  const h = el('header', {}, el('h1', {}, `llmload report: ${m.testid}`));
  const dl = el('dl', { class: 'meta' });
  const rows = [
    ['script', m.script || 'n/a'],
    ['start', m.start],
    ['end', m.end],
    ['duration', fmtMs(m.durationMs)],
    ['model(s)', m.models.length ? m.models.join(', ') : 'n/a'],
    ['llmload', m.llmloadVersion],
  ];
  if (data.baseline) rows.push(['baseline', data.baseline.file]);
  for (const [k, v] of rows) dl.append(el('dt', {}, k), el('dd', {}, v));
  h.append(dl);
  const lg = data.summary.load_generator;
  // The summary's own verdict: a saturated load generator measured itself, not the server.
  if (lg?.saturated) h.append(el('p', { class: 'saturated' }, `⚠ ${lg.message || "load generator saturated: results are not the server's"}`));
  document.getElementById('report').append(h);
}

/** As the summary's: cancelled requests are neither ok nor failed. */
function failedShare(llm) {
  const judged = llm.requests - (llm.cancelled || 0);
  return judged > 0 ? llm.failed / judged : Number.NaN;
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderTiles(data) {
  const llm = data.summary.llm;
  if (!llm?.requests) return;
  const base = data.baseline?.data.summary?.llm;
  const tiles = [
    ['requests', fmtNum(llm.requests, 0), base && fmtNum(base.requests, 0)],
    ['failed', fmtPct(failedShare(llm)), base?.requests && fmtPct(failedShare(base))],
    ['goodput', llm.goodput ? fmtPct(llm.goodput.rate) : 'n/a', base?.goodput && fmtPct(base.goodput.rate)],
    ['TTFT p95', fmtMs(llm.ttft?.p95), base?.ttft && fmtMs(base.ttft.p95)],
    ['TPOT p95', fmtMs(llm.tpot?.p95), base?.tpot && fmtMs(base.tpot.p95)],
    ['E2E p95', fmtMs(llm.e2e?.p95), base?.e2e && fmtMs(base.e2e.p95)],
    ['output tok/s', fmtNum(llm.output_token_throughput, 1), base && fmtNum(base.output_token_throughput, 1)],
  ];
  const energy = data.summary.gpu_energy;
  if (energy && energy.mj_per_output_token !== null && energy.mj_per_output_token !== undefined) {
    tiles.push(['energy / token', `${fmtNum(energy.mj_per_output_token, 3)} mJ`, undefined]);
  }
  const s = section('tiles', 'LLM');
  const box = el('div', { class: 'tiles' });
  for (const [label, value, was] of tiles)
    box.append(
      el(
        'div',
        { class: 'tile' },
        el('div', { class: 'label' }, label),
        el('div', { class: 'value' }, value),
        was ? el('div', { class: 'was' }, `baseline ${was}`) : '',
      ),
    );
  s.append(box);
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderThresholds(data) {
  const s = section('thresholds', 'Thresholds');
  if (data.thresholds.length === 0) return s.append(el('p', {}, 'No thresholds.'));
  const rows = data.thresholds.map((t) => [
    el('td', { class: t.ok ? 'ok' : 'fail' }, t.ok ? '✓' : '✗'),
    t.metric,
    t.expression,
    t.empty ? 'no samples' : t.observed === null ? 'n/a' : `${t.aggregation} = ${fmtNum(t.observed, 4)}`,
    t.file ? `${t.file}:${t.line}` : '',
  ]);
  s.append(table(['', 'metric', 'threshold', 'observed', 'where'], rows, 'thresholds'));
}

function checksOf(group, out) {
  for (const c of group.checks || []) out.push(c);
  for (const g of group.groups || []) checksOf(g, out);
  return out;
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderChecks(data) {
  const root = data.summary.root_group;
  const checks = root ? checksOf(root, []) : [];
  const s = section('checks', 'Checks');
  if (checks.length === 0) return s.append(el('p', {}, 'No checks.'));
  const rows = checks.map((c) => [
    el('td', { class: c.fails ? 'fail' : 'ok' }, c.fails ? '✗' : '✓'),
    c.path.replace(/^::/, '').replace(/::/g, ' › '),
    String(c.passes),
    String(c.fails),
  ]);
  s.append(table(['', 'check', 'passes', 'fails'], rows, 'checks'));
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderComparison(data) {
  const c = data.baseline?.comparison;
  if (!c?.metrics) return;
  const s = section('comparison', `Compared with the baseline (${data.baseline.file})`);
  const fmt = (m, v) => (m.unit === 'ms' ? fmtMs(v) : m.unit === '/s' ? `${fmtNum(v)}/s` : m.unit === 'load' ? fmtNum(v) : fmtPct(v));
  const rows = c.metrics.map((m) => [
    m.label,
    fmt(m, m.baseline),
    fmt(m, m.current),
    m.change === null ? 'n/a' : `${m.change >= 0 ? '+' : ''}${(m.change * 100).toFixed(1)} %`,
    el('td', { class: m.verdict === 'regression' ? 'fail' : m.verdict === 'improvement' ? 'ok' : '' }, m.verdict),
  ]);
  s.append(table(['metric', 'baseline', 'current', 'change', 'verdict'], rows, 'comparison'));
}

// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function renderMetricsTable(data) {
  const metrics = data.summary.metrics || {};
  const baseMetrics = data.baseline?.data.summary?.metrics || {};
  const s = section('metrics', 'All metrics');
  const rows = [];
  for (const [name, m] of Object.entries(metrics)) {
    const b = baseMetrics[name];
    const cells = Object.entries(m.values).map(([k, v]) => {
      const was = b?.values && typeof b.values[k] === 'number' ? b.values[k] : undefined;
      const delta = was !== undefined && was !== 0 ? ` (${v >= was ? '+' : ''}${(((v - was) / Math.abs(was)) * 100).toFixed(1)} %)` : '';
      return `${k}=${m.contains === 'time' && k !== 'count' && k !== 'rate' ? fmtMs(v) : fmtNum(v, 4)}${delta}`;
    });
    rows.push([name, m.type, cells.join('  ')]);
  }
  s.append(table(['metric', 'type', b0(data) ? 'values (change vs baseline)' : 'values'], rows, 'metrics'));
}

function b0(data) {
  return Boolean(data.baseline?.data.summary);
}
