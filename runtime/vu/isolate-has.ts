import type { IterExtras } from '../modules/internal/wire.js';
import type { IterationInfo } from './types.js';

/**
 * What a VU's isolate already has from its earlier calls: `iterate` sends
 * __ENV, the setup data and the exec function's and scenario's names, and a
 * loop that goes on inside a call (HostBridge.next) the scenario's progress,
 * again only when they changed (each crossing copies what it carries).
 */
export class IsolateHas {
  private env: Record<string, string> | undefined;
  /** null: no setup data sent yet (undefined is a value the isolate can have). */
  private setup: string | undefined | null = null;
  private exec: string | undefined;
  private scenario: string | undefined;
  private executor: string | undefined;
  private progress = -1;

  /** An iteration's extras: __ENV and setup data where they changed, and the executor's payload. */
  extras(info: IterationInfo, setupData: string | undefined): IterExtras | undefined {
    let extras: IterExtras | undefined;
    if (info.env !== this.env) (extras ??= {}).env = this.env = info.env;
    if (setupData !== this.setup) (extras ??= {}).setup = (this.setup = setupData) ?? null;
    if (info.data !== undefined) (extras ??= {}).data = info.data;
    return extras;
  }

  /**
   * The arguments of the isolate's `iterate` (wire.ts IsolateEntry.iterate): the
   * exec function's, scenario's and executor's names only where they changed;
   * `extras` as copied for the call.
   */
  iterateArgs(seq: number, info: IterationInfo, extras: unknown): unknown[] {
    const sc = info.scenario;
    const fn = info.exec === this.exec ? undefined : (this.exec = info.exec);
    const name = sc.name === this.scenario ? undefined : (this.scenario = sc.name);
    const executor = sc.executor === this.executor ? undefined : (this.executor = sc.executor);
    this.progress = sc.progress;
    return [seq, fn, info.iterationInScenario, name, executor, sc.startTime, sc.progress, sc.iterationInTest, info.next !== undefined, extras];
  }

  /** Notes the progress sent; true when it differs from what the isolate had. */
  sendsProgress(progress: number): boolean {
    if (progress === this.progress) return false;
    this.progress = progress;
    return true;
  }
}
