// The sequential array helpers (runtime/modules/internal/sync-helpers.ts) against the builtins.
import { describe, expect, it } from 'vitest';
import { ARRAY_METHODS, HELPERS_GLOBAL } from '../../runtime/bundle/sync-style/rewrite.js';
import { SYNC_METHODS, syncHelpers, type SyncMethod } from '../../runtime/modules/internal/sync-helpers.js';

type Cb = (this: unknown, ...args: unknown[]) => unknown;
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Runs `method` on `make()` twice: the builtin with `cb`, the helper with an
 * async version of `cb` (awaiting a timer first). Results, the callback log
 * (arguments, `this`) and the receiver afterwards must be the same.
 */
async function same(method: SyncMethod, make: () => unknown, cb: Cb, ...rest: unknown[]) {
  const run = async (useHelper: boolean) => {
    const log: unknown[] = [];
    const x = make();
    const wrapped = function (this: unknown, ...args: unknown[]) {
      log.push([this, ...args.slice(0, 2)]);
      return cb.call(this, ...args);
    };
    let result: unknown;
    if (useHelper) {
      result = await syncHelpers[method](
        x,
        async function (this: unknown, ...args: unknown[]) {
          await tick();
          return wrapped.call(this, ...args);
        },
        ...rest,
      );
    } else {
      result = (x as Record<string, (...a: unknown[]) => unknown>)[method]!(wrapped, ...rest);
    }
    return { result, log, after: x };
  };
  const builtin = await run(false);
  const helper = await run(true);
  expect(helper.result).toStrictEqual(builtin.result);
  expect(Object.getPrototypeOf(helper.result ?? 0)).toBe(Object.getPrototypeOf(builtin.result ?? 0));
  expect(helper.log).toEqual(builtin.log);
  expect(helper.after).toEqual(builtin.after);
  return helper.result;
}

const holes = () => [1, , 3, , 5]; // eslint-disable-line no-sparse-arrays
const pred = (v: unknown) => typeof v === 'number' && v > 2;

describe('array semantics', () => {
  it('every method, on arrays with holes, matches the builtin (results, arguments, order)', async () => {
    const cbs: Record<SyncMethod, Cb> = {
      forEach: () => undefined,
      map: (v) => (typeof v === 'number' ? v * 10 : v),
      filter: pred,
      some: pred,
      every: (v) => v !== 3,
      find: pred,
      findIndex: pred,
      findLast: (v) => v === undefined || pred(v),
      findLastIndex: (v) => v === undefined,
      reduce: (a, v) => `${String(a)}+${String(v)}`,
      reduceRight: (a, v) => `${String(a)}+${String(v)}`,
      flatMap: (v, k) => ((k as number) % 2 === 0 ? [v, [v]] : v),
    };
    for (const m of SYNC_METHODS) await same(m, holes, cbs[m]);
    await same('reduce', holes, cbs.reduce, 'init');
    await same('reduceRight', holes, cbs.reduceRight, 'init');
    await same(
      'some',
      () => [1, 2],
      () => false,
    );
    await same(
      'every',
      () => [3, 4],
      () => 1,
    );
    await same(
      'find',
      () => [1],
      () => false,
    );
    await same(
      'findIndex',
      () => [1],
      () => false,
    );
  });

  it('thisArg, truthiness of results, early exits', async () => {
    const ctx = { k: 2 };
    await same(
      'map',
      () => [1, 2, 3],
      function (this: unknown, v) {
        return (v as number) * (this as typeof ctx).k;
      },
      ctx,
    ); // prettier-ignore
    await same(
      'filter',
      () => [0, 1, '', 'a', null, {}],
      (v) => v,
    );
    await same(
      'some',
      () => [0, 1, 2, 3],
      (v) => v === 1,
    ); // stops after index 1
    await same(
      'every',
      () => [1, 1, 0, 1],
      (v) => v,
    ); // stops at index 2
    await same(
      'find',
      () => [0, 5, 6],
      (v) => (v as number) > 4,
    );
  });

  it('reduce with and without an initial value, empty arrays', async () => {
    await same(
      'reduce',
      () => [1, 2, 3],
      (a, v) => (a as number) + (v as number),
    );
    await same(
      'reduce',
      () => [1, 2, 3],
      (a, v) => (a as number) + (v as number),
      10,
    );
    await same(
      'reduce',
      () => [],
      (a) => a,
      undefined,
    );
    await same(
      'reduceRight',
      () => [, 'x'],
      (a) => a,
    ); // eslint-disable-line no-sparse-arrays
    const builtin = (() => {
      try {
        [].reduce((a) => a);
      } catch (e) {
        return e as Error;
      }
    })()!;
    await expect(syncHelpers.reduce([], async (a: unknown) => a)).rejects.toThrow(new TypeError(builtin.message));
    await expect(syncHelpers.reduceRight([, ,], async (a: unknown) => a)).rejects.toThrow(TypeError); // eslint-disable-line no-sparse-arrays
  });

  it('mutations during the iteration: length read once, values read when visited, deleted ones skipped', async () => {
    const mutate: Cb = (v, k, arr) => {
      const a = arr as unknown[];
      if (k === 0) {
        a.push('late');
        delete a[2];
        a[1] = 'changed';
      }
      return v;
    };
    for (const m of ['forEach', 'map', 'filter', 'some', 'every', 'find', 'reduce', 'flatMap'] as const) {
      await same(m, () => ['a', 'b', 'c', 'd'], m === 'reduce' ? (_acc, v, k, arr) => mutate(v, k, arr) : mutate);
    }
  });

  it('Array subclasses get instances of themselves (species); array-likes borrowing Array methods work', async () => {
    class MyArr<T> extends Array<T> {}
    const r = await same(
      'map',
      () => MyArr.from([1, 2]),
      (v) => (v as number) + 1,
    );
    expect(r).toBeInstanceOf(MyArr);
    expect(
      await same(
        'filter',
        () => MyArr.from([1, 2, 3]),
        (v) => v !== 2,
      ),
    ).toBeInstanceOf(MyArr);
    const arrayLike = () => Object.assign(Object.create(Array.prototype) as object, { length: 3, 0: 'a', 2: 'c' });
    await same('map', arrayLike, (v) => `${String(v)}!`);
    await same('forEach', arrayLike, () => undefined);
  });

  it('typed arrays: map and filter make typed arrays of the same kind', async () => {
    const r = await same(
      'map',
      () => Int8Array.from([1, 2, 100]),
      (v) => (v as number) * 2,
    );
    expect(r).toBeInstanceOf(Int8Array);
    expect(r).toEqual(Int8Array.from([2, 4, -56]));
    expect(
      await same(
        'filter',
        () => Float64Array.from([1.5, 2, 3]),
        (v) => v !== 2,
      ),
    ).toBeInstanceOf(Float64Array);
    await same(
      'reduce',
      () => Uint8Array.from([1, 2, 3]),
      (a, v) => (a as number) + (v as number),
    );
    await same(
      'findLast',
      () => Uint8Array.from([1, 2, 3]),
      (v) => (v as number) < 3,
    );
  });

  it('Map and Set forEach get (value, key, collection)', async () => {
    await same(
      'forEach',
      () =>
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
      () => undefined,
    );
    await same(
      'forEach',
      () => new Set(['x', 'y']),
      () => undefined,
    );
    const seen: unknown[] = [];
    const m = new Map([['a', 1]]);
    await syncHelpers.forEach(m, async (v: unknown, k: unknown, c: unknown) => void seen.push(v, k, c === m));
    expect(seen).toEqual([1, 'a', true]);
  });
});

