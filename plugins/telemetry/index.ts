import type { TelemetryFactory } from '../../runtime/telemetry.js';
import { dcgmTelemetry } from './dcgm.js';
import { serverTelemetry } from './server.js';

/** The telemetry sources llmload ships: `options.telemetry.dcgm` and `options.telemetry.server`. */
export const builtinTelemetry: TelemetryFactory[] = [dcgmTelemetry, serverTelemetry];
