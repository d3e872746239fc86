import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Ajv } from 'ajv';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runCli } from '../support/cli.js';

const FIX = path.join(repoRoot, 'test/fixtures/plan');
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'llmload-plan-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const readJson = async (f: string) => JSON.parse(await readFile(f, 'utf8'));

describe('llmload vram', () => {
  it('Llama-3.1-8B: 131,072 B of KV per token, 8.03e9 parameters, formulas in the text', async () => {
    const json = await runCli(['vram', path.join(FIX, 'llama-3.1-8b.json'), '--gpu', 'H100', '--context', '8192', '--concurrency', '32', '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.kv.per_token_bytes).toBe(131072);
    expect(Math.abs(r.model.params - 8.03e9) / 8.03e9).toBeLessThan(0.01);
    expect(r.platform_formula.bytes).toBeCloseTo(r.model.params * 2 * 1.2, 0);
    expect(r.fit).toMatchObject({ gpu: 'H100-80', tp: 1, fits: true });
    expect(r.table.map((t: { gpu: string }) => t.gpu)).toEqual(['L4', 'A10G', 'L40S', 'A100-40', 'A100-80', 'H100-80', 'H200-141', 'B200']);

    const text = await runCli(['vram', path.join(FIX, 'llama-3.1-8b.json')]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('params × bits/8 × 1.2 = 8030261248 × 16/8 × 1.2');
    expect(text.stdout).toContain('131,072 B = 2 × kv_heads × head_dim × bytes = 2 × 8 × 128 × 2 per layer × 32 layers (bf16)');
    expect(text.stdout).toContain('(estimated from the config)');
  });

  it('MLA (DeepSeek-V3): 70,272 B per token', async () => {
    const r = await runCli(['vram', path.join(FIX, 'deepseek-v3.json'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).kv.per_token_bytes).toBe(70272);
  });

  it('bad inputs exit 104 naming the flag or file', async () => {
    const dtype = await runCli(['vram', path.join(FIX, 'llama-3.1-8b.json'), '--weight-dtype', 'int3']);
    expect(dtype.code).toBe(104);
    expect(dtype.stderr).toContain('--weight-dtype: unknown dtype "int3"');
    const gpu = await runCli(['vram', '--params', '7B', '--gpu', 'TPU']);
    expect(gpu.code).toBe(104);
    expect(gpu.stderr).toContain('--gpu: no GPU "TPU"');
    const missing = await runCli(['vram', path.join(tmp, 'nope.json')]);
    expect(missing.code).toBe(104);
    expect(missing.stderr).toContain('nope.json');
  });
});

describe('llmload recommend over fixture results', () => {
  it('a use case brings its SLA and criteria; --accuracy reads a CSV; bad input exits 104', async () => {
    const csv = path.join(tmp, 'accuracy.csv');
    await writeFile(csv, 'model,score\nQwen2.5-7B,0.74\nLlama-3.1-8B,0.69\n');
    const r = await runCli(['recommend', path.join(FIX, 'results'), '--use-case', 'chatbot', '--accuracy', csv, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sla).toEqual(['llm_ttft:p(95)<500', 'llm_tpot:p(95)<50', 'llm_req_failed:rate<0.01']);
    // No --gpu-price: the use case's cost criterion is left out, and said so.
    expect(report.criteria.map((c: { name: string }) => c.name)).toEqual(['output_tok_s', 'llm_ttft.p95', 'gpus']);
    expect(report.notes[0]).toContain('cost_per_mtok left out');
    // Step 3 of the H200 sweep failed 6 of 600 requests (1 %, not < 1 %): step 2 stands for it.
    expect(report.ranked.find((x: { tags: { gpu: string } }) => x.tags.gpu === 'H200').step).toBe(2);

    const acc = await runCli([
      'recommend',
      path.join(FIX, 'results'),
      '--accuracy',
      csv,
      '--sla',
      'accuracy:value>=0.7',
      '--criteria',
      'accuracy:+:1',
      '--format',
      'json',
    ]);
    expect(acc.code, acc.stderr).toBe(0);
    expect(new Set(JSON.parse(acc.stdout).ranked.map((x: { tags: { model: string } }) => x.tags.model))).toEqual(new Set(['Qwen2.5-7B']));

    const bad = await runCli(['recommend', path.join(FIX, 'results'), '--sla', 'llm_ttft<300']);
    expect(bad.code).toBe(104);
    expect(bad.stderr).toContain('--sla: "llm_ttft<300": expected METRIC:EXPRESSION');
    const unknown = await runCli(['recommend', path.join(FIX, 'results'), '--use-case', 'gaming']);
    expect(unknown.code).toBe(104);
    expect(unknown.stderr).toContain('--use-case: unknown use case "gaming"');
  });
});

describe('matrix plan → run → recommend against --mock', () => {
  it('three mock speeds standing in for three GPUs: the slow one fails the SLA, the fast one ranks first', { timeout: 240_000 }, async () => {
    // The fixture matrix, with the script made absolute, results in tmp and GPU telemetry from the mock's fake DCGM.
    const seed = YAML.parse(await readFile(path.join(FIX, 'matrix.yaml'), 'utf8'));
    seed.script = path.join(FIX, 'chat.ts');
    seed.out = path.join(tmp, 'results');
    seed.args.push('--gpu-telemetry', '/dcgm/metrics');
    const matrixFile = path.join(tmp, 'matrix.yaml');
    await writeFile(matrixFile, YAML.stringify(seed));

    const planned = await runCli(['matrix', 'plan', matrixFile, '--out-dir', path.join(tmp, 'plan')]);
    expect(planned.code, planned.stderr).toBe(0);
    const plan = JSON.parse(planned.stdout);
    expect(plan.runs.map((r: { tags: { gpu: string } }) => r.tags.gpu)).toEqual(['L4', 'A100-80', 'H100']);
    expect(await readFile(path.join(tmp, 'plan/matrix.csv'), 'utf8')).toContain('qwen2.5-7b-vllm-fp16-1xh100-chat,Qwen2.5-7B,H100,1,vllm,fp16,chatbot,chat');

    // The shell script, as a user runs it; $LLMLOAD points it at this checkout's bin.
    await promisify(execFile)('sh', [path.join(tmp, 'plan/run-matrix.sh')], {
      cwd: tmp,
      env: { ...process.env, NO_COLOR: '1', LLMLOAD: `${process.execPath} ${binPath}` },
      timeout: 200_000,
    });
    const files = (await readdir(path.join(tmp, 'results'))).sort();
    expect(files).toHaveLength(3);
    const results = Object.fromEntries(await Promise.all(files.map(async (f) => [f, await readJson(path.join(tmp, 'results', f))] as const)));
    for (const [f, s] of Object.entries(results)) {
      // Each result file knows its matrix cell.
      expect(s.tags, f).toMatchObject({ model: 'Qwen2.5-7B', framework: 'vllm', quant: 'fp16', gpus: '1', use_case: 'chatbot' });
      expect(s.llm.failed, f).toBe(0);
    }
    const h100 = results['qwen2.5-7b-vllm-fp16-1xh100-chat.json'];
    const l4 = results['qwen2.5-7b-vllm-fp16-1xl4-chat.json'];
    expect(l4.llm.ttft.p95).toBeGreaterThan(150);
    expect(h100.llm.ttft.p95).toBeLessThan(100);

    const out = path.join(tmp, 'recommend.json');
    const args = ['recommend', path.join(tmp, 'results'), '--use-case', 'chatbot', '--sla', 'llm_ttft:p(95)<100', '--rps', '5'];
    const prices = ['--gpu-price', 'L4=0.8,A100=1.8', '--gpu-price', 'H100=2.5'];
    const criteria = ['--criteria', 'output_tok_s:+:0.3,llm_ttft.p95:-:0.3,cost_per_mtok:-:0.2,energy_per_token:-:0.2'];
    const rec = await runCli([...args, ...prices, ...criteria, '--out', out]);
    expect(rec.code, rec.stderr).toBe(0);
    expect(rec.stdout).toMatch(/ 1\. Qwen2\.5-7B · vllm · fp16 · 1×H100 · C=0\.\d\d/);
    expect(rec.stdout).toMatch(/Qwen2\.5-7B · vllm · fp16 · 1×L4 \[sla\]: fails llm_ttft:p\(95\)<100 \(observed \d+/);

    const report = await readJson(out);
    const schema = await readJson(path.join(repoRoot, 'types/recommend.schema.json'));
    const validate = new Ajv().compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.ranked.map((r: { tags: { gpu: string } }) => r.tags.gpu)).toEqual(['H100', 'A100-80']);
    const top = report.ranked[0];
    // The criteria are the run's own numbers.
    expect(top.criteria.output_tok_s).toBe(h100.llm.output_token_throughput);
    expect(top.criteria['llm_ttft.p95']).toBe(h100.metrics.llm_ttft['p(95)']);
    expect(top.criteria.energy_per_token).toBe(h100.gpu_energy.mj_per_output_token);
    expect(top.criteria.cost_per_mtok).toBeCloseTo((2.5 / (h100.llm.output_token_throughput * 3600)) * 1e6, 9);
    expect(report.excluded).toEqual([expect.objectContaining({ stage: 'sla', file: path.join(tmp, 'results', 'qwen2.5-7b-vllm-fp16-1xl4-chat.json') })]);

    // vram --measured: the run's peak gpu_memory_used beside the estimate.
    const h100File = path.join(tmp, 'results', 'qwen2.5-7b-vllm-fp16-1xh100-chat.json');
    const vram = await runCli(['vram', path.join(FIX, 'qwen2.5-7b.json'), '--gpu', 'H100', '--measured', h100File, '--format', 'json']);
    expect(vram.code, vram.stderr).toBe(0);
    expect(JSON.parse(vram.stdout).measured.gpu_memory_used_peak_bytes).toBe(h100.metrics.gpu_memory_used.max);
  });
});
