/** `llmload vram [config.json|folder]`: memory estimate, formula by formula (runtime/plan/vram.ts). */
import type { Argv } from 'yargs';
import { invalidOption } from '../errors.js';
import { dtypeBytes, shortDtype } from '../plan/dtypes.js';
import { BUILTIN_GPUS, findGpu, readGpuTable, type GpuType } from '../plan/gpu-table.js';
import { measuredPeak } from '../plan/measured.js';
import { readModelConfig } from '../plan/model-config.js';
import { estimateVram } from '../plan/vram.js';
import { renderVram } from '../plan/vram-text.js';

const GIB = 1024 ** 3;

export function vramFlags<T>(y: Argv<T>): Argv<T> {
  return y
    .positional('config', { type: 'string', describe: "a Hugging Face config.json, or the model's folder (never downloaded)" })
    .option('params', { type: 'string', describe: 'parameter count instead of a config (e.g. 8e9, 70B); no KV estimate then' })
    .option('weight-dtype', { type: 'string', describe: "weights: bf16, fp16, fp8, int8, int4 (default: the config's torch_dtype if 16-bit, else bf16)" })
    .option('kv-dtype', { type: 'string', describe: 'KV cache: bf16, fp16, fp8 (default: as vLLM, the 16-bit dtype the model runs in)' })
    .option('context', { type: 'number', default: 4096, describe: 'tokens per sequence (prompt + output)' })
    .option('concurrency', { type: 'number', default: 1, describe: 'sequences in flight' })
    .option('tokens', { type: 'number', describe: 'tokens in flight in all (instead of --context: split over --concurrency)' })
    .option('tp', { type: 'number', default: 1, describe: 'tensor-parallel GPUs for the fit' })
    .option('gpu', { type: 'string', describe: 'GPU to fit on, from the table (L4, A10G, L40S, A100-40, A100-80, H100-80, H200-141, B200)' })
    .option('gpu-mem', { type: 'number', describe: 'GPU memory in GiB (instead of --gpu)' })
    .option('gpu-util', { type: 'number', default: 0.9, describe: "share of GPU memory the server may use (vLLM's gpu_memory_utilization)" })
    .option('overhead', { type: 'number', default: 1, describe: 'GiB per GPU outside weights and KV (activations, CUDA graphs, CUDA context)' })
    .option('gpu-table', { type: 'string', describe: 'JSON/YAML file replacing the built-in GPU table: [{name, memory_gib}] or {NAME: GiB}' })
    .option('measured', { type: 'string', describe: 'a --summary-export of a run with --gpu-telemetry: its peak gpu_memory_used beside the estimate' })
    .option('format', { choices: ['text', 'json'] as const, default: 'text', describe: 'output format' }) as unknown as Argv<T>;
}

/** Parses `8e9`, `8030261248`, `8B`, `70b`, `1.5T`. */
export function parseParamCount(v: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[0-9]+)?)\s*([kmbt]?)\s*$/i.exec(v);
  const scale: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
  const n = m ? Number(m[1]) * scale[m[2]!.toLowerCase()]! : NaN;
  if (!(n > 0)) throw invalidOption('--params', `expected a count like 8e9 or 70B, got "${v}"`);
  return n;
}

export async function vramCommand(argv: Record<string, unknown>): Promise<number> {
  const configPath = argv.config as string | undefined;
  if (!configPath && argv.params === undefined) throw invalidOption('vram', 'give a config.json (or model folder) or --params');
  const shape = configPath ? readModelConfig(configPath) : undefined;
  const table = argv.gpuTable ? readGpuTable(String(argv.gpuTable)) : [...BUILTIN_GPUS];
  const positive = (name: string, v: unknown) => {
    if (typeof v !== 'number' || !(v > 0)) throw invalidOption(`--${name}`, `expected a positive number, got ${String(v)}`);
    return v;
  };
  const util = positive('gpu-util', argv.gpuUtil);
  if (util > 1) throw invalidOption('--gpu-util', `a share of memory is at most 1, got ${util}`);
  const concurrency = Math.round(positive('concurrency', argv.concurrency));
  const context = argv.tokens !== undefined ? positive('tokens', argv.tokens) / concurrency : positive('context', argv.context);
  const tp = positive('tp', argv.tp);
  if (!Number.isInteger(tp)) throw invalidOption('--tp', `expected a whole number of GPUs, got ${tp}`);
  let gpu: GpuType | undefined;
  if (argv.gpuMem !== undefined) gpu = { name: `${argv.gpuMem} GiB`, memoryBytes: positive('gpu-mem', argv.gpuMem) * GIB, aliases: [] };
  else if (argv.gpu !== undefined) {
    gpu = findGpu(table, String(argv.gpu));
    if (!gpu) throw invalidOption('--gpu', `no GPU "${argv.gpu}" in the table (${table.map((g) => g.name).join(', ')}); or give --gpu-mem GiB`);
  }
  // vLLM's dtype "auto": a 16-bit checkpoint runs in its dtype, an fp32 one in bf16; the KV cache follows.
  const native = shape?.dtype && ['bf16', 'fp16'].includes(shortDtype(shape.dtype)) ? shortDtype(shape.dtype) : 'bf16';
  const weightDtype = shortDtype(argv.weightDtype === undefined ? native : String(argv.weightDtype));
  const kvDtype = shortDtype(argv.kvDtype === undefined ? native : String(argv.kvDtype));
  const report = estimateVram({
    ...(shape && { shape }),
    ...(argv.params !== undefined && { params: parseParamCount(String(argv.params)) }),
    weightDtype,
    weightBytes: dtypeBytes(weightDtype, '--weight-dtype'),
    kvDtype,
    kvBytes: dtypeBytes(kvDtype, '--kv-dtype'),
    context,
    concurrency,
    tp,
    ...(gpu && { gpu }),
    gpuUtil: util,
    overheadBytes: (typeof argv.overhead === 'number' ? argv.overhead : 1) * GIB,
    table,
  });
  if (argv.measured) report.measured = measuredPeak(String(argv.measured));
  process.stdout.write(argv.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderVram(report));
  return 0;
}
