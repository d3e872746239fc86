/**
 * Per-GPU energy and power bookkeeping over the measured window (from the
 * first scrape, just before the load, to the final one, just after it), and
 * the energy-per-token arithmetic of the summary.
 */

/** Identity and descriptive tags of one GPU (one MIG instance counts as one). */
export interface GpuIdentity {
  key: string;
  gpu?: string;
  /** MIG instance id, when the series is one. */
  gpu_instance?: string;
  host: string;
  model_name?: string;
  uuid?: string;
}

export interface GpuEnergy extends GpuIdentity {
  /** Joules over the window: energy-counter deltas, or power integrated when the GPU has no counter. */
  energyJ: number;
  source: 'counter' | 'power' | 'none';
  /** Trapezoid integral of the power readings (J) and the time they span (ms): the time-weighted mean power. */
  powerIntegralJ: number;
  powerSpanMs: number;
  powerSum: number;
  powerCount: number;
  utilSum: number;
  utilCount: number;
}

export class EnergyAccount {
  private readonly gpus = new Map<string, GpuEnergy>();
  private readonly lastPower = new Map<string, { w: number; t: number }>();
  firstScrapeMs: number | undefined;
  lastScrapeMs: number | undefined;

  /** A successful scrape at `t` (epoch ms): widens the window. */
  scraped(t: number): void {
    this.firstScrapeMs ??= t;
    this.lastScrapeMs = t;
  }

  private gpu(id: GpuIdentity): GpuEnergy {
    let g = this.gpus.get(id.key);
    if (!g) {
      g = { ...id, energyJ: 0, source: 'none', powerIntegralJ: 0, powerSpanMs: 0, powerSum: 0, powerCount: 0, utilSum: 0, utilCount: 0 };
      this.gpus.set(id.key, g);
    }
    return g;
  }

  /**
   * A power reading (W) at `t`; returns the joules since the previous reading
   * of this GPU by the trapezoid rule (0 for the first one).
   */
  power(id: GpuIdentity, watts: number, t: number): number {
    const g = this.gpu(id);
    g.powerSum += watts;
    g.powerCount++;
    const prev = this.lastPower.get(id.key);
    this.lastPower.set(id.key, { w: watts, t });
    if (!prev || t <= prev.t) return 0;
    const joules = trapezoid(prev.w, watts, t - prev.t);
    g.powerIntegralJ += joules;
    g.powerSpanMs += t - prev.t;
    return joules;
  }

  utilization(id: GpuIdentity, percent: number): void {
    const g = this.gpu(id);
    g.utilSum += percent;
    g.utilCount++;
  }

  /** Joules attributed to a GPU; the counter wins over integrated power for the whole run. */
  energy(id: GpuIdentity, joules: number, source: 'counter' | 'power'): void {
    const g = this.gpu(id);
    if (source === 'counter' && g.source === 'power') {
      // The counter showed up late (blank at first): drop the estimate rather than mix the two.
      g.energyJ = 0;
    }
    if (source === 'power' && g.source === 'counter') return;
    g.source = source;
    g.energyJ += joules;
  }

  list(): GpuEnergy[] {
    return [...this.gpus.values()].sort((a, b) => a.host.localeCompare(b.host) || Number(a.gpu ?? 0) - Number(b.gpu ?? 0) || a.key.localeCompare(b.key));
  }

  /** Seconds between the first and the final successful scrape. */
  windowSeconds(): number {
    return this.firstScrapeMs === undefined || this.lastScrapeMs === undefined ? 0 : (this.lastScrapeMs - this.firstScrapeMs) / 1000;
  }
}

/**
 * Area under a linear ramp between two per-second readings `ms` milliseconds
 * apart: joules from watts, bytes from bytes/s.
 */
export function trapezoid(v0: number, v1: number, ms: number): number {
  return ((v0 + v1) / 2) * (ms / 1000);
}

/** Mean power of one GPU over the window, W: time-weighted when there are two readings or more. */
export function averagePower(g: GpuEnergy, windowS: number): number | undefined {
  if (g.powerSpanMs > 0) return g.powerIntegralJ / (g.powerSpanMs / 1000);
  if (g.powerCount > 0) return g.powerSum / g.powerCount;
  if (g.source === 'counter' && windowS > 0) return g.energyJ / windowS;
  return undefined;
}

export interface EnergyTotals {
  totalJ: number;
  /** Undefined when the run counted no output tokens. */
  mJPerToken: number | undefined;
  tokensPerJoule: number | undefined;
}

/**
 * Energy per output token = total GPU energy over the window / output tokens
 * (llm_output_tokens_total), in mJ/token; its inverse in tokens per joule.
 */
export function energyTotals(gpus: readonly GpuEnergy[], outputTokens: number | undefined): EnergyTotals {
  const totalJ = gpus.reduce((s, g) => s + g.energyJ, 0);
  const haveTokens = outputTokens !== undefined && outputTokens > 0;
  return {
    totalJ,
    mJPerToken: haveTokens ? (totalJ * 1000) / outputTokens : undefined,
    tokensPerJoule: haveTokens && totalJ > 0 ? outputTokens / totalJ : undefined,
  };
}
