import type { ScriptError } from '../vu/types.js';

/**
 * Script exceptions thrown in iterations: each distinct message (with its
 * location) is logged once, then only counted; the summary lists the counts.
 */
export interface ErrorLog {
  record(error: ScriptError, scenario: string, vu: number): void;
  /** Distinct errors with their counts, most frequent first. */
  entries(): Array<{ message: string; location?: string; count: number }>;
  readonly total: number;
}

export function createErrorLog(print: (line: string) => void): ErrorLog {
  const seen = new Map<string, { message: string; location?: string; count: number }>();
  let total = 0;
  return {
    record(error, scenario, vu) {
      total++;
      const key = `${error.location ?? ''}\u0000${error.message}`;
      const entry = seen.get(key);
      if (entry) {
        entry.count++;
        return;
      }
      seen.set(key, { message: error.message, location: error.location, count: 1 });
      const at = error.location ? ` at ${error.location}` : '';
      print(`${error.message}${at} (scenario: ${scenario}, vu: ${vu}; repeats of this error are counted, not logged)`);
    },
    entries() {
      return [...seen.values()].sort((a, b) => b.count - a.count);
    },
    get total() {
      return total;
    },
  };
}
