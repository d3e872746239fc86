import type { RecommendReport } from './recommend.js';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3));

/** `recommend` as text: one line per ranked result with C, then its raw criteria and S⁺/S⁻; the excluded after. */
export function renderRecommend(r: RecommendReport): string {
  const out: string[] = [];
  const head = [r.use_case ? `use case ${r.use_case}` : 'all use cases', r.rps !== null ? `≥ ${r.rps} req/s` : undefined, ...r.sla].filter(Boolean);
  out.push(`recommend: ${head.join(', ')}`);
  out.push(`criteria: ${r.criteria.map((c) => `${c.name} ${c.direction === 'benefit' ? '↑' : '↓'} ${c.weight.toFixed(2)}`).join(', ')}`);
  out.push('');
  if (r.ranked.length === 0) out.push('no configuration passes');
  for (const x of r.ranked) {
    out.push(`${String(x.rank).padStart(2)}. ${x.label} · C=${x.closeness.toFixed(2)}`);
    const crit = Object.entries(x.criteria).map(([k, v]) => `${k}=${fmt(v)}`);
    out.push(`    ${crit.join('  ')}  S+=${x.s_plus.toFixed(4)} S-=${x.s_minus.toFixed(4)}`);
    out.push(`    ${x.file}${x.step !== null ? ` (step ${x.step})` : ''}`);
  }
  if (r.excluded.length > 0) {
    out.push('');
    out.push('excluded:');
    for (const e of r.excluded) out.push(`  ${e.label} [${e.stage}]: ${e.reason}`);
  }
  for (const n of r.notes) out.push(`note: ${n}`);
  return `${out.join('\n')}\n`;
}
