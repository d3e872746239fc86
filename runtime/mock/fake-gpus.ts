/**
 * Fake GPUs for `GET /dcgm/metrics`, in dcgm-exporter's format (field names,
 * labels, units, six-decimal doubles, the energy counter in mJ), driven by the
 * mock's load: utilisation follows the number of running sequences, power
 * follows utilisation (an H100's 70–700 W range) with a ~1 s average as the
 * real sensor has, temperature lags behind power, framebuffer use grows with
 * KV-cache usage, and TOTAL_ENERGY_CONSUMPTION integrates the reported power,
 * so energy deltas and integrated power agree.
 */
import os from 'node:os';
import { Random } from '../random.js';
import type { EngineStats } from './serving-model.js';
import { PromText, type Labels } from './exposition-writer.js';

const IDLE_W = 70;
const MAX_W = 700;
const FB_TOTAL_MIB = 81559;
const SM_CLOCK_IDLE = 345;
const SM_CLOCK_BUSY = 1980;
const MEM_CLOCK = 2619;
const DRIVER = '580.105.08';

interface GpuState {
  labels: Labels;
  /** Per-GPU share of the load (tensor-parallel ranks are close, not equal). */
  skew: number;
  power: number;
  temp: number;
  util: number;
  energyMj: number;
}

export interface FakeGpuOptions {
  gpus: number;
  model: string;
  maxConcurrency: number;
  seed: string | number;
}

