// Generated from runtime/modules/execution.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/** `llmload/execution` (k6's `k6/execution`): the default export `exec`. */

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
	readonly metrics: {
		readonly tags: Record<string, string>;
	};
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
declare const exec: Exec;

export {
	exec as default,
};

export {};
