/**
 * The globals a VU's script sees as its own (k6 gives every VU a runtime of
 * its own): `__VU`, `__ENV`, `__ITER`, console, timers, `open`, performance.
 * VUs of one isolate may share one V8 context (their module code then runs
 * once per VU in it: runtime/vu/isolate-pool.ts), so these are accessors on
 * the global that read and write the table of the VU whose code is running.
 * Every call into a VU makes its table current first (the prelude's entry).
 */
export const VU_GLOBALS = [
  '__VU',
  '__ENV',
  '__ITER',
  'console',
  'open',
  'performance',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  '__llmloadSync',
] as const;

/** Globals the runtime sets and removes around a VU's init; never the script's. */
export const INIT_GLOBALS = ['__llmloadHost', '__llmloadVuInit', '__llmloadEntry', '__llmloadUser', '__llmloadInitError'] as const;

/** What the host puts on the global for a VU's init (taken off by the prelude). */
export interface VuInit {
  vu: number;
  env: Record<string, string>;
  /** exec.vu.idInTest (≠ vu only in an execution segment). */
  idInTest: number;
}

/** The hidden global that holds which VU's table is current (one per context). */
export const SWITCH_GLOBAL = '__llmloadVuGlobals';

interface Switch {
  current: Record<string, unknown>;
}

/**
 * A table of per-VU globals for the VU whose init is running, made current;
 * `enter()` makes it current again (every call into the VU does).
 */
export function vuGlobals(): { enter(): void } {
  const g = globalThis as unknown as Record<string, unknown>;
  const table: Record<string, unknown> = {};
  let sw = g[SWITCH_GLOBAL] as Switch | undefined;
  if (!sw) {
    const s: Switch = { current: table };
    for (const name of VU_GLOBALS) {
      Object.defineProperty(g, name, {
        get: () => s.current[name],
        set: (v: unknown) => {
          s.current[name] = v;
        },
        configurable: true,
      });
    }
    Object.defineProperty(g, SWITCH_GLOBAL, { value: s });
    sw = s;
  }
  const active = sw;
  active.current = table;
  return {
    enter: () => {
      active.current = table;
    },
  };
}
