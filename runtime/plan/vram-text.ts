import type { GpuFit, VramReport } from './vram.js';

const GIB = 1024 ** 3;
const gib = (b: number) => `${(b / GIB).toFixed(2)} GiB`;
const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** `llmload vram` as text: each number beside the formula and inputs that made it. */
export function renderVram(r: VramReport): string {
  const out: string[] = [];
  const row = (label: string, value: string) => out.push(`  ${label.padEnd(22)} ${value}`);
  if (r.model) {
    out.push(`model ${r.model.source} (${r.model.model_type})`);
    const b = r.model.breakdown!;
    const moe = r.model.active_params !== r.model.params ? `, ${int(r.model.active_params)} active per token` : '';
    row('parameters', `${int(r.model.params)} (estimated from the config${moe})`);
    row(
      '',
      `embedding ${int(b.embedding)} + lm_head ${b.lmHead ? int(b.lmHead) : '0 (tied)'} + attention ${int(b.attention)} + mlp ${int(b.mlp)} + norms ${int(b.norms)}`,
    );
  } else {
    out.push('model (no config: --params)');
    row('parameters', int(r.platform_formula.bytes / (r.platform_formula.bits / 8) / 1.2));
  }
  row('weights', `${gib(r.weights.bytes)} = ${r.weights.formula} (${r.weights.dtype})`);
  row("platform's formula", `${gib(r.platform_formula.bytes)} = ${r.platform_formula.formula}`);
  const kv = r.kv;
  if (kv) {
    row('KV per token', `${int(kv.per_token_bytes)} B = ${kv.formula} × ${kv.layers_full + kv.layers_sliding} layers (${kv.dtype})`);
    const layers = [`${kv.layers_full} full`];
    if (kv.layers_sliding) layers.push(`${kv.layers_sliding} sliding-window (keep ≤ ${int(kv.sliding_window ?? 0)} tokens)`);
    if (kv.layers_without_kv) layers.push(`${kv.layers_without_kv} without KV`);
    row('KV layers', layers.join(', '));
    row('KV per sequence', `${gib(kv.per_sequence_bytes)} at ${int(kv.context)} tokens`);
    row('KV for the load', `${gib(kv.load_bytes)} = ${int(kv.concurrency)} sequences × ${gib(kv.per_sequence_bytes)}`);
  } else {
    row('KV cache', 'needs a config.json (layers, KV heads, head size)');
  }
  if (r.fit) {
    out.push('');
    out.push(`fit on ${r.fit.gpu} (${gib(r.fit.gpu_memory_bytes)}) with TP=${r.fit.tp}`);
    fitRows(r.fit, row);
  }
  out.push('');
  out.push(`smallest GPU count (1/2/4/8) per GPU type, at ${kv ? `${int(kv.concurrency)} × ${int(kv.context)} tokens` : 'weights only'}:`);
  for (const t of r.table) {
    const f = t.fit;
    const what = f
      ? `${t.smallest_count} GPU${t.smallest_count === 1 ? '' : 's'}, ${gib(f.headroom_bytes)} headroom per GPU${f.max_concurrency !== null ? `, max ${int(f.max_concurrency)} sequences` : ''}`
      : 'does not fit on 8';
    row(`${t.gpu} (${gib(t.gpu_memory_bytes)})`, what);
  }
  if (r.measured) {
    out.push('');
    const m = r.measured.gpu_memory_used_peak_bytes;
    const est = r.fit ? r.fit.weights_per_gpu_bytes + (r.fit.kv_per_gpu_bytes ?? 0) : undefined;
    row(
      'measured peak',
      m === null
        ? `${r.measured.file} has no gpu_memory_used (run with --gpu-telemetry)`
        : `${gib(m)} gpu_memory_used max per GPU in ${r.measured.file}${est !== undefined ? ` (estimate: weights + KV ${gib(est)} per GPU; vLLM preallocates up to --gpu-util)` : ''}`,
    );
  }
  return `${out.join('\n')}\n`;
}

function fitRows(f: GpuFit, row: (l: string, v: string) => void): void {
  row('usable per GPU', `${gib(f.usable_bytes)} = memory × gpu-util − overhead`);
  row('weights per GPU', `${gib(f.weights_per_gpu_bytes)} = weights / ${f.tp}`);
  if (f.kv_per_gpu_bytes !== null) row('KV per GPU', gib(f.kv_per_gpu_bytes));
  row(
    'headroom per GPU',
    `${gib(f.headroom_bytes)}: ${f.fits ? 'fits' : 'DOES NOT FIT'}${f.tp_valid ? '' : ` (TP=${f.tp} does not divide the attention heads)`}`,
  );
  if (f.max_concurrency !== null) row('max concurrency', `${int(f.max_concurrency)} sequences at this context`);
}
