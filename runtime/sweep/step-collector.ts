/**
 * One sweep step's view of the samples. Every sample of the step passes
 * through `push`: it gets the `sweep_step`, `sweep_value` and `sweep_phase`
 * tags and goes on to the run's engine (so --out sees the warm-up too); the
 * samples of requests that started after the step's warm-up also go to the
 * step's own engine, which the step's statistics and SLOs are computed from.
 */
import { MetricsEngine } from '../metrics/engine.js';
import type { MetricRegistry } from '../metrics/metric-registry.js';
import type { Sample, SampleSink, Tags } from '../metrics/types.js';
import type { Series } from './saturation.js';

export type SweepPhase = 'warmup' | 'measure';

/** The step's phase, switched by the step runner; shared with the VU wrappers. */
export interface PhaseClock {
  phase: SweepPhase;
  /** Wall-clock ms at which the measured part started (Infinity before). */
  measureStart: number;
}

export class StepCollector implements SampleSink {
  /** The step's statistics: measured samples only. */
  readonly engine: MetricsEngine;
  /** End times (wall ms) of the measured requests (llm_reqs). */
  readonly requestEnds: number[] = [];
  readonly ttft: { t: number[]; v: number[] } = { t: [], v: [] };
  readonly inFlight: { t: number[]; v: number[] } = { t: [], v: [] };
  /** The last llm_in_flight value seen, for the time-weighted mean. */
  private lastInFlight = 0;
  private lastInFlightAt = Number.NaN;
  private inFlightArea = 0;
  private readonly retagged = new WeakMap<Tags, Tags>();

  constructor(
    registry: MetricRegistry,
    private readonly main: SampleSink,
    private readonly clock: PhaseClock,
    private readonly stepTags: Readonly<Record<string, string>>,
  ) {
    this.engine = new MetricsEngine(registry, { batch: false });
  }

  push(sample: Sample): void {
    let tags = sample.tags;
    // VU samples carry their iteration's phase (set when it started); the scheduler's are judged by their time.
    let phase = tags.sweep_phase as SweepPhase | undefined;
    if (phase === undefined) {
      phase = sample.time < this.clock.measureStart ? 'warmup' : 'measure';
      tags = this.tagged(tags, phase);
      sample = { metric: sample.metric, time: sample.time, value: sample.value, tags };
    }
    this.main.push(sample);
    if (sample.metric === 'llm_in_flight') this.trackInFlight(sample);
    if (phase !== 'measure') return;
    this.engine.push(sample);
    if (sample.metric === 'llm_reqs') this.requestEnds.push(sample.time);
    else if (sample.metric === 'llm_ttft') {
      this.ttft.t.push(sample.time);
      this.ttft.v.push(sample.value);
    }
  }

  /** Time-weighted mean of llm_in_flight over [measureStart, end]. */
  meanInFlight(end: number): number {
    const start = this.clock.measureStart;
    if (!(end > start)) return 0;
    const area = this.inFlightArea + this.lastInFlight * (end - Math.max(start, this.lastInFlightAt || start));
    return area / (end - start);
  }

  get inFlightSeries(): Series {
    return this.inFlight;
  }

  /** The gauge is global state: it counts from the measured start, whatever iteration moved it. */
  private trackInFlight(sample: Sample): void {
    const start = this.clock.measureStart;
    if (sample.time >= start) {
      const from = Math.max(start, Number.isNaN(this.lastInFlightAt) ? start : this.lastInFlightAt);
      this.inFlightArea += this.lastInFlight * (sample.time - from);
      this.inFlight.t.push(sample.time);
      this.inFlight.v.push(sample.value);
    }
    this.lastInFlight = sample.value;
    this.lastInFlightAt = sample.time;
  }

  private tagged(tags: Tags, phase: SweepPhase): Tags {
    const key = tags;
    const known = this.retagged.get(key);
    if (known && known.sweep_phase === phase) return known;
    const t = Object.freeze({ ...tags, ...this.stepTags, sweep_phase: phase });
    this.retagged.set(key, t);
    return t;
  }
}