describe('everything else', () => {
  it("calls the receiver's own method and awaits its result", async () => {
    const custom = {
      map(cb: (x: number) => unknown, extra: unknown) {
        return Promise.all([1, 2].map(cb)).then((r) => ({ r, extra }));
      },
    };
    expect(await syncHelpers.map(custom, async (x: number) => x * 3, 'e')).toEqual({ r: [3, 6], extra: 'e' });
  });

  it("throws the builtin's TypeErrors: nullish receivers, missing methods, non-callable callbacks", async () => {
    await expect(syncHelpers.map(null, async () => 1)).rejects.toThrow(new TypeError("Cannot read properties of null (reading 'map')"));
    await expect(syncHelpers.forEach(undefined, async () => 1)).rejects.toThrow(new TypeError("Cannot read properties of undefined (reading 'forEach')"));
    await expect(syncHelpers.map('abc', async () => 1)).rejects.toThrow(new TypeError('"abc".map is not a function'));
    await expect(syncHelpers.forEach([1], undefined)).rejects.toThrow(new TypeError('undefined is not a function'));
  });

  it('optional variants return undefined for a nullish receiver or method', async () => {
    expect(await syncHelpers.optional.map(null, async () => 1)).toBeUndefined();
    expect(await syncHelpers.optional.map({}, async () => 1)).toBeUndefined();
    expect(await syncHelpers.optional.map([1, 2], async (x: number) => x + 1)).toEqual([2, 3]);
  });
});

describe('wiring', () => {
  it('has a helper for every method the transform rewrites, installed by the prelude', async () => {
    expect([...ARRAY_METHODS].sort()).toEqual([...SYNC_METHODS].sort());
    const prelude = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../runtime/modules/internal/prelude.ts', import.meta.url), 'utf8'));
    expect(prelude).toContain(`g.${HELPERS_GLOBAL} = syncHelpers;`);
  });
});

describe('order', () => {
  it('runs callbacks one after another: each finishes before the next starts', async () => {
    for (const m of SYNC_METHODS) {
      const log: string[] = [];
      const cb = async (...args: unknown[]) => {
        const k = m === 'reduce' || m === 'reduceRight' ? (args[2] as number) : (args[1] as number);
        log.push(`start ${k}`);
        await new Promise((r) => setTimeout(r, 15 - 5 * Math.min(k, 2))); // later ones are quicker
        log.push(`end ${k}`);
        return !(m === 'some' || m === 'find' || m === 'findIndex' || m === 'findLast' || m === 'findLastIndex');
      };
      await syncHelpers[m]([0, 1, 2], cb, ...(m.startsWith('reduce') ? [0] : []));
      const order = m === 'findLast' || m === 'findLastIndex' || m === 'reduceRight' ? [2, 1, 0] : [0, 1, 2];
      expect(log, m).toEqual(order.flatMap((k) => [`start ${k}`, `end ${k}`]));
    }
  });
});
