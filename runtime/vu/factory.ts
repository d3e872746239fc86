import { createStackMapper } from '../bundle/source-map.js';
import type { ScriptBundle } from '../bundle/bundle.js';
import { LlmloadError, type ErrorCode } from '../errors.js';
import type { Endpoint } from '../plugin-api/endpoint.js';
import { IsolatePool } from './isolate-pool.js';
import { describeScriptError, toScriptError } from './script-error.js';
import { SharedData } from './shared-data.js';
import type { Vu, VuHostContext } from './types.js';
import { VuContext, type VuDeps } from './vu-context.js';
import { VuHandle } from './vu.js';

export interface VuFactoryOptions {
  /** VUs per isolate (default 50): more = less memory per VU, one shared heap limit. */
  vusPerIsolate?: number;
  /** Heap limit per isolate in MB (default 256; minimum 8). */
  memoryLimitMb?: number;
  /** VUs of an isolate share one V8 context (default true; a script whose init changes globals or built-ins gets one per VU). */
  shareContext?: boolean;
  /**
   * The run's endpoints by op name (`http`, `openai`, a plugin's): the host
   * halves the modules call. The run fills it once options are resolved
   * (init code makes no calls); empty by default.
   */
  endpoints?: ReadonlyMap<string, Endpoint>;
}

export type LifecycleName = 'setup' | 'teardown' | 'handleSummary';

export interface VuFactory {
  /**
   * Runs init code once (probe VU, __VU = 0): `options` (parsed JSON), exported
   * function names and the warm-ups the bundled modules registered (`http`).
   */
  readExports(): Promise<{
    options: unknown;
    functions: string[];
    warmups: string[];
    beforeTest: Record<string, unknown[]>;
    preconnect: Record<string, string[]>;
  }>;
  /** A new VU with init code run; an init exception rejects with ERR_SCRIPT_EXCEPTION. */
  createVu(id: number): Promise<Vu>;
  /**
   * Runs setup/teardown/handleSummary in VU 0. `argJson` is the argument as
   * JSON; resolves with the returned value as JSON (undefined when the
   * function is not exported or returns undefined). Throws LlmloadError:
   * ERR_SCRIPT_EXCEPTION, ERR_SCRIPT_ABORTED, ERR_SETUP_TIMEOUT, ERR_TEARDOWN_TIMEOUT.
   */
  runLifecycle(name: LifecycleName, argJson?: string, timeoutMs?: number): Promise<string | undefined>;
  /** Live isolates and V8 contexts (the VUs of an isolate share one unless their init changes globals or built-ins). */
  stats(): { isolates: number; contexts: number };
  /** Absolute paths of the files the script read so far (open() and datasets, in init code). */
  filesRead(): string[];
  /** Disposes every VU it made (closing their connections) and the isolates. */
  dispose(): void;
}

const TIMEOUT_CODE: Record<LifecycleName, ErrorCode> = {
  setup: 'ERR_SETUP_TIMEOUT',
  teardown: 'ERR_TEARDOWN_TIMEOUT',
  handleSummary: 'ERR_SCRIPT_EXCEPTION',
};

/** Creates VUs for one bundled script. Calls into isolates are synchronous, on the main thread. */
export async function createVuFactory(bundle: ScriptBundle, host: VuHostContext, opts: VuFactoryOptions = {}): Promise<VuFactory> {
  const vusPerIsolate = Math.max(1, Math.floor(opts.vusPerIsolate ?? 50));
  const memoryLimitMb = Math.max(8, opts.memoryLimitMb ?? 256);
  const warned = new Set<string>();
  const deps: VuDeps = {
    pool: new IsolatePool(bundle.code, { vusPerIsolate, memoryLimitMb, shareContext: opts.shareContext }),
    host,
    shared: new SharedData(bundle.scriptDir),
    mapper: createStackMapper(bundle),
    endpoints: opts.endpoints ?? new Map(),
    filename: bundle.filename,
    warnOnce: (key, message) => {
      if (warned.has(key)) return;
      warned.add(key);
      if (host.warn) host.warn(message);
      else host.log('warn', 0, message);
    },
  };
  // host.inTest is set once the options (the execution segment) are resolved, after this.
  deps.shared.workloads.indexInTest = (k) => (host.inTest ? host.inTest.index(k) : k);
  try {
    // llmload's group() records it (as k6 does); not a core built-in.
    host.defineMetric('group_duration', 'trend', 'time');
  } catch {
    // already defined by the metrics registry
  }
  let probe: VuContext | undefined;
  const vus = new Set<VuHandle>();
  const lifecycleVu = () => {
    if (probe?.dead) {
      probe.dispose();
      probe = undefined;
    }
    return (probe ??= VuContext.create(0, deps));
  };

  return {
    async readExports() {
      const info = lifecycleVu().exportsInfo();
      return {
        options: info.options === undefined ? undefined : (JSON.parse(info.options) as unknown),
        functions: info.functions,
        warmups: info.warmups,
        beforeTest: info.beforeTest,
        preconnect: info.preconnect,
      };
    },

    async createVu(id) {
      const vu = new VuHandle(id, deps, VuContext.create(id, deps));
      vus.add(vu);
      return vu;
    },

    async runLifecycle(name, argJson, timeoutMs) {
      const vu = lifecycleVu();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        if (timeoutMs !== undefined && timeoutMs > 0) timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const raw = await Promise.race([vu.lifecycle(name, argJson), timedOut]);
      clearTimeout(timer);
      if (raw === 'timeout') {
        vu.interrupt();
        throw new LlmloadError(TIMEOUT_CODE[name], `${name}() did not finish within ${timeoutMs} ms`);
      }
      switch (raw.status) {
        case 'ok':
          return raw.json;
        case 'aborted':
          throw new LlmloadError('ERR_SCRIPT_ABORTED', `test aborted in ${name}(): ${raw.reason}`);
        case 'interrupted':
          throw new LlmloadError('ERR_SCRIPT_EXCEPTION', `${name}() was interrupted`);
        case 'error': {
          const e = toScriptError(raw, deps.mapper);
          throw new LlmloadError('ERR_SCRIPT_EXCEPTION', `${describeScriptError({ ...e, location: e.location ?? bundle.filename })} (in ${name}())`);
        }
      }
    },

    stats: () => deps.pool.stats(),
    filesRead: () => [...deps.shared.reads],

    dispose() {
      for (const vu of vus) vu.dispose();
      vus.clear();
      probe?.dispose();
      probe = undefined;
      deps.pool.dispose();
    },
  };
}
