/// <reference path="./k6.d.ts" />
// Globals of a llmload script (as in k6). Pulled in by every llmload module's
// types; a script that imports nothing from llmload gets them with
// `"types": ["llmload"]` in its tsconfig. Hand-written (the other types/ files
// but k6.d.ts are generated): the VU installs these at run time
// (runtime/modules/internal/prelude.ts), so no source declares them.
export {};

declare global {
  /** Id of the VU running this code: 1-based; 0 in setup(), teardown(), handleSummary(). */
  const __VU: number;
  /** This VU's iteration number in the current scenario (0-based). */
  const __ITER: number;
  /** Environment: `--env K=V` (and the system env with --include-system-env-vars), with the scenario's `env` merged in. */
  const __ENV: Record<string, string>;

  /**
   * Reads a file relative to the script's directory, in init code only
   * (outside exported functions): its text, or its bytes with mode 'b'.
   * Also exported by `llmload/data`.
   */
  function open(path: string): string;
  function open(path: string, mode: 'b'): ArrayBuffer;

  /** Goes to llmload's log (stderr), prefixed with the VU id. Merges with the DOM's or Node's Console. */
  interface Console {
    log(...data: any[]): void;
    info(...data: any[]): void;
    warn(...data: any[]): void;
    error(...data: any[]): void;
    debug(...data: any[]): void;
  }
  var console: Console;
}
