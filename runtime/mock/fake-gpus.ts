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
import { PromText } from './exposition-writer.js';
import { GPU_FIELDS, IDLE_W, MAX_W, type GpuState, type ScrapeFrame } from './fake-gpu-fields.js';

const DRIVER = '580.105.08';

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
    const frame: ScrapeFrame = {
      kv: s.kvCapacity > 0 ? s.kvUsed / s.kvCapacity : 0,
      promptRate: this.promptRate,
      genRate: this.genRate,
      nvlink: this.gpus.length > 1,
    };
    const text = new PromText();
    for (const [name, type, help, value] of GPU_FIELDS) {
      text.family(
        name,
        type,
        help,
        this.gpus.map((g) => ({ labels: g.labels, value: value(g, frame) })),
      );
    }
    return text.toString();
  }
}
