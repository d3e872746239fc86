import type { OutputPlugin } from 'llmload/plugin';
import { csvOutput } from './csv.js';
import { htmlOutput } from './html.js';
import { junitOutput } from './junit.js';
import { influxdb2Output, influxdbOutput } from './influxdb/index.js';
import { jsonOutput } from './json.js';
import { requestsOutput } from './requests.js';

/**
 * The outputs llmload ships: `--out json=…`, `--out csv=…`, `--out influxdb=…`, `--out influxdb2=…`,
 * `--out requests=…`, `--out html=…`, `--out junit=…`.
 */
export const builtinOutputs: OutputPlugin[] = [jsonOutput, csvOutput, influxdbOutput, influxdb2Output, requestsOutput, htmlOutput, junitOutput];
