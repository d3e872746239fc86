/** `llmload/execution`: the default export `exec` (k6's `k6/execution`). */
import { stringTags } from './index.js';
import { host, TestAbort, vu, type ScenarioInfo } from './internal/state.js';

function scenarioInfo(): ScenarioInfo {
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

const exec = {
  scenario: {
    get name() {
      return scenarioInfo().name;
    },
    get executor() {
      return scenarioInfo().executor;
    },
    /** Epoch ms at which the scenario started. */
    get startTime() {
      return scenarioInfo().startTime;
    },
    /** 0..1 */
    get progress() {
      return scenarioInfo().progress;
    },
    /** Unique number of this iteration in the scenario (across VUs). */
    get iterationInTest() {
      return scenarioInfo().iterationInTest;
    },
  },
  vu: {
    /** __VU */
    get idInTest() {
      return vu.id;
    },
    get idInInstance() {
      return vu.id;
    },
    /** __ITER: this VU's iteration number in the current scenario. */
    get iterationInScenario() {
      return vu.iterationInScenario;
    },
    /** Iterations this VU started, across scenarios (this one counted, 0-based). */
    get iterationInInstance() {
      return Math.max(0, vu.iterationInInstance - 1);
    },
    /** Tags added to every sample this VU takes; assignable. */
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
    /** Stops the whole test (exit code 108); the current iteration ends here. */
    abort(reason?: string): never {
      const r = reason === undefined ? 'test aborted' : String(reason);
      vu.abortReason = r;
      throw new TestAbort(r);
    },
  },
};

export default exec;
