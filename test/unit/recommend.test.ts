import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseCriteria } from '../../runtime/plan/criteria.js';
import { BUILTIN_GPUS } from '../../runtime/plan/gpu-table.js';
import { headroomFor } from '../../runtime/plan/headroom.js';
import { readModelConfig } from '../../runtime/plan/model-config.js';
import { recommend, type RecommendInput } from '../../runtime/plan/recommend.js';
import { readResultFile } from '../../runtime/plan/result-files.js';
import { parseSla } from '../../runtime/plan/sla.js';
import { topsis } from '../../runtime/plan/topsis.js';
import { DEFAULT_USE_CASES } from '../../runtime/plan/use-cases.js';

const dir = path.join(__dirname, '../fixtures/plan/results');
const files = readdirSync(dir)
  .sort()
  .map((f) => readResultFile(path.join(dir, f)));
const schema = JSON.parse(readFileSync(path.join(__dirname, '../../types/recommend.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);
const byName = (name: string) => (f: { file: string }) => path.basename(f.file) === name;

const input = (over: Partial<RecommendInput> = {}): RecommendInput => ({
  files,
  useCase: 'chatbot',
  rps: 15,
  sla: ['llm_ttft:p(95)<500', 'llm_req_failed:rate<0.02'].map(parseSla),
  criteria: parseCriteria(DEFAULT_USE_CASES.chatbot!.criteria),
  top: 10,
  derive: { prices: { H100: 2.5, A100: 1.8, 'H200-141': 3.5, B200: 6 }, accuracy: {}, table: BUILTIN_GPUS },
  ...over,
});

describe('recommend over fixture summaries and sweeps', () => {
  const r = recommend(input());

  it('drops what fails the use case, the SLA and --rps, each with its reason', () => {
    const why = Object.fromEntries(r.excluded.map((e) => [path.basename(e.file), `${e.stage}: ${e.reason}`]));
    expect(why).toEqual({
      'l40s-rag.json': 'use_case: use_case is rag',
      'l4-x1.json': 'sla: fails llm_ttft:p(95)<500 (observed 900)',
      // Its third step breaks the SLA (p95 9000 ms): the max passing rate is step 2's 10 req/s.
      'sweep-b200-x8.json': 'rps: max passing rate 10 req/s < --rps 15',
    });
  });

  it('ranks the rest with TOPSIS on their raw criteria; a sweep stands as its max passing step', () => {
    expect(r.ranked.map((x) => path.basename(x.file))).toHaveLength(3);
    const sweep = r.ranked.find(byName('sweep-h200-x1.json'))!;
    expect(sweep.step).toBe(3);
    expect(sweep.req_s).toBeCloseTo((20 * 594) / 600, 10);
    expect(sweep.criteria['llm_ttft.p95']).toBe(240);
    const h100 = r.ranked.find(byName('h100-x4.json'))!;
    // cost per million output tokens: 4 GPUs × $2.5/h ÷ (2400 tok/s × 3600 s/h) × 1e6.
    expect(h100.criteria.cost_per_mtok).toBeCloseTo(((4 * 2.5) / (2400 * 3600)) * 1e6, 10);
    expect(h100.label).toBe('Qwen2.5-7B · vllm · fp16 · 4×H100');
    // The closeness is TOPSIS on exactly the raw values reported.
    const names = r.criteria.map((c) => c.name);
    const t = topsis(
      r.ranked.map((x) => names.map((n) => x.criteria[n]!)),
      r.criteria.map((c) => ({ weight: c.weight, benefit: c.direction === 'benefit' })),
    );
    r.ranked.forEach((x, i) => {
      expect(x.closeness).toBeCloseTo(t.closeness[i]!, 12);
      expect(x.s_plus).toBeCloseTo(t.sPlus[i]!, 12);
      if (i > 0) expect(x.closeness).toBeLessThanOrEqual(r.ranked[i - 1]!.closeness);
    });
    expect(r.criteria.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 12);
  });

  it('its JSON validates against types/recommend.schema.json', () => {
    expect(validate(JSON.parse(JSON.stringify(r))), JSON.stringify(validate.errors)).toBe(true);
    const none = recommend(input({ rps: 1e9 }));
    expect(none.ranked).toEqual([]);
    expect(validate(JSON.parse(JSON.stringify(none))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('flipping a criterion from benefit to cost flips the order', () => {
    const up = recommend(input({ criteria: parseCriteria('output_tok_s:+:1') })).ranked.map((x) => x.file);
    const down = recommend(input({ criteria: parseCriteria('output_tok_s:-:1') })).ranked.map((x) => x.file);
    expect(down).toEqual([...up].reverse());
  });

  it('a criterion no result has is left out with a note; one some lack drops those results', () => {
    const noPrices = recommend(input({ derive: { prices: {}, accuracy: {}, table: BUILTIN_GPUS } }));
    expect(noPrices.criteria.map((c) => c.name)).not.toContain('cost_per_mtok');
    expect(noPrices.notes.join('\n')).toContain('cost_per_mtok left out');
    const some = recommend(input({ derive: { prices: { H100: 2.5 }, accuracy: {}, table: BUILTIN_GPUS } }));
    expect(some.ranked.map((x) => path.basename(x.file))).toEqual(['h100-x4.json']);
    expect(some.excluded.filter((e) => e.stage === 'criteria')).toHaveLength(2);
  });

  it('SLA on a derived value (accuracy) and on a metric a sweep row does not keep', () => {
    const acc = recommend(
      input({ sla: [parseSla('accuracy:value>=0.7')], derive: { ...input().derive, accuracy: { 'Qwen2.5-7B': 0.8, 'Llama-3.1-8B': 0.6 } } }),
    );
    expect(acc.ranked.every((x) => x.tags.model === 'Qwen2.5-7B')).toBe(true);
    // p(90) is not a sweep column, but the sweep's own SLO kept it (observed 180 at step 3).
    const p90 = recommend(input({ sla: [parseSla('llm_ttft:p(90)<300')], rps: 0 }));
    expect(p90.ranked.find(byName('sweep-h200-x1.json'))!.step).toBe(3);
    // p(75) is kept nowhere: not measured is not a pass.
    const p75 = recommend(input({ sla: [parseSla('llm_ttft:p(75)<300')], rps: 0 }));
    expect(p75.ranked).toEqual([]);
    expect(p75.excluded.find(byName('h100-x4.json'))!.reason).toContain('not measured');
  });

  it('--top keeps the best N', () => {
    const top1 = recommend(input({ top: 1 }));
    expect(top1.ranked).toHaveLength(1);
    expect(top1.ranked[0]!.file).toBe(r.ranked[0]!.file);
    expect(top1.notes.join('\n')).toContain('2 more ranked below the top 1');
  });
});

describe('vram_headroom', () => {
  it("is the share of usable memory left after weights and the run's KV, by vram's formulas", () => {
    const qwen = readModelConfig(path.join(__dirname, '../fixtures/plan/qwen2.5-7b.json'));
    const headroom = headroomFor(new Map([['Qwen2.5-7B', qwen]]), BUILTIN_GPUS, 4096);
    const obs = files.find(byName('h100-x4.json'))!.observations[0]!;
    expect(obs.concurrency).toBe(32);
    const usable = 81559 * 1024 ** 2 * 0.9 - 1024 ** 3;
    // 4 GPUs: weights / 4; Qwen2.5-7B has 4 KV heads, one per GPU: KV / 4. 57,344 B per token (2 × 28 × 4 × 128 × 2).
    const expected = (usable - (7_615_616_512 * 2) / 4 - (32 * 4096 * 57_344) / 4) / usable;
    expect(headroom({ model: 'Qwen2.5-7B', gpu: 'H100', gpus: '4', quant: 'fp16' }, obs)).toBeCloseTo(expected, 12);
    // int4 weights leave more room; an unknown model has no value.
    expect(headroom({ model: 'Qwen2.5-7B', gpu: 'H100', gpus: '4', quant: 'awq' }, obs)!).toBeGreaterThan(expected);
    expect(headroom({ model: 'other', gpu: 'H100', gpus: '4' }, obs)).toBeUndefined();
    const r = recommend(input({ criteria: parseCriteria('vram_headroom:+:1'), derive: { ...input().derive, headroom } }));
    expect(r.ranked.map((x) => path.basename(x.file)).sort()).toEqual(['a100-x2.json', 'h100-x4.json']);
    expect(r.excluded.filter((e) => e.stage === 'criteria').map((e) => path.basename(e.file))).toEqual(['sweep-h200-x1.json']);
  });
});

describe('parsing', () => {
  it('--sla uses the threshold syntax and its errors', () => {
    expect(parseSla('llm_ttft:p(90)<300')).toMatchObject({ metric: 'llm_ttft', aggregation: 'p(90)', operator: '<', value: 300 });
    expect(parseSla('llm_ttft{scenario:chat}:p(99)<=1e3')).toMatchObject({ metric: 'llm_ttft{scenario:chat}', aggregation: 'p(99)', value: 1000 });
    expect(() => parseSla('llm_ttft p(90)<300')).toThrow(/--sla.*METRIC:EXPRESSION/);
    expect(() => parseSla('llm_ttft:p90<300')).toThrow(/unknown aggregation/);
  });

  it('--criteria: name, direction, weight', () => {
    expect(parseCriteria('output_tok_s:+:0.3,llm_ttft.p90:-:0.3')).toEqual([
      { name: 'output_tok_s', benefit: true, weight: 0.3 },
      { name: 'llm_ttft.p90', benefit: false, weight: 0.3 },
    ]);
    expect(() => parseCriteria('output_tok_s:up:1')).toThrow(/--criteria/);
    expect(() => parseCriteria('a:+:1,a:-:1')).toThrow(/twice/);
  });
});
