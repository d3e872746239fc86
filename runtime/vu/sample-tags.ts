import type { Tags } from '../metrics/types.js';

/**
 * Builds the tag sets of one VU's samples: base (run + scenario tags, from the
 * iteration) + exec.vu.tags + `group`. The merged set per group is cached and
 * frozen, so a sample without extra tags costs no allocation.
 */
export class SampleTags {
  private base: Readonly<Record<string, string>> = {};
  private vuTags: Record<string, string> = {};
  private readonly cache = new Map<string, Tags>();

  /** Sets the base tags; a new object (or `force`) drops the cache. */
  setBase(base: Readonly<Record<string, string>>, force = false): void {
    if (base === this.base && !force) return;
    this.base = base;
    this.cache.clear();
  }

  setVuTags(tags: Record<string, string>): void {
    this.vuTags = tags;
    this.cache.clear();
  }

  forGroup(group: string): Tags {
    let t = this.cache.get(group);
    if (!t) {
      t = Object.freeze({ ...this.base, ...this.vuTags, group });
      this.cache.set(group, t);
    }
    return t;
  }

  with(group: string, extra: Record<string, string> | undefined): Tags {
    const t = this.forGroup(group);
    return extra ? { ...t, ...extra } : t;
  }
}

/** Sample `time`: wall-clock epoch ms with sub-ms precision. */
export function wallNow(): number {
  return performance.timeOrigin + performance.now();
}
