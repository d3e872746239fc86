import { describe, expect, it } from 'vitest';
import { SmallTable } from '../../runtime/modules/shared/small-table.js';
import { unwatchAbort, watchAbort } from '../../runtime/http-client/abort-watch.js';

describe('SmallTable', () => {
  it('adds, replaces, finds and deletes as a Map does, in the order entries were added', () => {
    const t = new SmallTable<number, string>();
    expect(t.size).toBe(0);
    expect(t.get(1)).toBeUndefined();
    t.set(1, 'a');
    t.set(2, 'b');
    t.set(3, 'c');
    t.set(2, 'B');
    expect(t.size).toBe(3);
    expect(t.get(2)).toBe('B');
    expect(t.delete(2)).toBe(true);
    expect(t.delete(2)).toBe(false);
    expect(t.delete(99)).toBe(false);
    t.set(4, 'd');
    expect(t.entries()).toEqual([
      [1, 'a'],
      [3, 'c'],
      [4, 'd'],
    ]);
    expect(t.keys()).toEqual([1, 3, 4]);
    expect(t.values()).toEqual(['a', 'c', 'd']);
    t.clear();
    expect(t.size).toBe(0);
    expect(t.keys()).toEqual([]);
  });

  it('one entry at a time, many times over, as a VU uses it', () => {
    const t = new SmallTable<number, number>();
    for (let id = 1; id <= 1000; id++) {
      t.set(id, id * 2);
      expect(t.get(id)).toBe(id * 2);
      expect(t.delete(id)).toBe(true);
      expect(t.size).toBe(0);
    }
    expect(t.get(1000)).toBeUndefined();
  });

  it('keeps every entry, and their order, past the small size and back', () => {
    const t = new SmallTable<number, number>();
    const model = new Map<number, number>();
    for (let id = 1; id <= 200; id++) {
      t.set(id, -id);
      model.set(id, -id);
    }
    expect(t.size).toBe(200);
    for (let id = 1; id <= 200; id += 3) {
      expect(t.delete(id)).toBe(model.delete(id));
    }
    expect(t.entries()).toEqual([...model]);
    for (const id of [...model.keys()]) {
      expect(t.get(id)).toBe(-id);
      t.delete(id);
    }
    expect(t.size).toBe(0);
    // Small again: still a table.
    t.set(7, 7);
    t.set(8, 8);
    expect(t.entries()).toEqual([
      [7, 7],
      [8, 8],
    ]);
  });

  it('drops the values it no longer holds (a deleted op is not kept alive)', () => {
    const t = new SmallTable<number, object>();
    t.set(1, {});
    t.set(2, {});
    t.delete(1);
    t.clear();
    const slots = t as unknown as { keyAt: unknown[]; valueAt: unknown[] };
    expect(slots.valueAt.every((v) => v === undefined)).toBe(true);
    expect(slots.keyAt.every((k) => k === undefined)).toBe(true);
  });
});

describe('watchAbort', () => {
  it('calls the watchers still watching when the signal aborts, once each', () => {
    const ac = new AbortController();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    const c = () => calls.push('c');
    watchAbort(ac.signal, a);
    watchAbort(ac.signal, b);
    watchAbort(ac.signal, b);
    watchAbort(ac.signal, c);
    unwatchAbort(ac.signal, b);
    ac.abort();
    ac.abort();
    expect(calls).toEqual(['a', 'c']);
  });
});
