import type { Plugin } from '../plugin-api/define.js';
import { builtinExecutors } from '../../plugins/executors/index.js';
import { builtinOutputs } from '../../plugins/outputs/index.js';
import { httpEndpoint } from '../../plugins/endpoints/http/index.js';
import { openaiEndpoint } from '../../plugins/endpoints/openai/index.js';
import { builtinTelemetry } from '../../plugins/telemetry/index.js';

/** The plugins llmload ships, through the same contract third parties use. */
export const BUILTIN_PLUGINS: readonly Plugin[] = [
  ...(builtinExecutors as Plugin[]),
  httpEndpoint as Plugin,
  openaiEndpoint as Plugin,
  ...builtinOutputs,
  ...builtinTelemetry,
];
