import { LlmloadError } from '../errors.js';

/** Bytes per element of each weight / KV-cache dtype `llmload vram` accepts (and config `torch_dtype` names). */
const BYTES: Record<string, number> = {
  fp32: 4,
  float32: 4,
  bf16: 2,
  bfloat16: 2,
  fp16: 2,
  float16: 2,
  half: 2,
  fp8: 1,
  fp8_e4m3: 1,
  fp8_e5m2: 1,
  int8: 1,
  int4: 0.5,
};

/** Bytes per element of `dtype`; exit 104 naming `flag` for an unknown one. */
export function dtypeBytes(dtype: string, flag: string): number {
  const b = BYTES[dtype.toLowerCase()];
  if (b === undefined) throw new LlmloadError('ERR_INVALID_OPTION', `${flag}: unknown dtype "${dtype}" (use bf16, fp16, fp8, int8 or int4)`);
  return b;
}

/** The short name (bf16, fp16, fp32...) of a dtype or config `torch_dtype`. */
export function shortDtype(dtype: string): string {
  const d = dtype.toLowerCase();
  return d === 'bfloat16' ? 'bf16' : d === 'float16' || d === 'half' ? 'fp16' : d === 'float32' ? 'fp32' : d;
}
