/**
 * Interleaved slices: the modes of a benchmark take turns in one process, a
 * few hundred ms each, the order reversed every round, so a shared, noisy
 * machine slows every mode alike and differences of a few percent show
 * (separate runs here move by tens of percent).
 */
export interface SliceResult {
  mode: string;
  /** CPU µs (user + system, the whole process) per unit of work. */
  cpuPerUnit: number;
  /** Units of work per second of slice. */
  rate: number;
  units: number;
}

/** Runs `work(mode, until)` (it returns the units it did before `until`, a performance.now() time) in interleaved slices. */
export async function interleave(
  modes: readonly string[],
  work: (mode: string, until: number) => Promise<number>,
  opts: { rounds: number; sliceMs: number },
): Promise<SliceResult[]> {
  const acc = new Map(modes.map((m) => [m, { cpu: 0, ms: 0, units: 0 }]));
  // One warm slice each, not counted.
  for (const m of modes) await work(m, performance.now() + opts.sliceMs);
  for (let r = 0; r < opts.rounds; r++) {
    for (const m of r % 2 ? [...modes].reverse() : modes) {
      const a = acc.get(m)!;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      a.units += await work(m, t0 + opts.sliceMs);
      const c = process.cpuUsage(c0);
      a.ms += performance.now() - t0;
      a.cpu += c.user + c.system;
    }
  }
  return modes.map((mode) => {
    const a = acc.get(mode)!;
    return { mode, cpuPerUnit: a.cpu / a.units, rate: (a.units / a.ms) * 1000, units: a.units };
  });
}

export function printSlices(title: string, results: readonly SliceResult[], unit: string): void {
  console.log(title);
  for (const r of results) {
    console.log(`  ${r.mode.padEnd(12)} ${r.cpuPerUnit.toFixed(1).padStart(7)} µs CPU per ${unit}   ${r.rate.toFixed(0).padStart(7)} ${unit}s/s`);
  }
}

/** `--name=value` arguments. */
export function flag(args: readonly string[], name: string): string | undefined {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a?.slice(name.length + 3);
}
