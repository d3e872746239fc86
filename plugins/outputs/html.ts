import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineOutput, LlmloadError, type Output, type OutputContext, type OutputFinal, type Sample } from 'llmload/plugin';
import { renderReportHtml } from './report/html-page.js';
import { BucketRecorder } from './report/recorder.js';
import { buildReportData } from './report/report-data.js';

/**
 * `--out html=report.html`: one self-contained HTML file (uPlot, the page's
 * scripts and the data inline) written at the end of the test. Samples go
 * into 1 s buckets as they arrive, so the file grows with the duration, not
 * with the number of requests.
 */
export const htmlOutput = defineOutput({
  apiVersion: 1,
  name: 'html',
  create(ctx: OutputContext): Output {
    if (ctx.arg === '' || ctx.arg === '-') throw new LlmloadError('ERR_INVALID_OPTION', '--out html: needs a file name, e.g. --out html=report.html');
    return new HtmlOutput(ctx);
  },
});

class HtmlOutput implements Output {
  readonly name = 'html';
  private readonly recorder: BucketRecorder;
  private written = false;

  constructor(private readonly ctx: OutputContext) {
    this.recorder = new BucketRecorder((m) => ctx.metric(m)?.type);
  }

  description(): string {
    return `html (${this.ctx.arg})`;
  }

  async start(): Promise<void> {
    // Fail before the test, not after it, when the file cannot be written.
    await this.write(undefined);
    this.written = false;
  }

  addSamples(samples: readonly Sample[]): void {
    this.recorder.add(samples);
  }

  /** A failed run still leaves a report of what was measured; a finished one waits for finish(). */
  async stop(error?: unknown): Promise<void> {
    if (error !== undefined && !this.written) await this.write(undefined);
  }

  async finish(final: OutputFinal): Promise<void> {
    await this.write(final);
  }

  private async write(final: OutputFinal | undefined): Promise<void> {
    const file = path.resolve(this.ctx.cwd, this.ctx.arg);
    const html = renderReportHtml(buildReportData(this.recorder, this.ctx.testid, final));
    try {
      await writeFile(file, html);
    } catch (err) {
      throw new LlmloadError('ERR_OUTPUT', `output html: cannot write "${this.ctx.arg}": ${(err as Error).message}`);
    }
    this.written = true;
  }
}
