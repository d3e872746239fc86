import { readJsonFile } from './read-json.js';

/**
 * The peak `gpu_memory_used` (bytes, per GPU: each sample is one GPU's
 * reading) of a `--summary-export` from a run with `--gpu-telemetry`.
 */
export function measuredPeak(file: string): { file: string; gpu_memory_used_peak_bytes: number | null } {
  const doc = readJsonFile(file, '--measured');
  const metrics = (doc.metrics ?? {}) as Record<string, Record<string, unknown>>;
  const max = metrics.gpu_memory_used?.max;
  return { file, gpu_memory_used_peak_bytes: typeof max === 'number' ? max : null };
}
