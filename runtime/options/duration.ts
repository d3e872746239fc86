/**
 * Durations in options: the shared parser (runtime/modules/shared/duration.ts,
 * which the VU modules use too) with the options' error, exit code 104.
 */
import { LlmloadError } from '../errors.js';
import { readDuration } from '../modules/shared/duration.js';

export { formatDuration } from '../modules/shared/duration.js';

/**
 * Parses a k6 duration into milliseconds: a string such as "30s", "1m30s",
 * "500ms", "2h", "1.5s", "1d" or "0", or a number of milliseconds. Negative
 * durations are rejected. `where` names the option for the message, e.g.
 * `scenario "x": option "duration"`.
 */
export function parseDuration(value: unknown, where: string): number {
  const ms = readDuration(value);
  if (typeof ms === 'number') return ms;
  const shown = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  throw new LlmloadError('ERR_INVALID_OPTION', `${where}: invalid duration "${shown}" (${ms.problem ?? 'use e.g. "30s", "1m30s", "500ms"'})`);
}
