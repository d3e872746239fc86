/**
 * One class for all the VUs that share a context, instead of one per VU.
 *
 * The bundle's module code runs once per VU (runtime/vu/isolate-pool.ts), so
 * each VU evaluates its own copy of every class. Code at one site shares its
 * feedback across the VUs, so a site that builds or reads instances of fifty
 * VUs' classes sees fifty maps and goes megamorphic: the stores of a Response's
 * fields then went through V8's runtime on every request (bench/README,
 * "One Response class per context"). With the first VU's class shared, they
 * see one map.
 *
 * Only for classes that hold no VU's state (what they close over is pure or
 * frozen). The shared class and its prototype are frozen, so that one VU's
 * script cannot change what another VU sees, as k6's VUs cannot.
 *
 * A module rebinds its exported class to the shared one, `Cls = perContext(key, Cls)`:
 * a class's outer binding is mutable in JavaScript (TypeScript and Biome
 * forbid it, hence the two suppressions at each site), and the class's own
 * methods keep using their class through its inner binding.
 */

/** Set by the bundle's wrapper (runtime/bundle/source-map.ts BUNDLE_PREFIX): one object per context. */
declare const __llmloadPerContext: Record<string, unknown> | undefined;

export function perContext<T extends { readonly prototype: object }>(key: string, cls: T): T {
  const store = typeof __llmloadPerContext === 'object' ? __llmloadPerContext : undefined;
  if (!store) return cls;
  const first = store[key] as T | undefined;
  if (first) return first;
  Object.freeze(cls.prototype);
  Object.freeze(cls);
  store[key] = cls;
  return cls;
}
