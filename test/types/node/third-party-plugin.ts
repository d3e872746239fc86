/**
 * A plugin as a third party writes it, against the published
 * `llmload/plugin` declarations (types/plugin.d.ts): `npm run typecheck`
 * compiles it, so the generated file must stand alone.
 */
import { apiVersion, defineOutput, invalidOption, type Output, type OutputContext, type Sample } from 'llmload/plugin';

class CountOutput implements Output {
  readonly name = 'count';
  samples = 0;
  constructor(readonly ctx: OutputContext) {}
  description(): string {
    return `count (${this.ctx.arg || 'stdout'})`;
  }
  async start(): Promise<void> {}
  addSamples(samples: readonly Sample[]): void {
    this.samples += samples.length;
  }
  async stop(): Promise<void> {
    this.ctx.warn(`${this.samples} samples`);
  }
}

export default defineOutput({
  apiVersion: 1,
  name: 'count',
  create(ctx) {
    if (ctx.arg.includes('/')) throw invalidOption('--out count', 'the argument is a name, not a path');
    return new CountOutput(ctx);
  },
});

export const version: number = apiVersion;
