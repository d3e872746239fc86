import { defineOutput, type OutputContext, type Output, type Sample } from 'llmload/plugin';
import { openLineWriter, type LineWriter } from './line-writer.js';

/**
 * `--out json=results.json` (or `.json.gz`, or `-` for stdout): k6's NDJSON.
 * The first sample of a metric is preceded by its definition:
 *   {"type":"Metric","data":{"name":…,"type":…,"contains":…,"thresholds":[],"submetrics":null},"metric":…}
 * then one line per sample:
 *   {"metric":…,"type":"Point","data":{"time":"<RFC3339, ms>","value":…,"tags":{…}}}
 */
export const jsonOutput = defineOutput({
  apiVersion: 1,
  name: 'json',
  create(ctx: OutputContext): Output {
    return new JsonOutput(ctx);
  },
});

class JsonOutput implements Output {
  readonly name = 'json';
  private writer: LineWriter | undefined;
  /** metric name → its JSON-encoded name, for the metrics already announced. */
  private readonly seen = new Map<string, string>();

  constructor(private readonly ctx: OutputContext) {}

  description(): string {
    return this.ctx.arg === '' || this.ctx.arg === '-' ? 'json (stdout)' : `json (${this.ctx.arg})`;
  }

  async start(): Promise<void> {
    this.writer = await openLineWriter(this.ctx.arg, this.ctx.cwd, 'json');
  }

  addSamples(samples: readonly Sample[]): void {
    if (!this.writer || samples.length === 0) return;
    let chunk = '';
    for (const s of samples) {
      let name = this.seen.get(s.metric);
      if (name === undefined) {
        name = JSON.stringify(s.metric);
        this.seen.set(s.metric, name);
        chunk += this.metricLine(s.metric, name);
      }
      chunk +=
        `{"metric":${name},"type":"Point","data":{"time":"${new Date(s.time).toISOString()}",` +
        `"value":${JSON.stringify(s.value)},"tags":${JSON.stringify(s.tags)}}}\n`;
    }
    this.writer.write(chunk);
  }

  async stop(): Promise<void> {
    const w = this.writer;
    this.writer = undefined;
    await w?.close();
  }

  private metricLine(metric: string, name: string): string {
    const def = this.ctx.metric(metric);
    const data = { name: metric, type: def?.type ?? null, contains: def?.contains ?? 'default', thresholds: [], submetrics: null };
    return `{"type":"Metric","data":${JSON.stringify(data)},"metric":${name}}\n`;
  }
}
