import type { IterExtras } from '../modules/internal/wire.js';
import type { IterationInfo } from './types.js';

/**
 * What a VU's isolate already has from its earlier calls: `iterate` sends
 * __ENV, the setup data, the exec function's and scenario's names and the
 * scenario's progress again only when they changed (each crossing copies what
 * it carries).
 */
export class IsolateHas {
  private env: Record<string, string> | undefined;
  private setup: string | undefined;
  private setupSent = false;
  private exec: string | undefined;
  private scenario: string | undefined;
  private executor: string | undefined;
  private progress = -1;

  /** An iteration's extras: __ENV and setup data where they changed, and the executor's payload. */
  extras(info: IterationInfo, setupData: string | undefined): IterExtras | undefined {
    let extras: IterExtras | undefined;
    if (info.env !== this.env) (extras ??= {}).env = this.env = info.env;
    if (!this.setupSent || setupData !== this.setup) {
      (extras ??= {}).setup = setupData ?? null;
      this.setup = setupData;
      this.setupSent = true;
    }
    if (info.data !== undefined) (extras ??= {}).data = info.data;
    return extras;
  }

  /** The exec function's name, the scenario's and its executor's, each undefined where the isolate has it. */
  names(info: IterationInfo): [exec: string | undefined, scenario: string | undefined, executor: string | undefined] {
    const { name, executor } = info.scenario;
    return [
      info.exec === this.exec ? undefined : (this.exec = info.exec),
      name === this.scenario ? undefined : (this.scenario = name),
      executor === this.executor ? undefined : (this.executor = executor),
    ];
  }

  /** Notes the progress sent; true when it differs from what the isolate had. */
  sendsProgress(progress: number): boolean {
    if (progress === this.progress) return false;
    this.progress = progress;
    return true;
  }
}
