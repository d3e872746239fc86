/**
 * A Prometheus remote-write output for llmload, written only against the
 * public plugin API (`llmload/plugin`), as a third party would:
 *
 *   llmload run --plugin ./plugins/examples/prometheus-remote-write \
 *     --out prometheus-rw=http://localhost:8428/api/v1/write script.ts
 *
 * k6's `experimental-prometheus-rw` name works too, with k6's
 * K6_PROMETHEUS_RW_* variables. See README.md beside this file.
 */
import { defineOutput, type OutputPlugin } from 'llmload/plugin';
import { parseRwConfig } from './config.js';
import { RemoteWriteOutput } from './output.js';

function output(name: string): OutputPlugin {
  return defineOutput({
    apiVersion: 1,
    name,
    create: (ctx) => new RemoteWriteOutput(name, ctx, parseRwConfig(name, ctx.arg, ctx.env)),
  });
}

/** `--out prometheus-rw[=URL]`, and k6's name for the same output. */
export default [output('prometheus-rw'), output('experimental-prometheus-rw')];
