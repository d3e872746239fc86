import { defineOutput, LLM_REQUESTS_CHANNEL, type LlmRequestRecord, type Output, type OutputContext, type RecordChannel } from 'llmload/plugin';
import { openLineWriter, type LineWriter } from './line-writer.js';

/**
 * `--out requests=requests.jsonl` (`.gz` compresses, `-` is stdout): one JSON
 * line per LLM request (start, timings, ITL gaps, tokens, status, error,
 * tags) for offline analysis. Records come through the run's record channel,
 * not as samples; they are written in batches with the sample batches
 * (every 100 ms) and at the end.
 */
export const requestsOutput = defineOutput({
  apiVersion: 1,
  name: 'requests',
  create: (ctx) => new RequestsOutput(ctx, ctx.records.channel<LlmRequestRecord>(LLM_REQUESTS_CHANNEL)),
});

class RequestsOutput implements Output {
  readonly name = 'requests';
  private writer: LineWriter | undefined;
  private pending: LlmRequestRecord[] = [];
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly ctx: OutputContext,
    private readonly channel: RecordChannel<LlmRequestRecord>,
  ) {}

  description(): string {
    return this.ctx.arg === '' || this.ctx.arg === '-' ? 'requests (stdout)' : `requests (${this.ctx.arg})`;
  }

  async start(): Promise<void> {
    this.writer = await openLineWriter(this.ctx.arg, this.ctx.cwd, 'requests');
    this.unsubscribe = this.channel.subscribe((r) => this.pending.push(r));
  }

  addSamples(): void {
    this.flush();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.flush();
    const w = this.writer;
    this.writer = undefined;
    await w?.close();
  }

  private flush(): void {
    if (!this.writer || this.pending.length === 0) return;
    let chunk = '';
    for (const r of this.pending) chunk += JSON.stringify(r) + '\n';
    this.writer.write(chunk);
    this.pending = [];
  }
}
