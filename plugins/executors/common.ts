import { checkKeys, formatDuration, optionError, parseDuration, showValue, type ExecutorContext } from 'llmload/plugin';
/** Helpers shared by the built-in executors: message prefixes, k6's limits, stages. */

/** k6's minimum for duration and maxDuration (stages may be shorter, even 0). */
export const MIN_DURATION_MS = 1000;

/** The message prefix for a scenario: `scenario "steady"`. */
export function scenarioWhere(ctx: ExecutorContext): string {
  return `scenario "${ctx.scenario}"`;
}

/** Throws unless `value` is present: `option "rate" is required`. */
export function required<T>(value: T | undefined, key: string, where: string): T {
  if (value === undefined) throw optionError(where, key, 'is required');
  return value;
}

/** `option "vus" must be more than 0, got 0`. */
export function mustBePositive(value: number, key: string, where: string): void {
  if (!(value > 0)) throw optionError(where, key, `must be more than 0, got ${value}`);
}

/** `option "startRate" can't be negative, got -1`. */
export function mustNotBeNegative(value: number, key: string, where: string): void {
  if (value < 0) throw optionError(where, key, `can't be negative, got ${value}`);
}

/** k6: `the duration should be at least 1s, but is 500ms`. */
export function mustBeAtLeastOneSecond(ms: number, key: string, where: string): void {
  if (ms < MIN_DURATION_MS) {
    throw optionError(where, key, `should be at least ${formatDuration(MIN_DURATION_MS)}, got ${formatDuration(ms)}`);
  }
}

/** One stage: ramp linearly to `target` over `duration` ms. */
export interface Stage {
  duration: number;
  target: number;
}

/**
 * Reads `stages: [{ duration, target }]` (at least one). Targets are VU counts
 * (integers) or rates (`integer: false`); neither may be negative.
 */
export function readStages(raw: Record<string, unknown>, key: string, where: string, integer: boolean): Stage[] {
  const v = raw[key];
  if (v === undefined) throw optionError(where, key, 'is required (at least one stage, e.g. [{ duration: "30s", target: 10 }])');
  if (!Array.isArray(v)) throw optionError(where, key, `must be an array of { duration, target }, got ${showValue(v)}`);
  if (v.length === 0) throw optionError(where, key, 'must have at least one stage');
  return v.map((s: unknown, i) => {
    const at = `${key}[${i}]`;
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      throw optionError(where, at, `must be an object like { duration: "30s", target: 10 }, got ${showValue(s)}`);
    }
    const stage = s as Record<string, unknown>;
    checkKeys(stage, ['duration', 'target'], `${where}: ${at}`);
    if (stage.duration === undefined) throw optionError(where, `${at}.duration`, 'is required');
    if (stage.target === undefined) throw optionError(where, `${at}.target`, 'is required');
    const duration = parseDuration(stage.duration, `${where}: option "${at}.duration"`);
    const t = stage.target;
    const ok = typeof t === 'number' && (integer ? Number.isSafeInteger(t) : Number.isFinite(t));
    if (!ok) throw optionError(where, `${at}.target`, `must be ${integer ? 'an integer' : 'a number'}, got ${showValue(t)}`);
    mustNotBeNegative(t, `${at}.target`, where);
    return { duration, target: t };
  });
}

export function sumStages(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.duration, 0);
}

export function maxTarget(start: number, stages: readonly Stage[]): number {
  return stages.reduce((m, s) => Math.max(m, s.target), start);
}
