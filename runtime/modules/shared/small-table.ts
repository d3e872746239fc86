/**
 * A Map for the few entries a VU has open at a time (its pending host calls,
 * its started ops, a signal's watchers): most requests add one entry to an
 * empty table and delete it again. A V8 Map or Set does not take that well:
 * a delete that leaves it under a quarter full reallocates its hash table,
 * and so does an add once the deleted slots fill it, about one allocation
 * through a runtime call per request per table (bench/README, "Tables that
 * keep their memory"). Up to SMALL entries live in two arrays that are
 * searched in order and never shrink; past that, in a Map until the table
 * is empty again. Plain ECMAScript with no imports, so both the host and
 * the VU modules bundle it.
 */
const SMALL = 16;

export class SmallTable<K, V> {
  private readonly keyAt: (K | undefined)[] = [];
  private readonly valueAt: (V | undefined)[] = [];
  private count = 0;
  private big: Map<K, V> | undefined;

  get size(): number {
    return this.big ? this.big.size : this.count;
  }

  get(key: K): V | undefined {
    if (this.big) return this.big.get(key);
    const i = this.indexOf(key);
    return i < 0 ? undefined : this.valueAt[i];
  }

  set(key: K, value: V): void {
    if (this.big) {
      this.big.set(key, value);
      return;
    }
    const i = this.indexOf(key);
    if (i >= 0) this.valueAt[i] = value;
    else if (this.count === SMALL) {
      this.big = new Map(this.entries());
      this.big.set(key, value);
      this.drop(0);
    } else {
      this.keyAt[this.count] = key;
      this.valueAt[this.count++] = value;
    }
  }

  /** True when `key` was there. */
  delete(key: K): boolean {
    if (this.big) {
      const had = this.big.delete(key);
      if (this.big.size === 0) this.big = undefined;
      return had;
    }
    const i = this.indexOf(key);
    if (i < 0) return false;
    // Shifted down rather than swapped with the last, so that the entries stay in the order they were added.
    for (let j = i + 1; j < this.count; j++) {
      this.keyAt[j - 1] = this.keyAt[j];
      this.valueAt[j - 1] = this.valueAt[j];
    }
    this.drop(this.count - 1);
    return true;
  }

  /** The entries in the order they were added. */
  entries(): [K, V][] {
    if (this.big) return [...this.big];
    const out: [K, V][] = [];
    for (let i = 0; i < this.count; i++) out.push([this.keyAt[i] as K, this.valueAt[i] as V]);
    return out;
  }

  keys(): K[] {
    return this.entries().map((e) => e[0]);
  }

  values(): V[] {
    return this.entries().map((e) => e[1]);
  }

  clear(): void {
    this.big = undefined;
    this.drop(0);
  }

  private indexOf(key: K): number {
    for (let i = 0; i < this.count; i++) if (this.keyAt[i] === key) return i;
    return -1;
  }

  /** Forgets the entries from `from` on; the slots stay allocated. */
  private drop(from: number): void {
    for (let i = from; i < this.count; i++) {
      this.keyAt[i] = undefined;
      this.valueAt[i] = undefined;
    }
    this.count = from;
  }
}
