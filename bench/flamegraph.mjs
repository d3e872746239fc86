// A flame graph of one thread, as SVG, from `perf script` text: every frame native, V8, Node, llmload's host
// JavaScript and the isolate's JavaScript (the process run with --perf-basic-prof), which a --cpu-prof cannot
// see into (an isolate's code is self time of the host call that entered it there).
// `perf script -i perf.data | node bench/flamegraph.mjs --title=TEXT > out.svg`
// Frames are coloured by layer (the legend); a frame narrower than --min (default 0.25 %) is left out; stacks
// start below the event loop's `uv_run` (its callers are the same for every sample).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/** Layers, first match wins: [name, colour, test on the frame's symbol and object]. */
export const LAYERS = [
  ['the isolate\u2019s JavaScript (script, llmload modules)', '#e8a33d', (s) => s.includes('llmload:///')],
  ['llmload\u2019s host JavaScript', '#d9534f', (s) => /\/(dist|runtime|plugins)\//.test(s) && !s.includes('node_modules')],
  ['undici', '#9b59b6', (s) => s.includes('undici')],
  ['Node\u2019s JavaScript', '#5cb85c', (s) => s.includes('node:')],
  ['isolated-vm (native)', '#2c7fb8', (_s, o) => o.includes('isolated_vm')],
  ['kernel', '#999999', (_s, o) => o.includes('kernel')],
  ['V8 builtins and other JIT code', '#f0c987', (s) => s.startsWith('Builtins_') || s.startsWith('JS:') || s.startsWith('Stub:')],
  ['V8, Node and libc (native)', '#7fc4e8', () => true],
];

function layerOf(sym, obj) {
  return LAYERS.findIndex(([, , test]) => test(sym, obj));
}

/** A frame line of `perf script`: "\tADDR SYMBOL+OFF (OBJECT)". */
function parseFrame(line) {
  const m = /^\s*[0-9a-f]+\s+(.*?)\s+\((.*)\)\s*$/.exec(line);
  if (!m) return undefined;
  let sym = m[1].replace(/\+0x[0-9a-f]+$/, '');
  if (sym === '[unknown]') sym = `[${m[2].split('/').pop()}]`;
  const layer = layerOf(sym, m[2]);
  // JIT names carry the tier marker (* optimised, ^ baseline, ~ interpreted): one frame for every tier.
  sym = sym.replace(/^JS:[*^~+]?/, 'JS:').replace(/(file:\/\/)?\/\S*\/(dist|node_modules)\//, '$2/');
  return { sym: sym.length > 160 ? `${sym.slice(0, 157)}...` : sym, layer };
}

/** The samples' stacks, root first, folded into a tree of { name, layer (index in LAYERS), value, children }. */
export function foldPerfScript(text) {
  const root = { name: 'all', layer: LAYERS.length - 1, value: 0, children: new Map() };
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n').filter((l) => l.trim() !== '');
    if (lines.length < 2) continue;
    const frames = lines.slice(1).map(parseFrame).filter(Boolean).reverse();
    const below = frames.findLastIndex((f) => f.sym === 'uv_run');
    let node = root;
    root.value++;
    for (const f of frames.slice(below + 1)) {
      let child = node.children.get(f.sym);
      if (!child) node.children.set(f.sym, (child = { name: f.sym, layer: f.layer, value: 0, children: new Map() }));
      child.value++;
      node = child;
    }
  }
  return root;
}

const xml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The tree as an SVG flame graph; frames narrower than `minShare` (0..1) of the whole are left out. */
export function renderFlameGraph(root, title, minShare) {
  const width = 1200;
  const rowH = 16;
  const pad = 10;
  const rects = [];
  let depthMax = 0;
  const walk = (node, x, depth) => {
    const w = (node.value / root.value) * (width - 2 * pad);
    if (node.value / root.value < minShare) return;
    depthMax = Math.max(depthMax, depth);
    rects.push({ node, x, depth, w });
    let cx = x;
    for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      walk(child, cx, depth + 1);
      cx += (child.value / root.value) * (width - 2 * pad);
    }
  };
  walk(root, pad, 0);
  const legendH = Math.ceil(LAYERS.length / 2) * 18 + 10;
  const top = 40;
  const height = top + (depthMax + 1) * rowH + legendH + pad;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Verdana, sans-serif" font-size="11">`,
    `<title>${xml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${xml(title)}</text>`,
  ];
  const base = top + depthMax * rowH;
  for (const { node, x, depth, w } of rects) {
    const y = base - depth * rowH;
    const share = ((100 * node.value) / root.value).toFixed(2);
    const label = `${node.name} (${share} %, ${node.value} samples)`;
    const chars = Math.floor((w - 6) / 6.5);
    const text = chars >= 3 ? (node.name.length <= chars ? node.name : `${node.name.slice(0, chars - 2)}..`) : '';
    out.push(
      `<g><title>${xml(label)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(0.5, w - 0.5).toFixed(1)}" height="${rowH - 1}" fill="${LAYERS[node.layer][1]}" rx="2"/>` +
        (text ? `<text x="${(x + 3).toFixed(1)}" y="${y + 12}">${xml(text)}</text>` : '') +
        '</g>',
    );
  }
  const ly = base + rowH + 14;
  LAYERS.forEach(([name, colour], i) => {
    const lx = pad + (i % 2) * 420;
    const yy = ly + Math.floor(i / 2) * 18;
    out.push(`<rect x="${lx}" y="${yy}" width="14" height="12" fill="${colour}"/><text x="${lx + 20}" y="${yy + 10}">${xml(name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** `perf script` text as a flame graph whose title ends with its number of samples; `minPercent`: see --min. */
export function perfScriptToSvg(text, title, minPercent = 0.25) {
  const tree = foldPerfScript(text);
  if (tree.value === 0) throw new Error('no samples with stacks (perf record -g, then perf script)');
  return renderFlameGraph(tree, `${title} (${tree.value} samples)`, minPercent / 100);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { title: { type: 'string', default: 'flame graph' }, min: { type: 'string', default: '0.25' } } });
  process.stdout.write(perfScriptToSvg(readFileSync(0, 'utf8'), values.title, Number(values.min)));
}
