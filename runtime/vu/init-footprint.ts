import type ivm from 'isolated-vm';
import { INIT_GLOBALS, SWITCH_GLOBAL, VU_GLOBALS } from '../modules/internal/vu-globals.js';

/**
 * What a VU's init code changed on its context: globals it added or replaced
 * and built-ins it patched (`Math.random = …`, `Array.prototype.x = …`). VUs
 * share their isolate's context (runtime/vu/isolate-pool.ts), so such a
 * script must get a context per VU to keep k6's isolation between VUs. The
 * runtime's own per-VU and init globals are not the script's.
 */
const SNAPSHOT = `(() => {
  const ta = Object.getPrototypeOf(Uint8Array);
  const roots = [
    ['globalThis', globalThis], ['Object', Object], ['Object.prototype', Object.prototype], ['Function.prototype', Function.prototype],
    ['Array', Array], ['Array.prototype', Array.prototype], ['String', String], ['String.prototype', String.prototype],
    ['Number', Number], ['Number.prototype', Number.prototype], ['Boolean.prototype', Boolean.prototype], ['Symbol', Symbol],
    ['Math', Math], ['JSON', JSON], ['Reflect', Reflect], ['Date', Date], ['Date.prototype', Date.prototype],
    ['Promise', Promise], ['Promise.prototype', Promise.prototype], ['RegExp.prototype', RegExp.prototype],
    ['Map.prototype', Map.prototype], ['Set.prototype', Set.prototype], ['Error', Error], ['Error.prototype', Error.prototype],
    ['TypedArray', ta], ['TypedArray.prototype', ta.prototype], ['ArrayBuffer.prototype', ArrayBuffer.prototype],
  ];
  const take = () => roots.map(([name, o]) => [name, o, Reflect.ownKeys(o).map((k) => [k, Object.getOwnPropertyDescriptor(o, k)])]);
  const before = take();
  return (skip) => {
    const changed = [];
    const same = (a, b) => a && b && Object.is(a.value, b.value) && a.get === b.get && a.set === b.set;
    for (const [name, o, props] of before) {
      const was = new Map(props);
      const now = Reflect.ownKeys(o);
      for (const k of now) {
        if (name === 'globalThis' && skip.includes(k)) continue;
        if (!same(was.get(k), Object.getOwnPropertyDescriptor(o, k))) changed.push(name + '.' + String(k));
      }
      for (const k of was.keys()) if (!now.includes(k) && !(name === 'globalThis' && skip.includes(k))) changed.push(name + '.' + String(k));
    }
    return changed;
  };
})()`;

const RUNTIME_GLOBALS = [...VU_GLOBALS, ...INIT_GLOBALS, SWITCH_GLOBAL];

/** Takes the context's footprint now; the function returned names what changed since (as "Math.random"). */
export function footprint(context: ivm.Context): () => string[] {
  const diff = context.evalSync(SNAPSHOT, { reference: true }) as ivm.Reference;
  return () => {
    try {
      return diff.applySync(undefined, [RUNTIME_GLOBALS], { arguments: { copy: true }, result: { copy: true } }) as string[];
    } finally {
      diff.release();
    }
  };
}
