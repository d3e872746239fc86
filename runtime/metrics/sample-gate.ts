import type { Sample, SampleSink } from './types.js';

/**
 * The sink VUs and endpoints push to: the run's metrics engine, or another
 * sink while diverted. The runtime warm-up diverts it so that its requests
 * run the same code (sample emission included) without counting.
 */
export class SampleGate implements SampleSink {
  private target: SampleSink;

  constructor(private readonly main: SampleSink) {
    this.target = main;
  }

  push(sample: Sample): void {
    this.target.push(sample);
  }

  divert(to: SampleSink): void {
    this.target = to;
  }

  restore(): void {
    this.target = this.main;
  }
}
