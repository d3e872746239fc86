/** `llmload/timers` (k6's `k6/timers`): the VU's timers, also available as globals. */
export function setTimeout(fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
export function clearTimeout(id: number): void;
export function setInterval(fn: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): number;
export function clearInterval(id: number): void;

declare const timers: { setTimeout: typeof setTimeout; clearTimeout: typeof clearTimeout; setInterval: typeof setInterval; clearInterval: typeof clearInterval };
export default timers;
