import type { MetricType, ValueType } from 'llmload/plugin';

/**
 * How a DCGM field becomes an llmload metric:
 * - `level`: a reading (utilization, power, clocks...) → one sample per scrape;
 * - `counter`: a cumulative counter → the delta since the previous scrape;
 * - `throughput`: a bytes-per-second reading → bytes over the scrape interval
 *   (rate × Δt, trapezoid), so it adds up like a counter. When the exporter
 *   declares the field a counter (older dcgm-exporter lists), it is one.
 */
export type FieldKind = 'level' | 'counter' | 'throughput';

export interface DcgmField {
  metric: string;
  kind: FieldKind;
  /** Multiplier from the exporter's unit to llmload's (MiB → bytes, mJ → J, ratio → %). */
  scale: number;
  /** Fields DCGM stores as int32, whose blank sentinel is 0x7ffffff0 and up. */
  int32?: boolean;
}

const MiB = 1024 * 1024;

/** DCGM field (as dcgm-exporter names it) → metric. Units after scaling are in the metric table. */
export const DCGM_FIELDS: Readonly<Record<string, DcgmField>> = {
  DCGM_FI_DEV_GPU_UTIL: { metric: 'gpu_utilization', kind: 'level', scale: 1, int32: true },
  DCGM_FI_PROF_SM_ACTIVE: { metric: 'gpu_sm_active', kind: 'level', scale: 100 },
  DCGM_FI_PROF_PIPE_TENSOR_ACTIVE: { metric: 'gpu_tensor_active', kind: 'level', scale: 100 },
  DCGM_FI_PROF_DRAM_ACTIVE: { metric: 'gpu_dram_active', kind: 'level', scale: 100 },
  DCGM_FI_DEV_FB_USED: { metric: 'gpu_memory_used', kind: 'level', scale: MiB, int32: true },
  DCGM_FI_DEV_FB_FREE: { metric: 'gpu_memory_free', kind: 'level', scale: MiB, int32: true },
  DCGM_FI_DEV_POWER_USAGE: { metric: 'gpu_power', kind: 'level', scale: 1 },
  DCGM_FI_DEV_GPU_TEMP: { metric: 'gpu_temperature', kind: 'level', scale: 1, int32: true },
  DCGM_FI_DEV_SM_CLOCK: { metric: 'gpu_sm_clock', kind: 'level', scale: 1, int32: true },
  DCGM_FI_DEV_MEM_CLOCK: { metric: 'gpu_mem_clock', kind: 'level', scale: 1, int32: true },
  DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION: { metric: 'gpu_energy', kind: 'counter', scale: 0.001 },
  DCGM_FI_PROF_PCIE_TX_BYTES: { metric: 'gpu_pcie_tx_bytes', kind: 'throughput', scale: 1 },
  DCGM_FI_PROF_PCIE_RX_BYTES: { metric: 'gpu_pcie_rx_bytes', kind: 'throughput', scale: 1 },
  DCGM_FI_PROF_NVLINK_TX_BYTES: { metric: 'gpu_nvlink_tx_bytes', kind: 'throughput', scale: 1 },
  DCGM_FI_PROF_NVLINK_RX_BYTES: { metric: 'gpu_nvlink_rx_bytes', kind: 'throughput', scale: 1 },
};

