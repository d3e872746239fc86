import type { Tags } from '../metrics/types.js';
import { DEFAULT_SYSTEM_TAGS, type SystemTags } from '../options/system-tags.js';

/** The most check names a group's cache keeps. */
const MAX_CHECK_NAMES = 256;

/**
 * Builds the tag sets of one VU's samples: base (run + scenario tags, from the
 * iteration) + exec.vu.tags + the system tags `group`, and, when systemTags
 * asks for them, `vu` and `iter` (k6 adds them to every sample of the VU and
 * iteration). The merged set per group is cached and frozen, so a sample
 * without extra tags costs no allocation; with `iter` on, the cache is
 * rebuilt once per iteration.
 */
export class SampleTags {
  private base: Readonly<Record<string, string>> = {};
  private vuTags: Record<string, string> = {};
  private readonly cache = new Map<string, Tags>();
  /** A check's set per group and check name (cleared with `cache`). */
  private readonly checks = new Map<string, Map<string, Tags>>();
  private sys: SystemTags = DEFAULT_SYSTEM_TAGS;
  private vu: string | undefined;
  private iter: string | undefined;

  /** The run's system tags (the VU's check filter reads them too). */
  get system(): SystemTags {
    return this.sys;
  }

  /** Sets the run's systemTags and this VU's id (for the `vu` tag); a change drops the cache. */
  setSystem(sys: SystemTags, vuId: number): void {
    if (sys === this.sys) return;
    this.sys = sys;
    this.vu = sys.vu ? String(vuId) : undefined;
    this.clear();
  }

  /** An iteration starts (`iter` = its __ITER); undefined outside iterations. Free unless `iter` is on. */
  setIteration(iter: number | undefined): void {
    if (!this.sys.iter) return;
    const label = iter === undefined ? undefined : String(iter);
    if (label === this.iter) return;
    this.iter = label;
    this.clear();
  }

  /** Sets the base tags; a new object (or `force`) drops the cache. */
  setBase(base: Readonly<Record<string, string>>, force = false): void {
    if (base === this.base && !force) return;
    this.base = base;
    this.clear();
  }

  setVuTags(tags: Record<string, string>): void {
    this.vuTags = tags;
    this.clear();
  }

  forGroup(group: string): Tags {
    let t = this.cache.get(group);
    if (!t) {
      const o: Record<string, string> = { ...this.base, ...this.vuTags };
      // The one place `group`, `vu` and `iter` are set; system tags win over the script's.
      if (this.sys.group) o.group = group;
      if (this.vu !== undefined) o.vu = this.vu;
      if (this.iter !== undefined) o.iter = this.iter;
      t = Object.freeze(o);
      this.cache.set(group, t);
    }
    return t;
  }

  /**
   * A check's sample: the group's set plus `check` = `name` (unless
   * systemTags leaves `check` out), cached and frozen as forGroup's.
   */
  forCheck(group: string, name: string): Tags {
    if (!this.sys.check) return this.forGroup(group);
    let byName = this.checks.get(group);
    if (!byName) this.checks.set(group, (byName = new Map()));
    let t = byName.get(name);
    if (!t) {
      t = Object.freeze({ ...this.forGroup(group), check: name });
      // Names made per iteration (`check ${i}`) would grow it without bound.
      if (byName.size < MAX_CHECK_NAMES) byName.set(name, t);
    }
    return t;
  }

  private clear(): void {
    this.cache.clear();
    this.checks.clear();
  }

  with(group: string, extra: Record<string, string> | undefined): Tags {
    const t = this.forGroup(group);
    return extra ? { ...t, ...extra } : t;
  }
}
