/**
 * Sequential Array methods for callbacks that became async (the bundle-time
 * transform in runtime/bundle/sync-style rewrites `xs.map(cb)` to
 * `await __llmloadSync.map(xs, cb)` when `cb` makes requests). In k6 such a
 * callback runs to completion before the next one starts, and `map` returns
 * the responses: here each callback is awaited in turn, with the builtin's
 * semantics (holes skipped, length read once, species, thisArg, initial
 * values). Anything that is not an array (a user class with its own `map`)
 * gets its own method called, and the result awaited. Plain ECMAScript: this
 * runs inside the isolate.
 */

type Callback = (this: unknown, ...args: unknown[]) => unknown;
type Obj = Record<PropertyKey, unknown> & { length?: unknown };
type Impl = (o: Obj, cb: Callback, rest: unknown[]) => Promise<unknown>;
export type SyncHelper = (x: unknown, cb: unknown, ...rest: unknown[]) => Promise<unknown>;

export const SYNC_METHODS = [
  'forEach',
  'map',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'reduce',
  'reduceRight',
  'flatMap',
] as const;
export type SyncMethod = (typeof SYNC_METHODS)[number];

const arrayProto = Array.prototype as unknown as Record<string, unknown>;
const typedProto = Object.getPrototypeOf(Int8Array.prototype) as Record<string, unknown>;

function lengthOf(o: Obj): number {
  const n = Math.trunc(Number(o.length));
  return n > 0 ? Math.min(n, Number.MAX_SAFE_INTEGER) : 0;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'function') return `function ${(v as { name?: string }).name ?? ''}`.trim();
  if (typeof v === 'object' && v !== null) return `#<${(v as object).constructor?.name ?? 'Object'}>`;
  return String(v);
}

function callable(cb: unknown): Callback {
  if (typeof cb !== 'function') throw new TypeError(`${describe(cb)} is not a function`);
  return cb as Callback;
}

function define(target: object, index: number, value: unknown): void {
  Object.defineProperty(target, index, { value, writable: true, enumerable: true, configurable: true });
}

/** ArraySpeciesCreate: subclasses of Array get instances of themselves, as with the builtins. */
function speciesCreate(o: Obj, length: number): object {
  if (!Array.isArray(o)) return new Array(length);
  let C: unknown = (o as { constructor?: unknown }).constructor;
  if (C !== null && (typeof C === 'object' || typeof C === 'function')) {
    C = (C as Record<symbol, unknown>)[Symbol.species];
    if (C === null) C = undefined;
  }
  if (C === undefined) return new Array(length);
  if (typeof C !== 'function') throw new TypeError('object.constructor[Symbol.species] is not a constructor');
  return new (C as new (n: number) => object)(length);
}

/** Each present index in order (holes skipped, as forEach/map/filter/some/every/reduce/flatMap do). */
async function eachPresent(o: Obj, len: number, fn: (value: unknown, k: number) => Promise<boolean | void>): Promise<void> {
  for (let k = 0; k < len; k++) {
    if (!(k in o)) continue;
    if ((await fn(o[k], k)) === true) return;
  }
}

const array: Record<SyncMethod, Impl> = {
  async forEach(o, cb, [thisArg]) {
    const f = callable(cb);
    await eachPresent(o, lengthOf(o), async (v, k) => void (await f.call(thisArg, v, k, o)));
    return undefined;
  },
  async map(o, cb, [thisArg]) {
    const len = lengthOf(o);
    const f = callable(cb);
    const out = speciesCreate(o, len);
    await eachPresent(o, len, async (v, k) => define(out, k, await f.call(thisArg, v, k, o)));
    return out;
  },
  async filter(o, cb, [thisArg]) {
    const len = lengthOf(o);
    const f = callable(cb);
    const out = speciesCreate(o, 0);
    let to = 0;
    await eachPresent(o, len, async (v, k) => {
      if (await f.call(thisArg, v, k, o)) define(out, to++, v);
    });
    return out;
  },
  async some(o, cb, [thisArg]) {
    const f = callable(cb);
    let found = false;
    await eachPresent(o, lengthOf(o), async (v, k) => (found = !!(await f.call(thisArg, v, k, o))));
    return found;
  },
  async every(o, cb, [thisArg]) {
    const f = callable(cb);
    let all = true;
    await eachPresent(o, lengthOf(o), async (v, k) => !(all = !!(await f.call(thisArg, v, k, o))));
    return all;
  },
  find: (o, cb, rest) => search(o, cb, rest, false, false),
  findIndex: (o, cb, rest) => search(o, cb, rest, false, true),
  findLast: (o, cb, rest) => search(o, cb, rest, true, false),
  findLastIndex: (o, cb, rest) => search(o, cb, rest, true, true),
  reduce: (o, cb, rest) => reduce(o, cb, rest, false),
  reduceRight: (o, cb, rest) => reduce(o, cb, rest, true),
  async flatMap(o, cb, [thisArg]) {
    const len = lengthOf(o);
    const f = callable(cb);
    const out = speciesCreate(o, 0);
    let to = 0;
    await eachPresent(o, len, async (v, k) => {
      const r = await f.call(thisArg, v, k, o);
      if (!Array.isArray(r)) return define(out, to++, r);
      const inner = r as unknown as Obj;
      await eachPresent(inner, lengthOf(inner), async (x) => define(out, to++, x));
    });
    return out;
  },
};