/** The metrics the dcgm source emits, defined before the test so thresholds can name them. */
export const GPU_METRICS: ReadonlyArray<{ name: string; type: MetricType; contains: ValueType; unit: string }> = [
  // Readings are trends, not gauges: `avg`, `max`, `p(95)` over the run are what
  // thresholds and the summary need (a k6 gauge only keeps the last value).
  { name: 'gpu_utilization', type: 'trend', contains: 'default', unit: '%' },
  { name: 'gpu_sm_active', type: 'trend', contains: 'default', unit: '%' },
  { name: 'gpu_tensor_active', type: 'trend', contains: 'default', unit: '%' },
  { name: 'gpu_dram_active', type: 'trend', contains: 'default', unit: '%' },
  { name: 'gpu_memory_used', type: 'trend', contains: 'data', unit: 'bytes' },
  { name: 'gpu_memory_free', type: 'trend', contains: 'data', unit: 'bytes' },
  { name: 'gpu_power', type: 'trend', contains: 'default', unit: 'W' },
  { name: 'gpu_temperature', type: 'trend', contains: 'default', unit: '°C' },
  { name: 'gpu_sm_clock', type: 'trend', contains: 'default', unit: 'MHz' },
  { name: 'gpu_mem_clock', type: 'trend', contains: 'default', unit: 'MHz' },
  { name: 'gpu_energy', type: 'counter', contains: 'default', unit: 'J' },
  { name: 'gpu_pcie_tx_bytes', type: 'counter', contains: 'data', unit: 'bytes' },
  { name: 'gpu_pcie_rx_bytes', type: 'counter', contains: 'data', unit: 'bytes' },
  { name: 'gpu_nvlink_tx_bytes', type: 'counter', contains: 'data', unit: 'bytes' },
  { name: 'gpu_nvlink_rx_bytes', type: 'counter', contains: 'data', unit: 'bytes' },
];

/** DCGM_INT64_BLANK (0x7ffffffffffffff0) and up: "blank / not supported". */
const INT64_BLANK = 9223372036854775792n;
/** DCGM_INT32_BLANK (0x7ffffff0) and up, for int32 fields. */
const INT32_BLANK = 2147483632;
/** DCGM_FP64_BLANK (2^47) and up. */
const FP64_BLANK = 140737488355328;

/**
 * True for DCGM's "blank" sentinels, judged on the value as printed: an
 * integer ≥ 9223372036854775792 (exact, before float rounding), a float
 * ≥ 1.40737488355328e14, or for int32 fields an integer ≥ 2147483632.
 */
export function isDcgmBlank(raw: string, int32 = false): boolean {
  const text = raw.trim();
  if (/^\+?\d+$/.test(text)) {
    const n = BigInt(text.replace('+', ''));
    return n >= INT64_BLANK || (int32 && n >= BigInt(INT32_BLANK));
  }
  const v = Number(text);
  return Number.isFinite(v) && v >= FP64_BLANK;
}

/** The field for a series name, tolerating a `_total` suffix added by relabelling. */
export function dcgmFieldOf(name: string): { id: string; field: DcgmField } | undefined {
  const id = name.endsWith('_total') && !(name in DCGM_FIELDS) ? name.slice(0, -'_total'.length) : name;
  const field = DCGM_FIELDS[id];
  return field ? { id, field } : undefined;
}

/** First present label among `names` (exporter versions spell some differently). */
function pick(labels: Record<string, string>, names: readonly string[]): string | undefined {
  for (const n of names) {
    const v = labels[n];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

/**
 * Tags for a DCGM series: `gpu`, `uuid`, `model_name`, `host` (the `Hostname`
 * or `hostname` label, else `fallbackHost`), plus Kubernetes `pod`,
 * `namespace`, `container` and MIG `gpu_instance` / `mig_profile` when present.
 * Missing labels are left out rather than tagged empty.
 */
export function dcgmTags(labels: Record<string, string>, fallbackHost: string): Record<string, string> {
  const tags: Record<string, string> = {};
  const set = (tag: string, names: readonly string[]) => {
    const v = pick(labels, names);
    if (v !== undefined) tags[tag] = v;
  };
  set('gpu', ['gpu']);
  set('uuid', ['UUID', 'uuid']);
  set('model_name', ['modelName', 'model_name']);
  tags.host = pick(labels, ['Hostname', 'hostname']) ?? fallbackHost;
  set('gpu_instance', ['GPU_I_ID']);
  set('mig_profile', ['GPU_I_PROFILE']);
  set('pod', ['pod', 'pod_name']);
  set('namespace', ['namespace', 'pod_namespace']);
  set('container', ['container', 'container_name']);
  return tags;
}
