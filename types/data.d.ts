/// <reference path="./globals.d.ts" />
/** `llmload/data`: files and shared data (k6's `open()` and `k6/data`). */

/** Reads a file relative to the script's directory, in init code only. */
export function open(path: string): string;
export function open(path: string, mode: 'b'): ArrayBuffer;

/**
 * A read-only array built once per test run: `fn` runs in the first VU that
 * constructs it (in init code); its elements must survive JSON. Every VU reads
 * the same copy held by llmload; each element access parses that element
 * (elements come back frozen). Supports length, [i], for…of, forEach, map, filter.
 */
export class SharedArray<T = unknown> implements Iterable<T> {
  constructor(name: string, fn: () => T[]);
  readonly length: number;
  readonly [index: number]: T;
  [Symbol.iterator](): Iterator<T>;
  forEach(cb: (value: T, index: number, array: SharedArray<T>) => void): void;
  map<U>(cb: (value: T, index: number, array: SharedArray<T>) => U): U[];
  filter(cb: (value: T, index: number, array: SharedArray<T>) => unknown): T[];
}

declare const data: { open: typeof open; SharedArray: typeof SharedArray };
export default data;
