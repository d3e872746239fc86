/**
 * `llmload/data`: files and shared data (k6's `open()` and `k6/data`), plus
 * the workloads: tokenizers, synthetic prompts, datasets, hash-id prompts and
 * multi-turn conversations.
 */
import { Conversation } from './conversation.js';
import { host, vu } from './internal/state.js';
import { chatRequest, Dataset, HashIdPrompts, Prompts, sampleLengths, tokenizer } from './workloads.js';

/** Reads a file relative to the script's directory, in init code only (as in k6): its text, or its bytes with mode 'b'. */
export function open(path: string): string;
export function open(path: string, mode: 'b'): ArrayBuffer;
export function open(path: string, mode?: 'b'): string | ArrayBuffer {
  if (vu.phase !== 'init') throw new Error(`open("${String(path)}"): files can only be opened in init code (outside exported functions)`);
  if (typeof path !== 'string' || path === '') throw new TypeError('open() needs a file path');
  if (mode !== undefined && mode !== 'b') throw new TypeError(`open("${path}"): mode must be "b" (binary) or omitted`);
  return host.open(path, mode === 'b');
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}

/**
 * A read-only array built once per test run: `fn` runs in the first VU that
 * constructs it (in init code); its elements must survive JSON. Every VU reads
 * the same copy held by llmload; each element access parses that element
 * (elements come back frozen). Supports length, [i], for…of, forEach, map, filter.
 */
export class SharedArray<T = unknown> implements Iterable<T> {
  readonly [index: number]: T;
  declare readonly length: number;
  // Implemented by the Proxy the constructor returns.
  declare [Symbol.iterator]: () => Iterator<T>;
  declare forEach: (cb: (value: T, index: number, array: SharedArray<T>) => void) => void;
  declare map: <U>(cb: (value: T, index: number, array: SharedArray<T>) => U) => U[];
  declare filter: (cb: (value: T, index: number, array: SharedArray<T>) => unknown) => T[];

  constructor(name: string, fn: () => T[]) {
    if (vu.phase !== 'init') throw new Error(`SharedArray "${String(name)}": must be created in init code (outside exported functions)`);
    if (typeof name !== 'string' || name === '') throw new TypeError('SharedArray needs a non-empty name');
    if (typeof fn !== 'function') throw new TypeError(`SharedArray "${name}": the second argument must be a function returning an array`);
    let length = host.sharedArrayLength(name);
    if (length < 0) {
      const items = fn();
      if (!Array.isArray(items)) throw new TypeError(`SharedArray "${name}": the function must return an array`);
      host.sharedArrayStore(
        name,
        items.map((x) => JSON.stringify(x) ?? 'null'),
      );
      length = items.length;
    }
    const get = (i: number): T => deepFreeze(JSON.parse(host.sharedArrayGet(name, i)) as T);
    const self = this;
    const methods: Record<PropertyKey, unknown> = {
      length,
      [Symbol.iterator]: function* () {
        for (let i = 0; i < length; i++) yield get(i);
      },
      forEach(cb: (v: T, i: number, a: SharedArray<T>) => void) {
        for (let i = 0; i < length; i++) cb(get(i), i, self);
      },
      map<U>(cb: (v: T, i: number, a: SharedArray<T>) => U): U[] {
        const out: U[] = [];
        for (let i = 0; i < length; i++) out.push(cb(get(i), i, self));
        return out;
      },
      filter(cb: (v: T, i: number, a: SharedArray<T>) => unknown): T[] {
        const out: T[] = [];
        for (let i = 0; i < length; i++) {
          const v = get(i);
          if (cb(v, i, self)) out.push(v);
        }
        return out;
      },
    };
    const proxy = new Proxy(this, {
      get(target, key) {
        if (typeof key === 'string') {
          const i = Number(key);
          if (Number.isInteger(i) && i >= 0 && String(i) === key) return i < length ? get(i) : undefined;
        }
        return key in methods ? methods[key] : Reflect.get(target, key);
      },
      set() {
        throw new TypeError(`SharedArray "${name}" is read-only`);
      },
      has(target, key) {
        if (typeof key === 'string') {
          const i = Number(key);
          if (Number.isInteger(i) && String(i) === key) return i >= 0 && i < length;
        }
        return key in methods || Reflect.has(target, key);
      },
    });
    // biome-ignore lint/correctness/noConstructorReturn: the instance is a Proxy over itself (index access and `in`, as k6's SharedArray)
    return proxy;
  }
}

export { chatRequest, Dataset, HashIdPrompts, Prompts, sampleLengths, tokenizer, Conversation };
export type { ChatRequestFields, DatasetOptions, DatasetRecord, HashIdOptions, LengthSpec, Prompt, PromptsOptions, Seed, Tokenizer } from './workloads.js';
export type { ChatMessage, ConversationOptions } from './conversation.js';

export default { open, SharedArray, tokenizer, Prompts, Dataset, HashIdPrompts, sampleLengths, chatRequest, Conversation };
