import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { defineOutput, LlmloadError, type Output, type OutputContext, type OutputFinal } from 'llmload/plugin';
import { junitXml } from './report/junit-xml.js';

/**
 * `--out junit=junit.xml`: the thresholds and checks as JUnit XML for CI test
 * reporters, written at the end of the test. Testcase names are k6's jslib
 * summary's (`<metric> - <expression>`).
 */
export const junitOutput = defineOutput({
  apiVersion: 1,
  name: 'junit',
  create(ctx: OutputContext): Output {
    if (ctx.arg === '' || ctx.arg === '-') throw new LlmloadError('ERR_INVALID_OPTION', '--out junit: needs a file name, e.g. --out junit=junit.xml');
    return new JunitOutput(ctx);
  },
});

class JunitOutput implements Output {
  readonly name = 'junit';
  constructor(private readonly ctx: OutputContext) {}

  description(): string {
    return `junit (${this.ctx.arg})`;
  }

  async start(): Promise<void> {}
  addSamples(): void {}
  async stop(): Promise<void> {}

  async finish(final: OutputFinal): Promise<void> {
    const xml = junitXml({ testid: this.ctx.testid, final });
    try {
      await writeFile(path.resolve(this.ctx.cwd, this.ctx.arg), xml);
    } catch (err) {
      throw new LlmloadError('ERR_OUTPUT', `output junit: cannot write "${this.ctx.arg}": ${(err as Error).message}`);
    }
  }
}