export class FakeGpus {
  private readonly gpus: GpuState[];
  private last = performance.now();
  private lastPrompt = 0;
  private lastGen = 0;
  private promptRate = 0;
  private genRate = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly opts: FakeGpuOptions,
    private readonly stats: () => EngineStats,
  ) {
    const rng = new Random(`gpus:${opts.seed}`);
    const hex = (n: number) => Array.from({ length: n }, () => rng.int(16).toString(16)).join('');
    const host = os.hostname();
    this.gpus = Array.from({ length: opts.gpus }, (_, i) => ({
      labels: {
        gpu: String(i),
        UUID: `GPU-${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`,
        pci_bus_id: `00000000:${(0x18 + i * 0x11).toString(16).toUpperCase().padStart(2, '0')}:00.0`,
        device: `nvidia${i}`,
        modelName: opts.model,
        Hostname: host,
        DCGM_FI_DRIVER_VERSION: DRIVER,
      },
      skew: 1 - 0.03 * i,
      power: IDLE_W,
      temp: 30,
      util: 0,
      // "Since the driver loaded": about an hour at idle.
      energyMj: Math.round(IDLE_W * 3600 * 1000 * (1 + rng.next())),
    }));
    this.timer = setInterval(() => this.advance(), 100);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Target utilisation (0..1) for a batch: saturating in the running sequences; a queue means 100 %. */
  static load(running: number, waiting: number, maxConcurrency: number): number {
    if (running === 0) return 0;
    if (waiting > 0) return 1;
    const k = Math.max(1, maxConcurrency / 8);
    return 1 - Math.exp(-running / k);
  }

  /** Integrates energy and moves the smoothed readings up to now. */
  advance(now = performance.now()): void {
    const dt = now - this.last;
    if (dt <= 0) return;
    this.last = now;
    const s = this.stats();
    const load = FakeGpus.load(s.running, s.waiting, this.opts.maxConcurrency);
    const fast = 1 - Math.exp(-dt / 1000);
    const slow = 1 - Math.exp(-dt / 20_000);
    this.promptRate += ((s.promptTokens - this.lastPrompt) / (dt / 1000) - this.promptRate) * fast;
    this.genRate += ((s.generationTokens - this.lastGen) / (dt / 1000) - this.genRate) * fast;
    this.lastPrompt = s.promptTokens;
    this.lastGen = s.generationTokens;
    for (const g of this.gpus) {
      // Energy over the step at the power reported during it (W × ms = mJ).
      g.energyMj += g.power * dt;
      const target = load * g.skew;
      g.util += (target - g.util) * fast;
      g.power += (IDLE_W + (MAX_W - IDLE_W) * g.util - g.power) * fast;
      g.temp += (30 + (45 * (g.power - IDLE_W)) / (MAX_W - IDLE_W) - g.temp) * slow;
    }
  }

  render(): string {
    this.advance();
    const s = this.stats();
    const kv = s.kvCapacity > 0 ? s.kvUsed / s.kvCapacity : 0;
    const fbUsed = (g: GpuState) => Math.round(FB_TOTAL_MIB * 0.12 + FB_TOTAL_MIB * 0.8 * kv * g.skew);
    const f6 = (x: number) => x.toFixed(6);
    const per = (value: (g: GpuState) => string | number) => this.gpus.map((g) => ({ labels: g.labels, value: value(g) }));
    const nvlink = this.gpus.length > 1;
    return (
      new PromText()
        .family(
          'DCGM_FI_DEV_SM_CLOCK',
          'gauge',
          'SM clock frequency (in MHz).',
          per((g) => (g.util > 0.01 ? SM_CLOCK_BUSY : SM_CLOCK_IDLE)),
        )
        .family(
          'DCGM_FI_DEV_MEM_CLOCK',
          'gauge',
          'Memory clock frequency (in MHz).',
          per(() => MEM_CLOCK),
        )
        .family(
          'DCGM_FI_DEV_MEMORY_TEMP',
          'gauge',
          'Memory temperature (in C).',
          per((g) => Math.round(g.temp + 6)),
        )
        .family(
          'DCGM_FI_DEV_GPU_TEMP',
          'gauge',
          'GPU temperature (in C).',
          per((g) => Math.round(g.temp)),
        )
        .family(
          'DCGM_FI_DEV_POWER_USAGE',
          'gauge',
          'Power draw (in W).',
          per((g) => f6(g.power)),
        )
        .family(
          'DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION',
          'counter',
          'Total energy consumption since boot (in mJ).',
          per((g) => Math.round(g.energyMj)),
        )
        .family(
          'DCGM_FI_DEV_PCIE_REPLAY_COUNTER',
          'counter',
          'Total number of PCIe retries.',
          per(() => 0),
        )
        .family(
          'DCGM_FI_DEV_GPU_UTIL',
          'gauge',
          'GPU utilization (in %).',
          per((g) => Math.round(g.util * 100)),
        )
        .family(
          'DCGM_FI_DEV_MEM_COPY_UTIL',
          'gauge',
          'Memory utilization (in %).',
          per((g) => Math.round(g.util * 60)),
        )
        .family(
          'DCGM_FI_DEV_XID_ERRORS',
          'gauge',
          'Value of the last XID error encountered.',
          per(() => 0),
        )
        .family(
          'DCGM_FI_DEV_FB_FREE',
          'gauge',
          'Framebuffer memory free (in MiB).',
          per((g) => FB_TOTAL_MIB - fbUsed(g)),
        )
        .family('DCGM_FI_DEV_FB_USED', 'gauge', 'Framebuffer memory used (in MiB).', per(fbUsed))
        .family(
          'DCGM_FI_PROF_GR_ENGINE_ACTIVE',
          'gauge',
          'Ratio of time the graphics engine is active.',
          per((g) => f6(g.util * 0.98)),
        )
        .family(
          'DCGM_FI_PROF_SM_ACTIVE',
          'gauge',
          'The ratio of cycles an SM has at least 1 warp assigned.',
          per((g) => f6(g.util * 0.85)),
        )
        .family(
          'DCGM_FI_PROF_SM_OCCUPANCY',
          'gauge',
          'The ratio of number of warps resident on an SM.',
          per((g) => f6(g.util * 0.4)),
        )
        .family(
          'DCGM_FI_PROF_PIPE_TENSOR_ACTIVE',
          'gauge',
          'Ratio of cycles the tensor (HMMA) pipe is active.',
          per((g) => f6(g.util * 0.45)),
        )
        .family(
          'DCGM_FI_PROF_DRAM_ACTIVE',
          'gauge',
          'Ratio of cycles the device memory interface is active sending or receiving data.',
          per((g) => f6(g.util * 0.7)),
        )
        // PROF_PCIE/NVLINK_*_BYTES are rates (bytes per second) in DCGM, not cumulative counters.
        .family(
          'DCGM_FI_PROF_PCIE_TX_BYTES',
          'gauge',
          'The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
          per(() => Math.round(2e5 + this.genRate * 64)),
        )
        .family(
          'DCGM_FI_PROF_PCIE_RX_BYTES',
          'gauge',
          'The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes per second.',
          per(() => Math.round(2e5 + this.promptRate * 64)),
        )
        .family(
          'DCGM_FI_PROF_NVLINK_TX_BYTES',
          'gauge',
          'The rate of data transmitted over NVLink, not including protocol headers, in bytes per second.',
          per((g) => (nvlink ? Math.round(g.util * 4e10) : 0)),
        )
        .family(
          'DCGM_FI_PROF_NVLINK_RX_BYTES',
          'gauge',
          'The rate of data received over NVLink, not including protocol headers, in bytes per second.',
          per((g) => (nvlink ? Math.round(g.util * 4e10) : 0)),
        )
        .toString()
    );
  }
}
