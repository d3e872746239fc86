import type { Labels } from './exposition-writer.js';

export const IDLE_W = 70;
export const MAX_W = 700;
const FB_TOTAL_MIB = 81559;
const SM_CLOCK_IDLE = 345;
const SM_CLOCK_BUSY = 1980;
const MEM_CLOCK = 2619;

/** One fake GPU's smoothed readings. */
export interface GpuState {
  labels: Labels;
  /** Per-GPU share of the load (tensor-parallel ranks are close, not equal). */
  skew: number;
  power: number;
  temp: number;
  util: number;
  energyMj: number;
}

/** What the fields read besides a GPU's own state, taken once per scrape. */
export interface ScrapeFrame {
  /** KV-cache use, 0..1. */
  kv: number;
  /** Smoothed prompt and generated tokens per second. */
  promptRate: number;
  genRate: number;
  /** More than one GPU: NVLink carries traffic. */
  nvlink: boolean;
}

/** One dcgm-exporter field: name, Prometheus type, its HELP text (dcgm-exporter's), and its value for a GPU. */
export type GpuField = readonly [name: string, type: 'gauge' | 'counter', help: string, value: (g: GpuState, f: ScrapeFrame) => string | number];

const f6 = (x: number) => x.toFixed(6);
const fbUsed = (g: GpuState, f: ScrapeFrame) => Math.round(FB_TOTAL_MIB * 0.12 + FB_TOTAL_MIB * 0.8 * f.kv * g.skew);

/** The fields `GET /dcgm/metrics` serves, in dcgm-exporter's default order and units. */
export const GPU_FIELDS: readonly GpuField[] = [
  ['DCGM_FI_DEV_SM_CLOCK', 'gauge', 'SM clock frequency (in MHz).', (g) => (g.util > 0.01 ? SM_CLOCK_BUSY : SM_CLOCK_IDLE)],
  ['DCGM_FI_DEV_MEM_CLOCK', 'gauge', 'Memory clock frequency (in MHz).', () => MEM_CLOCK],
  ['DCGM_FI_DEV_MEMORY_TEMP', 'gauge', 'Memory temperature (in C).', (g) => Math.round(g.temp + 6)],
  ['DCGM_FI_DEV_GPU_TEMP', 'gauge', 'GPU temperature (in C).', (g) => Math.round(g.temp)],
  ['DCGM_FI_DEV_POWER_USAGE', 'gauge', 'Power draw (in W).', (g) => f6(g.power)],
  ['DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION', 'counter', 'Total energy consumption since boot (in mJ).', (g) => Math.round(g.energyMj)],
  ['DCGM_FI_DEV_PCIE_REPLAY_COUNTER', 'counter', 'Total number of PCIe retries.', () => 0],
  ['DCGM_FI_DEV_GPU_UTIL', 'gauge', 'GPU utilization (in %).', (g) => Math.round(g.util * 100)],
  ['DCGM_FI_DEV_MEM_COPY_UTIL', 'gauge', 'Memory utilization (in %).', (g) => Math.round(g.util * 60)],
  ['DCGM_FI_DEV_XID_ERRORS', 'gauge', 'Value of the last XID error encountered.', () => 0],
  ['DCGM_FI_DEV_FB_FREE', 'gauge', 'Framebuffer memory free (in MiB).', (g, f) => FB_TOTAL_MIB - fbUsed(g, f)],
  ['DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).', fbUsed],
  ['DCGM_FI_PROF_GR_ENGINE_ACTIVE', 'gauge', 'Ratio of time the graphics engine is active.', (g) => f6(g.util * 0.98)],
  ['DCGM_FI_PROF_SM_ACTIVE', 'gauge', 'The ratio of cycles an SM has at least 1 warp assigned.', (g) => f6(g.util * 0.85)],
  ['DCGM_FI_PROF_SM_OCCUPANCY', 'gauge', 'The ratio of number of warps resident on an SM.', (g) => f6(g.util * 0.4)],
  ['DCGM_FI_PROF_PIPE_TENSOR_ACTIVE', 'gauge', 'Ratio of cycles the tensor (HMMA) pipe is active.', (g) => f6(g.util * 0.45)],
  ['DCGM_FI_PROF_DRAM_ACTIVE', 'gauge', 'Ratio of cycles the device memory interface is active sending or receiving data.', (g) => f6(g.util * 0.7)],
  // PROF_PCIE/NVLINK_*_BYTES are rates (bytes per second) in DCGM, not cumulative counters.
  [
    'DCGM_FI_PROF_PCIE_TX_BYTES',
    'gauge',
    'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
    (_g, f) => Math.round(2e5 + f.genRate * 64),
  ],
  [
    'DCGM_FI_PROF_PCIE_RX_BYTES',
    'gauge',
    'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
    (_g, f) => Math.round(2e5 + f.promptRate * 64),
  ],
  [
    'DCGM_FI_PROF_NVLINK_TX_BYTES',
    'gauge',
    'The rate of data transmitted over NVLink, not including protocol headers, in bytes per second.',
    (g, f) => (f.nvlink ? Math.round(g.util * 4e10) : 0),
  ],
  [
    'DCGM_FI_PROF_NVLINK_RX_BYTES',
    'gauge',
    'The rate of data received over NVLink, not including protocol headers, in bytes per second.',
    (g, f) => (f.nvlink ? Math.round(g.util * 4e10) : 0),
  ],
];
