/** `llmload/execution` (k6's `k6/execution`): the default export `exec`. */
import { host, TestAbort, vu, type ScenarioInfo as ScenarioState } from './internal/state.js';
import { stringTags } from './internal/string-tags.js';

export interface ScenarioInfo {
  /** Scenario name (key in `options.scenarios`, or "default"). */
  readonly name: string;
  readonly executor: string;
  /** Epoch ms at which the scenario started. */
  readonly startTime: number;
  /** 0..1: share of the scenario's duration or iterations done. */
  readonly progress: number;
  /** Unique number of this iteration in the scenario, across VUs (0-based); test-wide across the instances of an execution segment sequence. */
  readonly iterationInTest: number;
}

export interface VuInfo {
  /** The VU's number in the whole test: __VU, except in an execution segment, where VUs get k6's striped test-wide ids. */
  readonly idInTest: number;
  /** Same as __VU: the VU's number in this instance (1-based). */
  readonly idInInstance: number;
  /** Same as __ITER. */
  readonly iterationInScenario: number;
  /** Iterations this VU started, across scenarios (0-based). */
  readonly iterationInInstance: number;
  /** Tags added to every sample this VU takes from now on; assign or delete keys. */
  readonly tags: Record<string, string>;
  readonly metrics: { readonly tags: Record<string, string> };
}

export interface Exec {
  /** Only inside iterations (throws in init code, setup and teardown). */
  readonly scenario: ScenarioInfo;
  readonly vu: VuInfo;
  readonly test: {
    /** Stops the whole test now (exit code 108); teardown and the summary still run. */
    abort(reason?: string): never;
  };
}

function scenarioInfo(): ScenarioState {
  if (!vu.scenario) throw new Error('exec.scenario is only available inside an iteration (not in init code, setup or teardown)');
  return vu.scenario;
}

// exec.vu.tags: writes go to the host, which adds them to this VU's samples.
const vuTags: Record<string, string> = {};
const tagsProxy = new Proxy(vuTags, {
  set(target, key, value) {
    if (typeof key !== 'string') return false;
    Object.assign(target, stringTags({ [key]: value }));
    host.setVuTags({ ...target });
    return true;
  },
  deleteProperty(target, key) {
    if (typeof key !== 'string') return false;
    delete target[key];
    host.setVuTags({ ...target });
    return true;
  },
});

const exec: Exec = {
  scenario: {
    get name() {
      return scenarioInfo().name;
    },
    get executor() {
      return scenarioInfo().executor;
    },
    get startTime() {
      return scenarioInfo().startTime;
    },
    get progress() {
      return scenarioInfo().progress;
    },
    get iterationInTest() {
      return scenarioInfo().iterationInTest;
    },
  },
  vu: {
    get idInTest() {
      return vu.idInTest;
    },
    get idInInstance() {
      return vu.id;
    },
    get iterationInScenario() {
      return vu.iterationInScenario;
    },
    get iterationInInstance() {
      return Math.max(0, vu.iterationInInstance - 1);
    },
    get tags(): Record<string, string> {
      return tagsProxy;
    },
    metrics: {
      get tags(): Record<string, string> {
        return tagsProxy;
      },
    },
  },
  test: {
    abort(reason?: string): never {
      const r = reason === undefined ? 'test aborted' : String(reason);
      vu.abortReason = r;
      throw new TestAbort(r);
    },
  },
};

export default exec;
