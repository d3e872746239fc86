import type { TelemetryPlugin } from 'llmload/plugin';
import { dcgmTelemetry } from './dcgm.js';
import { serverTelemetry } from './server-metrics.js';

/** The telemetry sources llmload ships: `options.telemetry.dcgm` and `options.telemetry.server`. */
export const builtinTelemetry: TelemetryPlugin[] = [dcgmTelemetry, serverTelemetry];
