// The report's charts (uPlot). Runs in the browser, inlined into the report with tables.js and app.js;
// `uPlot` is the inlined library. Every time chart shares one cursor and one zoom.

const SYNC = uPlot.sync('llmload');
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563'];
const timeCharts = [];
let zooming = false;

/** The bucket times (epoch s) of the whole report: the current run, and the baseline shifted onto it. */
// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function timeAxis(data) {
  const step = data.meta.bucketMs / 1000;
  const times = new Set();
  for (const s of Object.values(data.series)) for (const t of s.t) times.add(t);
  const base = baselineShift(data);
  if (base) for (const s of Object.values(base.series)) for (const t of s.t) times.add(snap(t + base.shift, step));
  return [...times].sort((a, b) => a - b);
}

function snap(t, step) {
  return Math.round(t / step) * step;
}

/** The baseline's series and the seconds to add to its times so that both runs start together. */
function baselineShift(data) {
  const b = data.baseline?.data;
  if (!b?.series || !b.meta) return undefined;
  return { series: b.series, shift: (Date.parse(data.meta.start) - Date.parse(b.meta.start)) / 1000 };
}

/** One column of a series on the report's time axis (null where the bucket had no sample). */
function column(axis, series, pick, shift, step) {
  const at = new Map(axis.map((t, i) => [t, i]));
  const out = new Array(axis.length).fill(null);
  if (!series) return out;
  for (let i = 0; i < series.t.length; i++) {
    const k = at.get(shift ? snap(series.t[i] + shift, step) : series.t[i]);
    if (k !== undefined) out[k] = pick(series, i);
  }
  return out;
}

/**
 * A time chart: `lines` are { label, series (name), pick(series, i), dash?, unit? }; each gets a dashed
 * baseline twin when the report has a baseline. `limits` are threshold lines { label, value }.
 */
// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function timeChart(parent, data, axis, spec) {
  const step = data.meta.bucketMs / 1000;
  const base = baselineShift(data);
  const cols = [axis];
  const series = [{}];
  spec.lines.forEach((l, i) => {
    const stroke = PALETTE[i % PALETTE.length];
    cols.push(column(axis, data.series[l.series], l.pick));
    series.push({ label: l.label, stroke, width: 1.5, spanGaps: false });
    if (base?.series[l.series]) {
      cols.push(column(axis, base.series[l.series], l.pick, base.shift, step));
      series.push({ label: `${l.label} (baseline)`, stroke, width: 1, dash: [6, 4], spanGaps: false });
    }
  });
  for (const lim of spec.limits || []) {
    cols.push(axis.map(() => lim.value));
    series.push({ label: lim.label, stroke: '#b91c1c', width: 1, dash: [2, 3], points: { show: false } });
  }
  if (!cols.slice(1).some((c) => c.some((v) => v !== null))) return undefined;
  const el = chartBox(parent, spec.title);
  const opts = {
    width: chartWidth(el),
    height: 240,
    cursor: { sync: { key: SYNC.key } },
    scales: { x: { time: true } },
    axes: [{}, { label: spec.unit || '', size: 60 }],
    series,
    hooks: { setScale: [(u, key) => key === 'x' && syncZoom(u)], draw: [() => el.setAttribute('data-drawn', '1')] },
  };
  const u = new uPlot(opts, cols, el);
  timeCharts.push(u);
  return u;
}

/** Zooming one time chart zooms them all. */
function syncZoom(src) {
  if (zooming) return;
  zooming = true;
  const { min, max } = src.scales.x;
  for (const u of timeCharts) if (u !== src) u.setScale('x', { min, max });
  zooming = false;
}

/** A distribution as its quantile curve: value (x) against the share of requests at or below it (y). */
// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function distributionChart(parent, title, unit, dist, baseDist) {
  const el = chartBox(parent, title);
  const xs = [...new Set([...dist.quantiles, ...(baseDist ? baseDist.quantiles : [])])].sort((a, b) => a - b);
  const curve = (q) => xs.map((x) => cdfAt(q, x));
  const cols = [xs, curve(dist.quantiles)];
  const series = [{ label: unit }, { label: `${title} (${dist.count})`, stroke: PALETTE[0], width: 1.5 }];
  if (baseDist) {
    cols.push(curve(baseDist.quantiles));
    series.push({ label: `baseline (${baseDist.count})`, stroke: PALETTE[0], width: 1, dash: [6, 4] });
  }
  const opts = {
    width: chartWidth(el),
    height: 220,
    scales: { x: { time: false } },
    axes: [{ label: unit }, { label: '% of requests ≤ x', size: 60 }],
    series,
    hooks: { draw: [() => el.setAttribute('data-drawn', '1')] },
  };
  return new uPlot(opts, cols, el);
}

/** The share (%) of values ≤ x, from the p0…p100 quantiles. */
function cdfAt(quantiles, x) {
  if (x < quantiles[0]) return 0;
  let i = 0;
  while (i < quantiles.length - 1 && quantiles[i + 1] <= x) i++;
  return i;
}

/** An x/y chart (sweeps): `lines` are { label, xs, ys, pointsOnly?, color? }; markers are points only. */
// biome-ignore lint/correctness/noUnusedVariables: the page's scripts share one scope (html-page.ts); app.js calls it
function xyChart(parent, title, xLabel, yLabel, lines) {
  const xs = [...new Set(lines.flatMap((l) => l.xs))].sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const el = chartBox(parent, title);
  const cols = [xs];
  const series = [{ label: xLabel }];
  lines.forEach((l, i) => {
    const at = new Map(l.xs.map((x, k) => [x, l.ys[k]]));
    cols.push(xs.map((x) => (at.has(x) ? at.get(x) : null)));
    const stroke = l.color || PALETTE[i % PALETTE.length];
    series.push({ label: l.label, stroke, width: l.pointsOnly ? 0 : 1.5, spanGaps: true, points: { show: true, size: l.pointsOnly ? 10 : 5, fill: stroke } });
  });
  const opts = {
    width: chartWidth(el),
    height: 240,
    scales: { x: { time: false } },
    axes: [{ label: xLabel }, { label: yLabel, size: 60 }],
    series,
    hooks: { draw: [() => el.setAttribute('data-drawn', '1')] },
  };
  return new uPlot(opts, cols, el);
}

function chartBox(parent, title) {
  const fig = document.createElement('figure');
  fig.className = 'chart-box';
  const cap = document.createElement('figcaption');
  cap.textContent = title;
  const el = document.createElement('div');
  el.className = 'chart';
  fig.append(cap, el);
  parent.append(fig);
  return el;
}

function chartWidth(el) {
  return Math.max(320, Math.min(1200, el.parentElement?.clientWidth || 900) - 8);
}
