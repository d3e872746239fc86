/**
 * The fixpoint: a function becomes async when its own body makes a blocking
 * call, which makes the calls to it blocking, and so on across files until
 * nothing changes. Parameters that receive such functions are tracked too
 * (`withRetry(() => http.get(u))` makes `fn()` inside withRetry blocking).
 */
import type { CallSite, FnInfo, Value } from './types.js';

export type MemberIndex = Map<string, FnInfo[]>;

/** Whether a function may be made async: not already, not a generator, not a constructor or accessor. */
export function transformable(fn: FnInfo): boolean {
  return !fn.userAsync && !fn.generator && (fn.kind === 'function' || fn.kind === 'method');
}

/** A function value that returns a promise where the user expects a value. */
export function isAsyncValue(v: Value): boolean {
  if (v.kind === 'fn') return v.fn.transformed;
  if (v.kind === 'param') return v.fn.asyncParams.has(v.index);
  return false;
}

/** Whether the callee itself waits (rather than an argument making the call wait). */
export function calleeBlocks(site: CallSite, idx: MemberIndex): boolean {
  const c = site.callee;
  switch (c.kind) {
    case 'primitive':
      // Async style is left alone: primitives in user-async functions, and the
      // promise a function nested in one returns (`urls.map((u) => http.get(u))`).
      return !site.fn?.userAsync && !(site.fn?.asyncRegion && site.returned);
    case 'fns':
      return c.fns.some((f) => f.transformed);
    case 'param':
      return c.fn.asyncParams.has(c.index);
    case 'byName':
      return idx.get(c.name)?.some((f) => f.transformed) ?? false;
    default:
      return false;
  }
}

export function argsBlock(site: CallSite): boolean {
  return site.fnArgs.some((a) => isAsyncValue(a.value));
}

/** A call that must be awaited for its value to be what the user expects. */
export function isBlocking(site: CallSite, idx: MemberIndex): boolean {
  if (site.node.type === 'NewExpression' || site.promiseUse) return false;
  return calleeBlocks(site, idx) || argsBlock(site);
}

export function propagate(sites: CallSite[], idx: MemberIndex): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of sites) {
      if (s.node.type === 'NewExpression') continue;
      if (markParams(s, idx)) changed = true;
      const fn = s.fn;
      if (!fn || fn.transformed || s.position !== 'body' || !transformable(fn)) continue;
      if (isBlocking(s, idx)) {
        fn.transformed = true;
        changed = true;
      }
    }
  }
}

/** Records which parameters of the called user functions receive async functions. */
function markParams(site: CallSite, idx: MemberIndex): boolean {
  if (site.fnArgs.length === 0) return false;
  const c = site.callee;
  let targets: FnInfo[];
  let shift = 0;
  if (c.kind === 'fns') {
    if (c.shift < 0) return false;
    targets = c.fns;
    shift = c.shift;
  } else if (c.kind === 'byName') {
    targets = idx.get(c.name) ?? [];
  } else {
    return false;
  }
  let changed = false;
  for (const a of site.fnArgs) {
    if (!isAsyncValue(a.value)) continue;
    const at = a.index - shift;
    for (const f of targets) {
      if (at < 0 || f.params[at] === undefined || f.asyncParams.has(at)) continue;
      f.asyncParams.add(at);
      changed = true;
    }
  }
  return changed;
}
