import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { planMatrix } from '../../runtime/plan/matrix.js';
import { matrixCsv, matrixShell, shellQuote } from '../../runtime/plan/matrix-output.js';

const seed = YAML.parse(`
script: scripts/chat.ts
models: [Qwen/Qwen2.5-7B-Instruct, meta-llama/Llama-3.1-8B-Instruct]
gpus:
  - { type: H100, counts: [1, 2, 4, 8] }
  - A100-80:2
frameworks: [vllm, tgi, lmdeploy]
quant: [fp16, int8, int4]
workloads:
  - { name: chat, use_case: chatbot, env: { RATE: 5 } }
  - { name: rag, use_case: rag, script: scripts/shared-prefix.ts, sweep: sweeps/rag.json }
env: { LLMLOAD_BASE_URL: 'http://{framework}-{gpus}x{gpu}:8000' }
exclude:
  - { framework: tgi, quant: int4 }
`);

describe('matrix plan', () => {
  const plan = planMatrix(seed);

  it('expands every dimension, less the excluded cells', () => {
    // 2 models × 5 GPU settings × 3 frameworks × 3 quants × 2 workloads, less tgi × int4 (2 × 5 × 2).
    expect(plan.runs).toHaveLength(2 * 5 * 3 * 3 * 2 - 2 * 5 * 2);
    expect(plan.runs.some((r) => r.tags.framework === 'tgi' && r.tags.quant === 'int4')).toBe(false);
    expect(new Set(plan.runs.map((r) => r.id)).size).toBe(plan.runs.length);
  });

  it('each run carries its tags, script, sweep, environment and result file', () => {
    const r = plan.runs.find(
      (x) => x.tags.gpu === 'H100' && x.tags.gpus === '4' && x.tags.framework === 'vllm' && x.tags.quant === 'fp16' && x.tags.workload === 'chat',
    )!;
    expect(r.tags).toEqual({
      model: 'Qwen/Qwen2.5-7B-Instruct',
      gpu: 'H100',
      gpus: '4',
      framework: 'vllm',
      quant: 'fp16',
      use_case: 'chatbot',
      workload: 'chat',
    });
    expect(r.id).toBe('qwen-qwen2.5-7b-instruct-vllm-fp16-4xh100-chat');
    expect(r.env).toEqual({ MODEL: 'Qwen/Qwen2.5-7B-Instruct', LLMLOAD_BASE_URL: 'http://vllm-4xH100:8000', RATE: '5' });
    expect(r.sweep).toBeNull();
    expect(r.argv.slice(0, 3)).toEqual(['run', '--tag', 'model=Qwen/Qwen2.5-7B-Instruct']);
    expect(r.argv.slice(-3)).toEqual(['scripts/chat.ts', '--summary-export', `results/${r.id}.json`]);
    const rag = plan.runs.find((x) => x.tags.workload === 'rag')!;
    expect(rag.script).toBe('scripts/shared-prefix.ts');
    expect(rag.argv.slice(0, 3)).toEqual(['sweep', '--config', 'sweeps/rag.json']);
    expect(rag.argv.slice(-2)).toEqual(['--sweep-export', `results/${rag.id}.sweep.json`]);
  });

  it('CSV has one row per run with its command; the shell script runs them all and reports failures', () => {
    const csv = matrixCsv(plan).trim().split('\n');
    expect(csv[0]).toBe('id,model,gpu,gpus,framework,quant,use_case,workload,script,sweep,result,command');
    expect(csv).toHaveLength(plan.runs.length + 1);

    // The script, run with an llmload that records its arguments and fails one run.
    const dir = mkdtempSync(path.join(tmpdir(), 'llmload-matrix-'));
    const small = planMatrix({ script: 's.ts', out: `${dir}/out`, models: ['m'], gpus: ['L4:1', 'H100:1'], workloads: [{ name: 'w', env: { Q: "it's" } }] });
    const fake = path.join(dir, 'fake.sh');
    writeFileSync(fake, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done >> ${dir}/calls\ncase "$*" in *gpu=L4*) exit 99;; esac\n`, { mode: 0o755 });
    writeFileSync(path.join(dir, 'run.sh'), matrixShell(small));
    let code = 0;
    try {
      execFileSync('sh', [path.join(dir, 'run.sh')], { env: { ...process.env, LLMLOAD: fake }, stdio: 'pipe' });
    } catch (err) {
      code = (err as { status: number }).status;
      expect(String((err as { stderr: Buffer }).stderr)).toContain('failed runs: m-1xl4-w');
    }
    expect(code).toBe(1);
    const calls = readFileSync(path.join(dir, 'calls'), 'utf8').trim().split('\n');
    expect(calls.join('\n')).toBe(small.runs.flatMap((r) => r.argv).join('\n'));
    expect(calls).toContain("Q=it's");
  });

  it('shell quoting', () => {
    expect(shellQuote('model=Qwen/Qwen2.5-7B')).toBe('model=Qwen/Qwen2.5-7B');
    expect(shellQuote("a b'c")).toBe(`'a b'\\''c'`);
  });

  it('errors name the key (exit 104)', () => {
    expect(() => planMatrix({ models: ['m'], gpus: ['H100'], script: 's', frameworkz: ['x'] })).toThrow(/unknown key "frameworkz"/);
    expect(() => planMatrix({ models: [], gpus: ['H100'], script: 's' })).toThrow(/matrix.models: needs at least one value/);
    expect(() => planMatrix({ models: ['m'], gpus: [{ type: 'H100', counts: [3.5] }], script: 's' })).toThrow(/matrix.gpus\[0\].counts/);
    expect(() => planMatrix({ models: ['m'], gpus: ['H100'] })).toThrow(/no script/);
  });
});
