/**
 * GPUs `llmload vram` sizes against. Memory is what `nvidia-smi
 * --query-gpu=memory.total` reports (MiB), not the marketing GB: an "80GB"
 * H100 has 81,559 MiB. `--gpu-table FILE` (JSON or YAML) replaces the table.
 */
import { readFileSync } from 'node:fs';
import { yaml } from '../lazy-packages.js';
import { LlmloadError } from '../errors.js';

/** One GPU type. */
export interface GpuType {
  name: string;
  /** Device memory in bytes. */
  memoryBytes: number;
  /** Other names a `--gpu` flag or a `gpu` tag may use (case-insensitive). */
  aliases: string[];
}

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

/** The built-in table: memory.total in MiB as the driver reports it. */
export const BUILTIN_GPUS: readonly GpuType[] = [
  { name: 'L4', memoryBytes: 23034 * MIB, aliases: [] },
  { name: 'A10G', memoryBytes: 23028 * MIB, aliases: [] },
  { name: 'L40S', memoryBytes: 46068 * MIB, aliases: [] },
  { name: 'A100-40', memoryBytes: 40960 * MIB, aliases: ['A100-40GB'] },
  { name: 'A100-80', memoryBytes: 81920 * MIB, aliases: ['A100', 'A100-80GB'] },
  { name: 'H100-80', memoryBytes: 81559 * MIB, aliases: ['H100', 'H100-80GB'] },
  { name: 'H200-141', memoryBytes: 143771 * MIB, aliases: ['H200', 'H200-141GB'] },
  { name: 'B200', memoryBytes: 183359 * MIB, aliases: ['B200-180', 'B200-192'] },
];

/** The GPU called `name` (or one of its aliases), case-insensitive. */
export function findGpu(table: readonly GpuType[], name: string): GpuType | undefined {
  const key = name.trim().toLowerCase();
  return table.find((g) => g.name.toLowerCase() === key || g.aliases.some((a) => a.toLowerCase() === key));
}

/**
 * Reads `--gpu-table`: a list of `{ name, memory_gib | memory_mib, aliases? }`
 * or an object `{ NAME: GiB }`. Problems are exit 104 naming the file.
 */
export function readGpuTable(file: string): GpuType[] {
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw bad(file, (err as Error).message);
  }
  const entries: unknown[] = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null
      ? Object.entries(doc).map(([name, gib]) => ({ name, memory_gib: gib }))
      : [];
  if (entries.length === 0) throw bad(file, 'expected a list of { name, memory_gib } or an object { NAME: GiB }');
  return entries.map((e, i) => {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    if (typeof o.name !== 'string' || !o.name) throw bad(file, `entry ${i + 1} has no "name"`);
    const bytes = typeof o.memory_gib === 'number' ? o.memory_gib * GIB : typeof o.memory_mib === 'number' ? o.memory_mib * MIB : undefined;
    if (!bytes || !(bytes > 0)) throw bad(file, `"${o.name}" needs a positive memory_gib or memory_mib`);
    const aliases = Array.isArray(o.aliases) ? o.aliases.map(String) : [];
    return { name: o.name, memoryBytes: bytes, aliases };
  });
}

function bad(file: string, why: string): LlmloadError {
  return new LlmloadError('ERR_INVALID_OPTION', `--gpu-table "${file}": ${why}`);
}