/** find/findIndex/findLast/findLastIndex: every index, holes read as undefined. */
async function search(o: Obj, cb: unknown, [thisArg]: unknown[], fromEnd: boolean, wantIndex: boolean): Promise<unknown> {
  const len = lengthOf(o);
  const f = callable(cb);
  for (let i = 0; i < len; i++) {
    const k = fromEnd ? len - 1 - i : i;
    const v = o[k];
    if (await f.call(thisArg, v, k, o)) return wantIndex ? k : v;
  }
  return wantIndex ? -1 : undefined;
}

async function reduce(o: Obj, cb: unknown, rest: unknown[], fromEnd: boolean): Promise<unknown> {
  const len = lengthOf(o);
  const f = callable(cb);
  const at = (i: number) => (fromEnd ? len - 1 - i : i);
  let i = 0;
  let acc: unknown;
  if (rest.length > 0) {
    acc = rest[0];
  } else {
    while (i < len && !(at(i) in o)) i++;
    if (i >= len) throw new TypeError('Reduce of empty array with no initial value');
    acc = o[at(i++)];
  }
  for (; i < len; i++) {
    const k = at(i);
    if (k in o) acc = await f.call(undefined, acc, o[k], k, o);
  }
  return acc;
}

/** Typed arrays: no holes; map and filter make a typed array of the same kind. */
async function typed(method: SyncMethod, o: Obj, cb: unknown, rest: unknown[]): Promise<unknown> {
  if (method !== 'map' && method !== 'filter') return array[method](o, cb as Callback, rest);
  const values = (await array[method](o, cb as Callback, rest)) as unknown[];
  const ctor = (o.constructor as unknown as Record<symbol, unknown> | undefined)?.[Symbol.species] ?? o.constructor;
  return new (ctor as new (v: unknown[]) => unknown)(Array.from(values));
}

async function collectionForEach(x: unknown, isMap: boolean, cb: unknown, thisArg: unknown): Promise<undefined> {
  const f = callable(cb);
  const entries = isMap ? Map.prototype.entries.call(x as Map<unknown, unknown>) : Set.prototype.entries.call(x as Set<unknown>);
  for (const [k, v] of entries) await f.call(thisArg, v, k, x);
  return undefined;
}

function helper(method: SyncMethod): SyncHelper {
  return async (x, cb, ...rest) => {
    if (x === null || x === undefined) throw new TypeError(`Cannot read properties of ${String(x)} (reading '${method}')`);
    const o = Object(x) as Obj;
    const m = o[method];
    if (m === arrayProto[method]) return array[method](o, cb as Callback, rest);
    if (m === typedProto[method]) return typed(method, o, cb, rest);
    if (method === 'forEach' && m === Map.prototype.forEach) return collectionForEach(x, true, cb, rest[0]);
    if (method === 'forEach' && m === Set.prototype.forEach) return collectionForEach(x, false, cb, rest[0]);
    if (typeof m !== 'function') throw new TypeError(`${describe(x)}.${method} is not a function`);
    return await (m as Callback).call(x, cb, ...rest);
  };
}

/** For `x?.map(cb)`: nothing when x (or its method) is null or undefined. */
function optionalHelper(method: SyncMethod, h: SyncHelper): SyncHelper {
  return async (x, cb, ...rest) => {
    if (x === null || x === undefined) return undefined;
    const m = (Object(x) as Obj)[method];
    if (m === null || m === undefined) return undefined;
    return h(x, cb, ...rest);
  };
}

export type SyncHelpers = Record<SyncMethod, SyncHelper> & { optional: Record<SyncMethod, SyncHelper> };

function build(): SyncHelpers {
  const out = { optional: {} } as SyncHelpers;
  for (const m of SYNC_METHODS) {
    out[m] = helper(m);
    out.optional[m] = optionalHelper(m, out[m]);
  }
  return out;
}

export const syncHelpers: SyncHelpers = build();
