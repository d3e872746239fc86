// vLLM's benchmark client as a streaming peer, run only when VLLM_BENCH points to a checkout of vLLM with its
// Python dependencies installed (aiohttp, numpy, transformers, datasets, Pillow, tqdm). It runs
// benchmarks/benchmark_serving.py against the same zero-delay mock as llmload: openai-chat backend, random
// prompts, exactly `outputTokens` tokens (ignore_eos), `concurrency` requests in flight, rate inf.
//   VLLM_BENCH            the checkout (or its benchmarks/ folder)
//   VLLM_BENCH_PYTHON     the interpreter (default python3)
//   VLLM_BENCH_TOKENIZER  a local Hugging Face tokenizer folder for its random prompts (default: the test
//                         fixture test/fixtures/tokenizers/bpe-small; it never downloads one)
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';
import { runMeasured } from './measured-process.mjs';

/** benchmark_serving.py under $VLLM_BENCH, or `{ skipped: reason }`. */
export function vllmBenchScript() {
  const dir = process.env.VLLM_BENCH;
  if (!dir) return { skipped: "VLLM_BENCH not set (a checkout of vLLM's benchmarks with their Python deps; see bench/README.md)" };
  const script = [path.join(dir, 'benchmarks/benchmark_serving.py'), path.join(dir, 'benchmark_serving.py')].find((p) => existsSync(p));
  return script ? { script } : { skipped: `no benchmark_serving.py under VLLM_BENCH=${dir}` };
}

/**
 * Runs the client; resolves with its completed requests, req/s (its own `request_throughput`) and the CPU of its
 * process tree from its "Starting main benchmark run" line to its exit: its Python imports (seconds of CPU) are
 * left out, its own post-processing of the results is in.
 */
export async function runVllmBench(url, { script, concurrency, outputTokens, prompts, tmp }) {
  const tokenizer = process.env.VLLM_BENCH_TOKENIZER || path.join(root, 'test/fixtures/tokenizers/bpe-small');
  const resultFile = 'vllm-bench.json';
  const args = [
    '-u',
    script,
    ...['--backend', 'openai-chat', '--base-url', url, '--endpoint', '/v1/chat/completions'],
    ...['--model', 'llmload-mock', '--tokenizer', tokenizer, '--dataset-name', 'random'],
    ...['--random-input-len', '16', '--random-output-len', String(outputTokens), '--ignore-eos'],
    ...['--num-prompts', String(prompts), '--max-concurrency', String(concurrency), '--request-rate', 'inf'],
    ...['--save-result', '--result-dir', tmp, '--result-filename', resultFile, '--disable-tqdm'],
  ];
  const r = await runMeasured(process.env.VLLM_BENCH_PYTHON || 'python3', args, {
    cwd: path.dirname(script),
    env: { ...process.env, HF_HUB_OFFLINE: '1', TRANSFORMERS_OFFLINE: '1' },
    onOutput: (text, mark) => {
      if (/Starting main benchmark run/.test(text)) mark('start');
    },
  });
  if (r.code !== 0) throw new Error(`vLLM benchmark client: exit ${r.code}\n${(r.stdout + r.stderr).slice(-3000)}`);
  if (!r.marks.start) throw new Error(`vLLM benchmark client: no "Starting main benchmark run" line\n${r.stdout.slice(-2000)}`);
  const result = JSON.parse(readFileSync(path.join(tmp, resultFile), 'utf8'));
  return {
    requests: result.completed,
    failed: prompts - result.completed,
    rps: result.request_throughput,
    cpuSeconds: r.cpuSeconds - r.marks.start.cpu,
    ttftP50: result.median_ttft_ms,
  };
}
