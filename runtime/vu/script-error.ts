import type { StackMapper } from '../bundle/source-map.js';
import type { WireOutcome } from '../modules/internal/wire.js';
import type { ScriptError } from './types.js';

/** A script exception from the isolate, with positions mapped to the user's sources. */
export function toScriptError(outcome: Extract<WireOutcome, { status: 'error' }>, mapper: StackMapper): ScriptError {
  const { stack, location } = mapper.map(outcome.stack);
  return { message: outcome.message, location, stack: stack || undefined };
}

/** "script.ts:3:9: message" (or the message alone when no position is known). */
export function describeScriptError(err: ScriptError): string {
  return err.location ? `${err.location}: ${err.message}` : err.message;
}
