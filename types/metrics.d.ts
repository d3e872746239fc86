// Generated from runtime/modules/metrics.ts by runtime/build-types.mjs: edit the source, then run `npm run build:types`.
/// <reference path="./globals.d.ts" />
/**
 * `llmload/metrics`: custom metrics (k6's `k6/metrics`). Create them in init
 * code (outside exported functions); add samples anywhere. Tag values are
 * converted to strings.
 */

type Tags = Record<string, string | number | boolean>;
declare abstract class Metric {
	readonly name: string;
	/** Values are times in ms (summaries print them as durations). */
	readonly isTime: boolean;
}
/** Sums values; summary: `count`, `rate` (per second). */
export declare class Counter extends Metric {
	constructor(name: string, isTime?: boolean);
	add(value: number, tags?: Tags): boolean;
}
/** Keeps the latest value; summary: `value`, `min`, `max`. */
export declare class Gauge extends Metric {
	constructor(name: string, isTime?: boolean);
	add(value: number, tags?: Tags): boolean;
}
/** Share of truthy values; summary: `rate`. */
export declare class Rate extends Metric {
	constructor(name: string);
	add(value: unknown, tags?: Tags): boolean;
}
/** Distribution; summary: `avg`, `min`, `med`, `max`, `p(N)`. `isTime`: values are ms. */
export declare class Trend extends Metric {
	constructor(name: string, isTime?: boolean);
	add(value: number, tags?: Tags): boolean;
}
declare const _default: {
	Counter: typeof Counter;
	Gauge: typeof Gauge;
	Rate: typeof Rate;
	Trend: typeof Trend;
};

export {
	_default as default,
};

export {};
